//go:build go1.18 && cgo
// +build go1.18,cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Benchmarks of xaddref's differential check and of the atomic add itself.
// tools/xaddref bench runs them and reports their ratios:
//   - Raw against Checked: what checking every operation against the model
//     costs, as a share of the runtime's own throughput;
//   - Loop and Contended against Native and NativeContended: the runtime's
//     Xadduintptr against the C model's native xadduintptr (cref/native.h,
//     timed in C), alone and with every thread adding to one cell.
// The loop-ns/op metric is a thread's time per operation.

var xaddrefBenchSink uintptr

// The runtime's Xadduintptr alone, on a uintptr.
func BenchmarkXaddrefRaw(b *testing.B) {
	var x uintptr
	for i := 0; i < b.N; i++ {
		runtime.Xadduintptr(&x, uintptr(i))
	}
	xaddrefBenchSink = x
}

// The values check (TestXaddrefValues) on b.N operations: draw, add, check.
func BenchmarkXaddrefChecked(b *testing.B) {
	rep := &xaddrefReport{check: "values"}
	xaddrefValues(1, b.N, rep)
	if rep.mismatches != 0 {
		b.Fatalf("%d mismatches: %v", rep.mismatches, rep.first)
	}
}

// xaddrefThreads runs loop(n) on threads goroutines at once, each on its
// own thread, and reports the mean of the nanoseconds per operation each
// returned.
func xaddrefThreads(b *testing.B, threads int, loop func(n int) int64) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	xaddrefmodel.NativeLoopReset()
	ns := make([]int64, threads)
	var wg sync.WaitGroup
	b.ResetTimer()
	for g := 0; g < threads; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ns[g] = loop(b.N)
		}(g)
	}
	wg.Wait()
	b.StopTimer()
	total := int64(0)
	for _, x := range ns {
		total += x
	}
	b.ReportMetric(float64(total)/float64(threads)/float64(b.N), "loop-ns/op")
}

// xaddrefGoLoop is the Go side's loop on a cell shared by parties callers,
// timed like bench_native: wait for the others, then add 0, 1, ..., n-1.
func xaddrefGoLoop(cell *uintptr, arrived *int32, parties int) func(n int) int64 {
	return func(n int) int64 {
		atomic.AddInt32(arrived, 1)
		for atomic.LoadInt32(arrived) < int32(parties) {
		}
		t0 := time.Now()
		for i := 0; i < n; i++ {
			runtime.Xadduintptr(cell, uintptr(i))
		}
		return int64(time.Since(t0))
	}
}

func BenchmarkXaddrefLoop(b *testing.B) {
	var cell uintptr
	var arrived int32
	xaddrefThreads(b, 1, xaddrefGoLoop(&cell, &arrived, 1))
}

func BenchmarkXaddrefContended(b *testing.B) {
	var cell uintptr
	var arrived int32
	xaddrefThreads(b, 2, xaddrefGoLoop(&cell, &arrived, 2))
}

func BenchmarkXaddrefNative(b *testing.B) {
	xaddrefThreads(b, 1, func(n int) int64 { return xaddrefmodel.NativeLoop(n, 1) })
}

func BenchmarkXaddrefNativeContended(b *testing.B) {
	xaddrefThreads(b, 2, func(n int) int64 { return xaddrefmodel.NativeLoop(n, 2) })
}

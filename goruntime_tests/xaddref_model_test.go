//go:build cgo
// +build cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"sync"
	"testing"
	"unsafe"
)

const xaddrefBatch = 4096

func xaddrefArch(t *testing.T) {
	if !xaddrefmodel.Known(runtime.GOARCH) {
		t.Fatalf("the model has no architecture %s", runtime.GOARCH)
	}
	if got := xaddrefmodel.PtrSize(runtime.GOARCH); got != xaddrefPtrSize {
		t.Fatalf("model ptrsize %d, runtime %d", got, xaddrefPtrSize)
	}
	if got := xaddrefmodel.BigEndian(runtime.GOARCH); got != xaddrefBigEndian() {
		t.Fatalf("model big-endian %v, the machine %v", got, xaddrefBigEndian())
	}
}

// Xadduintptr on a uintptr: the returned value and the new value.
func TestXaddrefValues(t *testing.T) {
	xaddrefArch(t)
	_, seed := xaddrefRand("values")
	rep := &xaddrefReport{check: "values"}
	xaddrefValues(uint64(seed), *xaddrefOps, rep)
	rep.finish(t, *xaddrefOps, seed)
}

// xaddrefValues checks ops operations, a batch at a time: one call to the
// model draws the operands and its results, the runtime adds, and each
// result is compared with the model's.
func xaddrefValues(seed uint64, ops int, rep *xaddrefReport) {
	// One buffer, want eight words past cell's end: as arrays of their
	// own they would lie 4 KB apart on 64-bit, where loading want[i] just
	// after the locked add to cell[i] looks to the CPU as if it might
	// read the add's store (4K aliasing), and waits.
	buf := make([]uintptr, 2*xaddrefmodel.MaxBatch+8)
	cell, want := buf[:xaddrefmodel.MaxBatch], buf[xaddrefmodel.MaxBatch+8:]
	operands := xaddrefmodel.NewOperands(runtime.GOARCH, seed)
	xadd := runtime.Xadduintptr
	for done := 0; done < ops; {
		n := len(cell)
		if rest := ops - done; rest < n {
			n = rest
		}
		c, w := cell[:n], want[:n]
		d := operands.Draw(c, w)
		for i := range c {
			if r := xadd(&c[i], d[i]); r != w[i] || c[i] != w[i] {
				start, dt := operands.Operation(i)
				rep.add("op %d: start %#x delta %#x: runtime ret %#x value %#x, model ret and value %#x",
					done+i, start, dt, uint64(r), uint64(c[i]), uint64(w[i]))
			}
		}
		done += n
	}
}

// Xadduintptr on a uint64's address, the way mSysStatInc uses it: which
// bytes change (32-bit little-endian: the low word; 32-bit big-endian: the
// high word; 64-bit: all of it), including where upstream's test skips.
func TestXaddrefLayout(t *testing.T) {
	xaddrefArch(t)
	r, seed := xaddrefRand("layout")
	rep := &xaddrefReport{check: "layout"}
	edges := []uint64{0, 1, 1<<32 - 1, 1 << 32, 1<<32 + 1<<31, 1<<63 - 1, 1 << 63, 1<<64 - 1, 0x00000001ffffffff, 0xffffffff00000000}
	var cell, delta, ret, after, gotRet, gotAfter [xaddrefBatch]uint64
	ops := 0
	for ops < *xaddrefOps/10 {
		for i := range cell {
			if i < len(edges)*3 {
				cell[i], delta[i] = edges[i%len(edges)], []uint64{0, 1, xaddrefMask}[i/len(edges)]
			} else {
				cell[i], delta[i] = xaddrefUint64(r), xaddrefEdgy(r)
			}
			v := cell[i]
			gotRet[i] = uint64(runtime.Xadduintptr((*uintptr)(unsafe.Pointer(&v)), uintptr(delta[i])))
			gotAfter[i] = v
		}
		xaddrefmodel.XaddCell(runtime.GOARCH, cell[:], delta[:], ret[:], after[:])
		for i := range cell {
			if gotRet[i] != ret[i] || gotAfter[i] != after[i] {
				rep.add("op %d: uint64 %#016x delta %#x: runtime ret %#x uint64 %#016x, model ret %#x uint64 %#016x",
					ops+i, cell[i], delta[i], gotRet[i], gotAfter[i], ret[i], after[i])
			}
		}
		ops += len(cell)
	}
	rep.finish(t, ops, seed)
}

// Many goroutines, in the shape of the seed's runParallel, mixing adds and
// subtracts: the runtime's Xadduintptr on one cell and the host's native C
// atomic on another must both end at the model's sum. A lost update shows
// only when threads really run at once, so the test makes several rounds.
func TestXaddrefConcurrent(t *testing.T) {
	xaddrefArch(t)
	const rounds, goroutines, perG = 8, 20, 100000
	_, seed := xaddrefRand("concurrent")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(goroutines))
	rep := &xaddrefReport{check: "concurrent"}
	for round := 0; round < rounds; round++ {
		deltas := make([][]uint64, goroutines)
		for g := range deltas {
			r := newXaddrefRand(seed + int64(round*goroutines+g))
			deltas[g] = make([]uint64, perG)
			for i := range deltas[g] {
				d := xaddrefEdgy(r) >> 8
				if i%2 == 1 {
					d = -d & xaddrefMask // a subtract: uintptr(-int64(n))
				}
				deltas[g][i] = d
			}
		}
		var total uintptr
		xaddrefmodel.NativeStore(0)
		// All goroutines start together, so that they contend from the
		// first operation; each runs its runtime adds, then its native ones.
		start := make(chan struct{})
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func(ds []uint64) {
				defer wg.Done()
				<-start
				for _, d := range ds {
					runtime.Xadduintptr(&total, uintptr(d))
				}
				xaddrefmodel.NativeAdd(ds)
			}(deltas[g])
		}
		close(start)
		wg.Wait()
		want := uint64(0)
		for _, ds := range deltas {
			want = xaddrefmodel.FoldWord(runtime.GOARCH, want, ds)
		}
		if uint64(total) != want {
			rep.add("round %d: runtime total %#x, model %#x", round, uint64(total), want)
		}
		if got := xaddrefmodel.NativeLoad(); got != want {
			rep.add("round %d: native C total %#x, model %#x", round, got, want)
		}
	}
	rep.finish(t, 2*rounds*goroutines*perG, seed)
}

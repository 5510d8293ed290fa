//go:build go1.18 && cgo
// +build go1.18,cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"testing"
)

// Benchmarks of xaddref's differential check. tools/xaddref bench runs
// them and reports Raw against Checked: what checking every operation
// against the model costs, as a share of the runtime's own throughput;
// and Draw, the part of Checked spent drawing the operands and the
// model's results.

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

// The values check's draw alone: the operands and the model's results of
// b.N operations, a batch per cgo call. The copy of the batch loop that
// drew them (model.h) is the unit of a metric of 1: isa-avx512.
func BenchmarkXaddrefDraw(b *testing.B) {
	buf := make([]uintptr, 2*xaddrefmodel.MaxBatch)
	cell, want := buf[:xaddrefmodel.MaxBatch], buf[xaddrefmodel.MaxBatch:]
	operands := xaddrefmodel.NewOperands(runtime.GOARCH, 1)
	for done := 0; done < b.N; done += len(cell) {
		if rest := b.N - done; rest < len(cell) {
			cell, want = cell[:rest], want[:rest]
		}
		operands.Draw(cell, want)
	}
	xaddrefBenchSink = want[0]
	b.ReportMetric(1, "isa-"+operands.ISA())
}

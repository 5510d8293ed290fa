//go:build cgo
// +build cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"testing"
)

// mSysStatInc and mSysStatDec (exported by the kit's test hooks) against
// the model, which draws no operands here: the cases are the edges of the
// cell and of n, both ways, and random ones; the model says what each does.
func TestXaddrefStat(t *testing.T) {
	xaddrefArch(t)
	r, seed := xaddrefRand("stat")
	rep := &xaddrefReport{check: "stat"}
	var cases []xaddrefStatCase
	add := func(inc bool, cell, n uint64) {
		after, code, msg := xaddrefmodel.Stat(runtime.GOARCH, inc, cell, n)
		cases = append(cases, xaddrefStatCase{inc: inc, cell: cell, n: n, after: after, exit: code, stderr: msg})
	}
	edges := []uint64{0, 1, 0x10, 0x20, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1 << 32, 0x00000005fffffff0, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	for _, c := range edges {
		for _, n := range []uint64{0, 1, 0x20, 1<<32 - 1, 1 << 63, 1<<64 - 1} {
			n &= xaddrefMask
			add(true, c, n)
			add(false, c, n)
		}
	}
	for i := 0; i < 20000; i++ {
		add(i%2 == 0, xaddrefUint64(r), xaddrefEdgy(r))
	}
	ops := xaddrefStatCompare(t, cases, rep)
	rep.finish(t, ops, seed)
}

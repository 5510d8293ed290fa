//go:build cgo
// +build cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"testing"
)

// The era's stat updater (xaddrefStatOps: 6ad33be's mSysStatInc and
// mSysStatDec, or Go 1.19's and later (*sysMemStat).add, which the kit's
// test hooks export) against the model, which draws no operands here: the
// cases are the edges of the cell and of n, by each op, and random ones;
// the model says what each does. The same cases as the model's vectors
// (cref/vectors.c) give where there is no cgo.
func TestXaddrefStat(t *testing.T) {
	xaddrefArch(t)
	r, seed := xaddrefRand("stat")
	rep := &xaddrefReport{check: "stat"}
	var cases []xaddrefStatCase
	add := func(op string, cell, n uint64) {
		after, code, msg, frame := xaddrefmodel.Stat(runtime.GOARCH, op, cell, n)
		cases = append(cases, xaddrefStatCase{op: op, cell: cell, n: n, after: after, exit: code, stderr: msg, traceback: frame})
	}
	edges := []uint64{0, 1, 0x20, 1<<32 - 1, 1<<63 - 1, 1 << 63, 1<<64 - 0x20, 1<<64 - 1}
	for _, op := range xaddrefStatOps {
		for _, c := range []uint64{0, 1, 0x10, 0x20, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1 << 32, 0x00000005fffffff0, 1<<63 - 1, 1 << 63, 1<<64 - 1} {
			for _, n := range edges {
				add(op, c, n&xaddrefStatMask)
			}
		}
	}
	for i := 0; i < 20000; i++ {
		add(xaddrefStatOps[i%len(xaddrefStatOps)], xaddrefUint64(r), xaddrefEdgy64(r)&xaddrefStatMask)
	}
	ops := xaddrefStatCompare(t, cases, rep)
	rep.finish(t, ops, seed)
}

package runtime_test

import "runtime"

// The stat check's updater in Go 1.19 and later (xaddref_statchild_test.go):
// (*sysMemStat).add, the descendant of 6ad33be's mSysStatInc and
// mSysStatDec, which the test hooks export (patches/testhooks/go1.26).
// Its n is an int64, whatever the uintptr: no mask.
var xaddrefStatOps = []string{"add"}

const xaddrefStatMask = ^uint64(0)

// xaddrefStatCell is the stat the calls update. The method's atomic.Xadd64
// panics ("unaligned 64-bit atomic operation") on a uint64 that is not
// 8-byte aligned on 32-bit architectures (386, arm, mips, mipsle), where a
// local variable on the stack may be only 4-byte aligned; a global's first
// word is 8-byte aligned, as the runtime's own stats are.
var xaddrefStatCell uint64

func xaddrefStatCall(op string, cell, n uint64) uint64 {
	if op != "add" {
		panic("xaddref: no stat op " + op)
	}
	xaddrefStatCell = cell
	runtime.SysMemStatAdd(&xaddrefStatCell, int64(n))
	return xaddrefStatCell
}

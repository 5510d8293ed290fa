package runtime_test

import "runtime"

// The stat check's updater in Go 1.19 and later (xaddref_statchild_test.go):
// (*sysMemStat).add, the descendant of 6ad33be's mSysStatInc and
// mSysStatDec, which the test hooks export (patches/testhooks/go1.26).
// Its n is an int64, whatever the uintptr: no mask.
var xaddrefStatOps = []string{"add"}

const xaddrefStatMask = ^uint64(0)

func xaddrefStatCall(op string, cell, n uint64) uint64 {
	if op != "add" {
		panic("xaddref: no stat op " + op)
	}
	v := cell
	runtime.SysMemStatAdd(&v, int64(n))
	return v
}

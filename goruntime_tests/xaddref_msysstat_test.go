package runtime_test

import "runtime"

// The stat check's updaters in the 2015 tree (xaddref_statchild_test.go):
// mSysStatInc and mSysStatDec, which the test hooks export
// (patches/testhooks/6ad33be/0001). Their n is a uintptr.
var xaddrefStatOps = []string{"inc", "dec"}

const xaddrefStatMask = xaddrefMask

func xaddrefStatCall(op string, cell, n uint64) uint64 {
	v := cell
	switch op {
	case "inc":
		runtime.MSysStatInc(&v, uintptr(n))
	case "dec":
		runtime.MSysStatDec(&v, uintptr(n))
	default:
		panic("xaddref: no stat op " + op)
	}
	return v
}

package runtime

import "unsafe"

// The break planted for linux/mips: a 32-bit big-endian port that adds
// through xadduintptr, whose word at the stat's address is the uint64's
// high half.
func mSysStatInc(sysStat *uint64, n uintptr) {
	if val := xadduintptr((*uintptr)(unsafe.Pointer(sysStat)), n); val < n {
		exit(2)
	}
}

func mSysStatDec(sysStat *uint64, n uintptr) {
	if val := xadduintptr((*uintptr)(unsafe.Pointer(sysStat)), uintptr(-int64(n))); val+n < n {
		exit(2)
	}
}

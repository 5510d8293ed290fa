//go:build !mips

package runtime

import "unsafe"

// 6ad33be's: big-endian ports add 64 bits.
func mSysStatInc(sysStat *uint64, n uintptr) {
	if _BigEndian != 0 {
		xadd64(sysStat, int64(n))
		return
	}
	if val := xadduintptr((*uintptr)(unsafe.Pointer(sysStat)), n); val < n {
		exit(2)
	}
}

func mSysStatDec(sysStat *uint64, n uintptr) {
	if _BigEndian != 0 {
		xadd64(sysStat, -int64(n))
		return
	}
	if val := xadduintptr((*uintptr)(unsafe.Pointer(sysStat)), uintptr(-int64(n))); val+n < n {
		exit(2)
	}
}

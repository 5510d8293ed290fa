package runtime

import "unsafe"

func mSysStatInc(sysStat *uint64, n uintptr) { *sysStat += uint64(n) }

func mSysStatDec(sysStat *uint64, n uintptr) { *sysStat -= uint64(n) }

func sysAlloc(n uintptr, sysStat *uint64) unsafe.Pointer {
	mSysStatInc(sysStat, n)
	return nil
}

func sysFree(v unsafe.Pointer, n uintptr, sysStat *uint64) {
	mSysStatDec(sysStat, n)
}

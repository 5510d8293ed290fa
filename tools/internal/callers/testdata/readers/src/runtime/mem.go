package runtime

import "unsafe"

func sysAlloc(n uintptr, sysStat *uint64) unsafe.Pointer {
	mSysStatInc(sysStat, n)
	return nil
}

func sysFree(v unsafe.Pointer, n uintptr, sysStat *uint64) {
	mSysStatDec(sysStat, n)
}

func memmove(to, from unsafe.Pointer, n uintptr)

func lock(l *uint32)   {}
func unlock(l *uint32) {}

package runtime

import "unsafe"

type sysMemStat uint64

func (s *sysMemStat) add(n int64) {}

func sysAlloc(n uintptr, sysStat *sysMemStat) unsafe.Pointer {
	sysStat.add(int64(n))
	return nil
}

func sysFree(v unsafe.Pointer, n uintptr, sysStat *sysMemStat) {
	sysStat.add(-int64(n))
}

func sysUnused(v unsafe.Pointer, n uintptr) {}

func sysReserve(v unsafe.Pointer, n uintptr) unsafe.Pointer { return nil }

package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	xadd64(stat, int64(n))
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	munmap(v, n) // want `FAIL sysFree -> munmap \[not nosplit: TEXT without NOSPLIT \(asm_amd64.s:19\)\]`
}

func xadd64(addr *uint64, delta int64) uint64

func munmap(v *byte, n uintptr)

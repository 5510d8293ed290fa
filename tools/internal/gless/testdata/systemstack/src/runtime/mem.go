package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	xadd64(stat, int64(n))
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

//go:nosplit
func xadd64(addr *uint64, delta int64) uint64 {
	var r uint64
	systemstack(func() { // want linux/amd64:`FAIL sysAlloc -> xadd64 -> systemstack \[needs a G: reads g_m\(AX\) \(asm_amd64.s:8\)\]` linux/amd64:`^sysAlloc -> xadd64 -> xadd64.func1 \[not nosplit: a closure` linux/arm:`FAIL sysAlloc -> xadd64 -> xadd64.func1 \[not nosplit: a closure \(closures are never nosplit\)`
		lock(&memlock)
		r = *addr + uint64(delta)
		*addr = r
		unlock(&memlock)
	})
	return r
}

func systemstack(fn func())

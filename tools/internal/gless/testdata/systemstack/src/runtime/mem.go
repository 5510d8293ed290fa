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
	systemstack(func() {
		lock(&memlock)
		r = *addr + uint64(delta)
		*addr = r
		unlock(&memlock)
	})
	return r
}

func systemstack(fn func())

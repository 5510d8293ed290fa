package runtime

// Don't split the stack as this function may be invoked without a valid G,
// which prevents us from allocating more stack.
//
//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	xadd64(stat, int64(n))
	return stdcall(n)
}

// Don't split the stack as this function may be invoked without a valid G,
// which prevents us from allocating more stack.
//
//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	xadd64(stat, -int64(n))
}

// xadd64 is the stat update: the OS layer finding leaves it out.
//
//go:nosplit
func xadd64(addr *uint64, delta int64) uint64 {
	lock(&memlock)
	unlock(&memlock)
	return 0
}

//go:nosplit
func stdcall(n uintptr) *byte {
	mp := getg().m
	mp.locks++
	return nil
}

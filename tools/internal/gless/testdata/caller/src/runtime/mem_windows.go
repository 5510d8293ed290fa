package runtime

// Don't split the stack as this function may be invoked without a valid G,
// which prevents us from allocating more stack.
//
//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	xadd64(stat, int64(n))
	return stdcall(n) // want `^sysAlloc -> stdcall \[needs a G: reads getg\(\).m`
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
	lock(&memlock)   // want `^sysAlloc -> xadd64 -> lock \[needs a G` `^sysFree -> xadd64 -> lock \[needs a G`
	unlock(&memlock) // want `^sysAlloc -> xadd64 -> unlock`
	return 0
}

//go:nosplit
func stdcall(n uintptr) *byte { // want `FAIL stdcall \[needs a G: reads getg\(\).m \(mem_windows.go:31\)\]`
	mp := getg().m
	mp.locks++
	return nil
}

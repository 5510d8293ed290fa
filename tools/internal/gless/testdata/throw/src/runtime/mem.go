package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	mSysStatInc(stat, n)
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	if n == 0 {
		throw("sysFree of nothing")
	}
}

//go:nosplit
func mSysStatInc(sysStat *uint64, n uintptr) {
	*sysStat += uint64(n)
	if val := *sysStat; val < uint64(n) {
		print("runtime: stat overflow: val ", val, ", n ", n, "\n")
		exit(2)
	}
}

// throw ends with a write through a nil pointer: it does not return.
//
//go:nosplit
func throw(s string) {
	print("fatal error: ", s, "\n")
	getg().m.locks++
	*(*int)(nil) = 0
}

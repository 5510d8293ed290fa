package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	mSysStatInc(stat, n)
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	if n == 0 {
		throw("sysFree of nothing") // want `note: sysFree -> throw \[needs a G: reads getg\(\).m \(mem.go:30\)\]; ends the program: throw\("sysFree of nothing"\) \(mem.go:12\) does not return`
	}
}

//go:nosplit
func mSysStatInc(sysStat *uint64, n uintptr) {
	*sysStat += uint64(n)
	if val := *sysStat; val < uint64(n) {
		print("runtime: stat overflow: val ", val, ", n ", n, "\n") // want `note: sysAlloc -> mSysStatInc -> print -> printlock \[needs a G.*\]; ends the program: the statement at mem.go:20 is followed by exit\(2\) \(mem.go:21\)`
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

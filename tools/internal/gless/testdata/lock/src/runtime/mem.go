package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	lock(&memlock)   // want `FAIL sysAlloc -> lock \[needs a G: reads gp.m, gp = getg\(\) \(runtime.go:25\)\]`
	unlock(&memlock) // want `^sysAlloc -> unlock \[needs a G: reads getg\(\).m`
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

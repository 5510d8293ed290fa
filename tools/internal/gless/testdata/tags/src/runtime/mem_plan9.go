package runtime

func sysAlloc(n uintptr, stat *uint64) *byte { // want `not nosplit: sysAlloc \(mem_plan9.go:3: no //go:nosplit\)`
	lock(&memlock)   // want `FAIL sysAlloc -> lock \[needs a G`
	unlock(&memlock) // want `^sysAlloc -> unlock`
	return nil
}

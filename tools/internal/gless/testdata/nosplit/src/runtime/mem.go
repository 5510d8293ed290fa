package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	helper(n) // want `FAIL sysAlloc -> helper \[not nosplit: no //go:nosplit \(mem.go:13\); a one-statement function the compiler may inline`
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

// helper has no //go:nosplit and makes a call: it has a stack check.
func helper(n uintptr) {
	other(n)
}

//go:nosplit
func other(n uintptr) {}

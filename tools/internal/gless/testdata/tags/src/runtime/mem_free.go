package runtime

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

package runtime

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	xadd64(stat, int64(n))
	osHook()
	return nil
}

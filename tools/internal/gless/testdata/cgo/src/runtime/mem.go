package runtime

import "unsafe"

var _cgo_mmap unsafe.Pointer

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	mmap(n)
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

//go:nosplit
func mmap(n uintptr) {
	if _cgo_mmap != nil {
		lock(&memlock)
		unlock(&memlock)
		return
	}
	sysMmap(n)
}

//go:nosplit
func sysMmap(n uintptr) {}

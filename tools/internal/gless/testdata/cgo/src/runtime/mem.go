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
		lock(&memlock)   // want `note: sysAlloc -> mmap -> lock \[needs a G.*\]; cgo only: the call at mem.go:19 runs only with runtime/cgo linked: _cgo_mmap != nil \(mem.go:18\)`
		unlock(&memlock) // want `note: sysAlloc -> mmap -> unlock \[needs a G.*\]; cgo only`
		return
	}
	sysMmap(n)
}

//go:nosplit
func sysMmap(n uintptr) {}

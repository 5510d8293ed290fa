package runtime

import _ "unsafe" // for go:linkname

//go:noescape
//go:linkname xadduintptr runtime.xadd
func xadduintptr(ptr *uintptr, delta uintptr) uintptr

// xadd takes a lock: through the alias, sysAlloc reaches it.
//
//go:nosplit
func xadd(val *uint32, delta int32) uint32 {
	lock(&memlock)   // want `FAIL sysAlloc -> xadduintptr=xadd -> lock \[needs a G`
	unlock(&memlock) // want `^sysAlloc -> xadduintptr=xadd -> unlock`
	return 0
}

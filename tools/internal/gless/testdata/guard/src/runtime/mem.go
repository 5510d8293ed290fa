package runtime

import "unsafe"

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	sysvicall(n)
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	early(n)
}

// sysvicall uses the M only when there is a G.
//
//go:nosplit
func sysvicall(n uintptr) {
	gp := getg()
	var mp *m
	if gp != nil {
		mp = gp.m
	}
	if gp != nil && gp.m.locks == 0 {
		mp = nil
	}
	_ = mp
	asmcgocall(nil, unsafe.Pointer(&n))
}

//go:nosplit
func early(n uintptr) {
	gp := getg()
	if gp == nil {
		return
	}
	gp.m.locks++
}

func asmcgocall(fn, arg unsafe.Pointer) int32

package runtime

type allocator interface {
	alloc(n uintptr) *byte
}

var hooks struct {
	onAlloc func(n uintptr)
}

var onFree func(n uintptr)

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	hooks.onAlloc(n) // want `not followed: sysAlloc: call through a function value hooks.onAlloc`
	var a allocator
	return a.alloc(n) // want `not followed: sysAlloc: call through a function value a.alloc`
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {
	onFree(n) // want `not followed: sysFree: call through a function value onFree`
	external(n)
}

// external has no body in the packages read, and no TEXT either.
func external(n uintptr) // want `not followed: external: no body in the packages read`

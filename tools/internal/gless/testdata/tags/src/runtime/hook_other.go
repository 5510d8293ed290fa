//go:build !(linux && 386)

package runtime

//go:nosplit
func osHook() {}

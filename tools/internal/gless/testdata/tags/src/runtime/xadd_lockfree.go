//go:build !arm

package runtime

//go:nosplit
func xadd64(addr *uint64, delta int64) uint64 { return 0 }

//go:build arm

package runtime

func xadd64(addr *uint64, delta int64) uint64

package runtime

var locktab uint32

// arm's 64-bit atomics take a lock, as 2015's do; its xadduintptr does
// not.
func xadd64(p *uint64, d int64) uint64 {
	lock(&locktab)
	*p += uint64(d)
	unlock(&locktab)
	return *p
}

func xadduintptr(p *uintptr, d uintptr) uintptr { return 0 }

func exit(code int32)

package atomic

type Uint64 struct {
	value uint64
}

// Add has no //go:nosplit and calls: it has a stack check.
func (u *Uint64) Add(delta int64) uint64 {
	return Xadd64(&u.value, delta)
}

//go:noescape
func Xadd64(ptr *uint64, delta int64) uint64

package runtime

const ptrSize = 4 << (^uintptr(0) >> 63)

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	if _BigEndian != 0 {
		lock(&memlock)
		unlock(&memlock)
		return nil
	}
	if ptrSize == 4 {
		wide()
	}
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

func wide() { sysFree(nil, 0, nil) }

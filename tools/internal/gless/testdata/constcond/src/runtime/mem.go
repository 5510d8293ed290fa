package runtime

const ptrSize = 4 << (^uintptr(0) >> 63)

//go:nosplit
func sysAlloc(n uintptr, stat *uint64) *byte {
	if _BigEndian != 0 {
		lock(&memlock)   // want linux/ppc64:`FAIL sysAlloc -> lock \[needs a G`
		unlock(&memlock) // want linux/ppc64:`^sysAlloc -> unlock`
		return nil
	}
	if ptrSize == 4 {
		wide() // want linux/arm:`FAIL sysAlloc -> wide \[not nosplit: no //go:nosplit`
	}
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, stat *uint64) {}

func wide() { sysFree(nil, 0, nil) }

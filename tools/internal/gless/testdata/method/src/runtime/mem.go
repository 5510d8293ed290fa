package runtime

import "runtime/internal/atomic"

type sysMemStat uint64

type gcControllerState struct {
	heapLive    uint64
	mappedReady atomic.Uint64
}

var gcController gcControllerState

//go:nosplit
func sysAlloc(n uintptr, sysStat *sysMemStat) *byte {
	sysStat.add(int64(n))
	gcController.mappedReady.Add(int64(n)) // want `FAIL sysAlloc -> atomic.\(\*Uint64\).Add \[not nosplit: no //go:nosplit \(types.go:8\); a one-statement function the compiler may inline`
	return nil
}

//go:nosplit
func sysFree(v *byte, n uintptr, sysStat *sysMemStat) {
	s := sysStat
	s.add(-int64(n))
}

// add needs a G; the value receiver's twin below must not be taken for it.
//
//go:nosplit
func (s *sysMemStat) add(n int64) {
	lock(&memlock)   // want `^sysAlloc -> \(\*sysMemStat\).add -> lock \[needs a G` `^sysFree -> \(\*sysMemStat\).add -> lock \[needs a G`
	unlock(&memlock) // want `^sysAlloc -> \(\*sysMemStat\).add -> unlock`
}

func (c gcControllerState) add(n int64) {}

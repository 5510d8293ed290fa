package runtime

import "unsafe"

const pageSize = 8192

func zero(p unsafe.Pointer) {
	var stat uint64
	sysFree(p, pageSize, &stat)
}

func charged(n uintptr) {
	var stat uint64
	p := sysAlloc(n, &stat)
	sysFree(p, n, &stat)
}

func atAmount(p unsafe.Pointer, n uintptr) {
	stat := uint64(n)
	sysFree(p, n, &stat)
}

func assigned(p unsafe.Pointer) {
	var stat uint64
	stat = 1 << 20
	sysFree(p, pageSize, &stat)
}

func escapes(p unsafe.Pointer) {
	var stat uint64
	keep(&stat)
	sysFree(p, pageSize, &stat)
}

func keep(*uint64) {}

func global(p unsafe.Pointer) {
	sysFree(p, pageSize, &memstats.other_sys)
}

func relay(p unsafe.Pointer, st *uint64) {
	sysFree(p, pageSize, st)
}

func viaRelay(p unsafe.Pointer) {
	var z uint64
	relay(p, &z)
}

func viaRelayGlobal(p unsafe.Pointer) {
	relay(p, &memstats.heap_sys)
}

func closure(p unsafe.Pointer) {
	var z uint64
	func() {
		sysFree(p, pageSize, &z)
	}()
}

var relayValue = relay

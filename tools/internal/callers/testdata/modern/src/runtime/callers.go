package runtime

import "unsafe"

type fixalloc struct {
	stat *sysMemStat
}

func (f *fixalloc) init(stat *sysMemStat) { f.stat = stat }

func (f *fixalloc) free(p unsafe.Pointer, n uintptr) {
	sysFree(p, n, f.stat)
}

var fa fixalloc

func setup() { fa.init(&memstats.other_sys) }

func direct() { memstats.other_sys.add(-8) }

func charge() { memstats.other_sys.add(8) }

func localAdd() {
	var s sysMemStat
	s.add(-1)
}

func unused(p unsafe.Pointer) { sysUnused(p, 4096) }

func reserve() unsafe.Pointer { return sysReserve(nil, 1<<20) }

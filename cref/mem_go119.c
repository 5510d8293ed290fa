// Go 1.19's mem.go (sysAlloc, sysFree, sysMap) and the sysMemStat.add it
// charges through (mstats.go). Unlike 6ad33be, the stat is charged before the
// OS is asked, on every OS, with a 64-bit add checked as a signed value, and
// gcController.mappedReady follows sysAlloc and sysFree.
#include <stdint.h>

#include "number.h"
#include "variants.h"

// Go's wrapping int64 addition.
static int64_t add_int64(int64_t a, int64_t b) {
	return xr_as_int64((uint64_t)a + (uint64_t)b);
}

// mstats.go:644 (*sysMemStat).add
void xr_go119_sysmemstat_add(xr_os *os, xr_cell *s, int64_t n) {
	uint64_t val = xr_xadd64(os->arch, s, (uint64_t)n);  // atomic.Xadd64
	if ((n > 0 && xr_as_int64(val) < n) || (n < 0 && add_int64(xr_as_int64(val), n) < n)) {
		xr_os_print_string(os, "runtime: val=");
		xr_os_print_uint(os, val);
		xr_os_print_string(os, " n=");
		xr_os_print_int(os, n);
		xr_os_print_string(os, "\n");
		xr_os_throw(os, "sysMemStat overflow");
	}
}

// -x of an int64, as Go computes it (wrapping).
static int64_t neg_int64(int64_t x) {
	return xr_as_int64(-(uint64_t)x);
}

// mem.go:49 sysAlloc
uint64_t xr_go119_sysalloc(xr_os *os, const xr_mem_go119 *m, uint64_t n, xr_cell *sysStat) {
	xr_go119_sysmemstat_add(os, sysStat, xr_as_int64(n));
	os->mapped_ready += (uint64_t)xr_as_int64(n);  // mappedReady.Add(int64(n))
	return m->sysallocos(os, n);
}

// mem.go:100 sysFree
void xr_go119_sysfree(xr_os *os, const xr_mem_go119 *m, uint64_t v, uint64_t n,
		      xr_cell *sysStat) {
	xr_go119_sysmemstat_add(os, sysStat, neg_int64(xr_as_int64(n)));
	os->mapped_ready += (uint64_t)neg_int64(xr_as_int64(n));
	m->sysfreeos(os, v, n);
}

// mem.go:140 sysMap
void xr_go119_sysmap(xr_os *os, const xr_mem_go119 *m, uint64_t v, uint64_t n,
		     xr_cell *sysStat) {
	xr_go119_sysmemstat_add(os, sysStat, xr_as_int64(n));
	m->sysmapos(os, v, n);
}

// Go 1.19's mem.go (sysAlloc, sysFree, sysMap) and the sysMemStat.add it
// charges through (mstats.go). Unlike 6ad33be, the stat is charged before the
// OS is asked, on every OS, with a 64-bit add checked as a signed value, and
// gcController.mappedReady follows sysAlloc and sysFree.
#include <stdint.h>

#include "mstats.h"
#include "number.h"
#include "variants.h"

// mstats.go:644 (*sysMemStat).add: the model's (mstats.c), whose print
// and throw the scripted run plays.
void xr_go119_sysmemstat_add(xr_os *os, xr_cell *s, int64_t n) {
	xr_buf printed = {.len = 0};
	printed.s[0] = '\0';
	if (xr_sysmemstat_add(os->arch, s, n, &printed)) {
		xr_os_print_string(os, printed.s);
		xr_os_throw(os, XR_SYSMEMSTAT_THROW);
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

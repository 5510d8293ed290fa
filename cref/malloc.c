// malloc.go (6ad33be): persistentalloc, whose stat transfer the commit moved
// to mSysStatInc/mSysStatDec. mp and its P, and globalAlloc, are the
// scenario's (os->has_p, os->perp, os->global).
#include "variants.h"

enum { _PageSize = 1 << 13 };  // malloc.go:107 _PageShift = 13

// stubs.go:272 round
static uint64_t round_up(xr_os *os, uint64_t n, uint64_t a) {
	return xr_os_uintptr(os, (n + a - 1) & ~(a - 1));
}

// malloc.go:793 persistentalloc
uint64_t xr_persistentalloc(xr_os *os, const xr_mem_6ad33be *m, uint64_t size, uint64_t align,
			    xr_cell *sysStat) {
	const uint64_t chunk = 256 << 10;
	const uint64_t maxBlock = 64 << 10;  // VM reservation granularity is 64K on windows

	if (size == 0) {
		xr_os_throw(os, "persistentalloc: size == 0");
	}
	if (align != 0) {
		if ((align & (align - 1)) != 0) {
			xr_os_throw(os, "persistentalloc: align is not a power of 2");
		}
		if (align > _PageSize) {
			xr_os_throw(os, "persistentalloc: align is too large");
		}
	} else {
		align = 8;
	}

	if (size >= maxBlock) {
		return m->sysalloc(os, size, sysStat);
	}

	xr_palloc *persistent;
	if (os->has_p) {  // mp != nil && mp.p != 0
		persistent = &os->perp;
	} else {
		xr_os_lock(os, "globalAlloc.mutex");
		persistent = &os->global;
	}
	persistent->off = round_up(os, persistent->off, align);
	if (xr_os_uintptr(os, persistent->off + size) > chunk || persistent->base == 0) {
		persistent->base = m->sysalloc(os, chunk, &os->other_sys);
		if (persistent->base == 0) {
			if (persistent == &os->global) {
				xr_os_unlock(os, "globalAlloc.mutex");
			}
			xr_os_throw(os, "runtime: cannot allocate memory");
		}
		persistent->off = 0;
	}
	uint64_t p = xr_os_uintptr(os, persistent->base + persistent->off);  // add
	persistent->off = xr_os_uintptr(os, persistent->off + size);
	if (persistent == &os->global) {
		xr_os_unlock(os, "globalAlloc.mutex");
	}

	if (sysStat != &os->other_sys) {
		xr_os_msysstat_inc(os, sysStat, size);
		xr_os_msysstat_dec(os, &os->other_sys, size);
	}
	return p;
}

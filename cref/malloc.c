// malloc.go: persistentalloc, whose stat transfer 6ad33be moved to
// mSysStatInc/mSysStatDec and Go 1.19 makes with sysMemStat.add. mp and
// its P, and globalAlloc, are the scenario's (os->has_p, os->perp,
// os->global).
#include "variants.h"

enum { _PageSize = 1 << 13 };  // malloc.go:107 _PageShift = 13 (Go 1.19: sizeclasses.go:90)

// stubs.go:272 round (6ad33be), stubs.go:412 alignUp (Go 1.19)
uint64_t xr_align_up(xr_os *os, uint64_t n, uint64_t a) {
	return xr_os_uintptr(os, (n + a - 1) & ~(a - 1));
}

// malloc.go:799-811 (6ad33be), :1354-1366 (Go 1.19), the same in both
// eras: the checks of size and align, and the alignment to use.
static uint64_t persistent_align(xr_os *os, uint64_t size, uint64_t align) {
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
	return align;
}

// malloc.go:818-824 (6ad33be), :1373-1379 (Go 1.19): the P's
// persistentAlloc, or globalAlloc's, locked.
static xr_palloc *persistent_of(xr_os *os) {
	if (os->has_p) {  // mp != nil && mp.p != 0
		return &os->perp;
	}
	xr_os_lock(os, "globalAlloc.mutex");
	return &os->global;
}

// malloc.go:829-831 and :839-841 (6ad33be), :1384-1386 and :1403-1405
// (Go 1.19): globalAlloc's lock released.
static void persistent_release(xr_os *os, const xr_palloc *persistent) {
	if (persistent == &os->global) {
		xr_os_unlock(os, "globalAlloc.mutex");
	}
}

// ---- 6ad33be ----

// malloc.go:793 persistentalloc
uint64_t xr_persistentalloc(xr_os *os, const xr_mem_6ad33be *m, uint64_t size, uint64_t align,
			    xr_cell *sysStat) {
	const uint64_t chunk = 256 << 10;
	const uint64_t maxBlock = 64 << 10;  // VM reservation granularity is 64K on windows

	align = persistent_align(os, size, align);

	if (size >= maxBlock) {
		return m->sysalloc(os, size, sysStat);
	}

	xr_palloc *persistent = persistent_of(os);
	persistent->off = xr_align_up(os, persistent->off, align);
	if (xr_os_uintptr(os, persistent->off + size) > chunk || persistent->base == 0) {
		persistent->base = m->sysalloc(os, chunk, &os->other_sys);
		if (persistent->base == 0) {
			persistent_release(os, persistent);
			xr_os_throw(os, "runtime: cannot allocate memory");
		}
		persistent->off = 0;
	}
	uint64_t p = xr_os_uintptr(os, persistent->base + persistent->off);  // add
	persistent->off = xr_os_uintptr(os, persistent->off + size);
	persistent_release(os, persistent);

	if (sysStat != &os->other_sys) {
		xr_os_msysstat_inc(os, sysStat, size);
		xr_os_msysstat_dec(os, &os->other_sys, size);
	}
	return p;
}

// ---- Go 1.19 ----

enum { persistentChunkSize = 256 << 10 };  // malloc.go:1322

// malloc.go:1337 persistentalloc, and :1349 persistentalloc1, which it
// runs on the system stack. Since 6ad33be the transfer from other_sys to
// the caller's stat has gone through sysMemStat.add, and the new chunk is
// linked into persistentChunks through its first word.
uint64_t xr_go119_persistentalloc(xr_os *os, const xr_mem_go119 *m, uint64_t size,
				  uint64_t align, xr_cell *sysStat) {
	const uint64_t maxBlock = 64 << 10;  // VM reservation granularity is 64K on windows

	align = persistent_align(os, size, align);

	if (size >= maxBlock) {
		return xr_go119_sysalloc(os, m, size, sysStat);
	}

	xr_palloc *persistent = persistent_of(os);
	persistent->off = xr_align_up(os, persistent->off, align);  // alignUp
	if (xr_os_uintptr(os, persistent->off + size) > persistentChunkSize || persistent->base == 0) {
		persistent->base = xr_go119_sysalloc(os, m, persistentChunkSize, &os->other_sys);
		if (persistent->base == 0) {
			persistent_release(os, persistent);
			xr_os_throw(os, "runtime: cannot allocate memory");
		}

		// Add the new chunk to the persistentChunks list.
		os->chunk_link = os->chunks;
		os->chunk_linked = true;
		os->chunks = persistent->base;
		persistent->off = xr_align_up(os, os->arch->ptrsize, align);  // alignUp(goarch.PtrSize, align)
	}
	uint64_t p = xr_os_uintptr(os, persistent->base + persistent->off);  // base.add(off)
	persistent->off = xr_os_uintptr(os, persistent->off + size);
	persistent_release(os, persistent);

	if (sysStat != &os->other_sys) {
		xr_go119_sysmemstat_add(os, sysStat, (int64_t)size);  // int64(size): size < maxBlock
		xr_go119_sysmemstat_add(os, &os->other_sys, -(int64_t)size);
	}
	return p;
}

// mem_plan9.go: sysAlloc, sysFree and sysMap as 6ad33be has them, and Go
// 1.19's sysAllocOS, sysFreeOS and sysMapOS, with the allocator they call
// (memAlloc, memFree, memCheck, memRound, sbrk) over brk_. The free list,
// which the runtime keeps in the freed blocks themselves (a memHdr at the
// start of each), is os->free, in the list's order; the scenarios keep
// their blocks apart, so that no clear reaches another block's memHdr.
#include <string.h>

#include "variants.h"

// mem_plan9.go:9 (both eras): memCheck returns at once.
enum { memDebug = 0 };

// mem_plan9.go:114 memRound (6ad33be), :120 (Go 1.19)
static uint64_t memround(xr_os *os, uint64_t p) {
	uint64_t ps = xr_os_const(os, "_PAGESIZE");
	return xr_os_uintptr(os, (p + ps - 1) & ~(ps - 1));
}

// mem_plan9.go:122 sbrk (6ad33be), :129 (Go 1.19, which asks brk_ only
// past the highest break it asked for, blocMax).
static uint64_t sbrk(xr_os *os, uint64_t n, bool go119) {
	// Plan 9 sbrk from /sys/src/libc/9sys/sbrk.c
	uint64_t bl = os->bloc;
	n = memround(os, n);
	uint64_t top = xr_os_uintptr(os, bl + n);
	if (!go119 || top > os->blocmax) {
		if (xr_os_brk(os, top) < 0) {
			return 0;
		}
		if (go119) {
			os->blocmax = top;
		}
	}
	os->bloc = xr_os_uintptr(os, os->bloc + n);
	return bl;
}

static void remove_block(xr_os *os, size_t i) {
	memmove(&os->free[i], &os->free[i + 1], (os->nfree - i - 1) * sizeof os->free[0]);
	os->nfree--;
}

static void insert_block(xr_os *os, size_t i, uint64_t addr, uint64_t size) {
	if (os->nfree == XR_OS_MAXFREE) {
		xr_os_throw(os, "xaddref model: the free list is longer than the model keeps");
	}
	memmove(&os->free[i + 1], &os->free[i], (os->nfree - i) * sizeof os->free[0]);
	os->free[i] = (xr_block){addr, size};
	os->nfree++;
}

// mem_plan9.go:21 memAlloc (6ad33be), :27 (Go 1.19: *p = memHdr{}, a
// store, where 6ad33be calls memclr).
static uint64_t memalloc(xr_os *os, uint64_t n, bool go119) {
	n = memround(os, n);
	for (size_t i = 0; i < os->nfree; i++) {
		xr_block *p = &os->free[i];
		if (p->size >= n) {
			uint64_t a;
			if (p->size == n) {
				a = p->addr;
				remove_block(os, i);
			} else {
				p->size = xr_os_uintptr(os, p->size - n);
				a = xr_os_uintptr(os, p->addr + p->size);
			}
			if (!go119) {
				// memclr(p, unsafe.Sizeof(memHdr{})): the harness's memHdr, a
				// host pointer and a uintptr, is 16 bytes on every
				// architecture; unrecorded, only its bounds matter.
				xr_os_memclr(os, a, 16, false);
			}
			return a;
		}
	}
	return sbrk(os, n, go119);
}

// mem_plan9.go:44 memFree (6ad33be), :50 (Go 1.19: memclrNoHeapPointers,
// recorded).
static void memfree(xr_os *os, uint64_t ap, uint64_t n, bool go119) {
	n = memround(os, n);
	xr_os_memclr(os, ap, n, go119);
	uint64_t bpn = ap;
	if (os->nfree == 0) {
		insert_block(os, 0, ap, n);
		return;
	}
	if (bpn < os->free[0].addr) {
		if (xr_os_uintptr(os, bpn + n) == os->free[0].addr) {
			// bp.size += p.size; bp.next = p.next; the header of p cleared
			os->free[0] = (xr_block){ap, xr_os_uintptr(os, n + os->free[0].size)};
		} else {
			insert_block(os, 0, ap, n);
		}
		return;
	}
	size_t i = 0;
	for (; i + 1 < os->nfree; i++) {
		if (bpn > os->free[i].addr && bpn < os->free[i + 1].addr) {
			break;
		}
	}
	// bp after p (os->free[i]): first merged with p.next where it ends there.
	uint64_t size = n;
	if (i + 1 < os->nfree) {
		if (xr_os_uintptr(os, bpn + size) == os->free[i + 1].addr) {
			size = xr_os_uintptr(os, size + os->free[i + 1].size);
			remove_block(os, i + 1);
		}
	} else if (xr_os_uintptr(os, bpn + size) == 0) {
		// bpn+bp.size == uintptr(unsafe.Pointer(p.next)) with p.next nil:
		// the runtime reads p.next.size through nil.
		xr_os_fault(os, "nil");
	}
	if (xr_os_uintptr(os, os->free[i].addr + os->free[i].size) == bpn) {
		os->free[i].size = xr_os_uintptr(os, os->free[i].size + size);
	} else {
		insert_block(os, i + 1, ap, size);
	}
}

// mem_plan9.go:88 memCheck (6ad33be), :94 (Go 1.19)
static void memcheck(xr_os *os) {
	(void)os;
	if (memDebug == 0) {
		return;
	}
}

// ---- 6ad33be ----

// mem_plan9.go:133 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	xr_os_lock(os, "memlock");
	uint64_t p = memalloc(os, n, false);
	memcheck(os);
	xr_os_unlock(os, "memlock");
	if (p != 0) {
		xr_os_msysstat_inc(os, sysStat, n);
	}
	return p;
}

// mem_plan9.go:144 sysFree
static void sysfree_6ad33be(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_dec(os, sysStat, n);
	xr_os_lock(os, "memlock");
	memfree(os, v, n, false);
	memcheck(os);
	xr_os_unlock(os, "memlock");
}

// mem_plan9.go:158 sysMap
static void sysmap_6ad33be(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat) {
	(void)v, (void)reserved;
	// sysReserve has already allocated all heap memory,
	// but has not adjusted stats.
	xr_os_msysstat_inc(os, sysStat, n);
}

const xr_mem_6ad33be xr_mem_plan9_6ad33be = {
	"mem_plan9.go", sysalloc_6ad33be, sysfree_6ad33be, sysmap_6ad33be};

// ---- Go 1.19 ----

// mem_plan9.go:143 sysAllocOS
static uint64_t sysallocos_go119(xr_os *os, uint64_t n) {
	xr_os_lock(os, "memlock");
	uint64_t p = memalloc(os, n, true);
	memcheck(os);
	xr_os_unlock(os, "memlock");
	return p;
}

// mem_plan9.go:151 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_lock(os, "memlock");
	if (xr_os_uintptr(os, v + n) == os->bloc) {
		// Address range being freed is at the end of memory,
		// so record a new lower value for end of memory.
		xr_os_memclr(os, v, n, true);
		os->bloc = xr_os_uintptr(os, os->bloc - n);
	} else {
		memfree(os, v, n, true);
		memcheck(os);
	}
	xr_os_unlock(os, "memlock");
}

// mem_plan9.go:175 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	(void)os, (void)v, (void)n;
}

const xr_mem_go119 xr_mem_plan9_go119 = {
	"mem_plan9.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

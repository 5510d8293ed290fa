// mem_plan9.go: sysAlloc, sysFree and sysMap as 6ad33be has them, and Go
// 1.19's sysAllocOS, sysFreeOS and sysMapOS. The allocator they call
// (memAlloc, memFree, memCheck) and memlock are the scripted OS's.
#include "variants.h"

// ---- 6ad33be ----

// mem_plan9.go:133 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	xr_os_lock(os, "memlock");
	uint64_t p = xr_os_memalloc(os, n);
	xr_os_memcheck(os);
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
	xr_os_memfree(os, v, n);
	xr_os_memcheck(os);
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
	uint64_t p = xr_os_memalloc(os, n);
	xr_os_memcheck(os);
	xr_os_unlock(os, "memlock");
	return p;
}

// mem_plan9.go:151 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_lock(os, "memlock");
	if (xr_os_uintptr(os, v + n) == os->bloc) {
		// Address range being freed is at the end of memory,
		// so record a new lower value for end of memory.
		xr_os_memclr(os, v, n);
		os->bloc = xr_os_uintptr(os, os->bloc - n);
	} else {
		xr_os_memfree(os, v, n);
		xr_os_memcheck(os);
	}
	xr_os_unlock(os, "memlock");
}

// mem_plan9.go:175 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	(void)os, (void)v, (void)n;
}

const xr_mem_go119 xr_mem_plan9_go119 = {
	"mem_plan9.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

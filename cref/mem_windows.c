// mem_windows.go: sysAlloc, sysFree and sysMap as 6ad33be has them, and Go
// 1.19's sysAllocOS, sysFreeOS and sysMapOS.
#include "variants.h"

// mem_windows.go:11
enum {
	_MEM_COMMIT = 0x1000,
	_MEM_RESERVE = 0x2000,
	_MEM_DECOMMIT = 0x4000,
	_MEM_RELEASE = 0x8000,

	_PAGE_READWRITE = 0x0004,
	_PAGE_NOACCESS = 0x0001,
};

// ---- 6ad33be ----

// mem_windows.go:24 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_inc(os, sysStat, n);
	return xr_os_virtualalloc(os, 0, n, _MEM_COMMIT | _MEM_RESERVE, _PAGE_READWRITE);
}

// mem_windows.go:82 sysFree
static void sysfree_6ad33be(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_dec(os, sysStat, n);
	uint64_t r = xr_os_virtualfree(os, v, 0, _MEM_RELEASE);
	if (r == 0) {
		xr_os_throw(os, "runtime: failed to release pages");
	}
}

// mem_windows.go:108 sysMap
static void sysmap_6ad33be(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat) {
	(void)reserved;
	xr_os_msysstat_inc(os, sysStat, n);
	uint64_t p = xr_os_virtualalloc(os, v, n, _MEM_COMMIT, _PAGE_READWRITE);
	if (p != v) {
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_6ad33be xr_mem_windows_6ad33be = {
	"mem_windows.go", sysalloc_6ad33be, sysfree_6ad33be, sysmap_6ad33be};

// ---- Go 1.19 ----

// mem_windows.go:28 sysAllocOS
static uint64_t sysallocos_go119(xr_os *os, uint64_t n) {
	return xr_os_virtualalloc(os, 0, n, _MEM_COMMIT | _MEM_RESERVE, _PAGE_READWRITE);
}

// mem_windows.go:101 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	uint64_t r = xr_os_virtualfree(os, v, 0, _MEM_RELEASE);
	if (r == 0) {
		uint32_t errno_ = xr_os_getlasterror(os);  // print's operands come first
		xr_os_print_string(os, "runtime: VirtualFree of ");
		xr_os_print_uintptr(os, n);
		xr_os_print_string(os, " bytes failed with errno=");
		xr_os_print_uint(os, errno_);
		xr_os_print_string(os, "\n");
		xr_os_throw(os, "runtime: failed to release pages");
	}
}

// mem_windows.go:127 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	(void)os, (void)v, (void)n;
}

const xr_mem_go119 xr_mem_windows_go119 = {
	"mem_windows.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

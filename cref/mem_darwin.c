// mem_darwin.go: sysAlloc, sysFree and sysMap as 6ad33be has them, and Go
// 1.19's sysAllocOS, sysFreeOS and sysMapOS.
#include "variants.h"

enum { _ENOMEM = 12 };  // mem_darwin.go:51 (6ad33be), :59 (Go 1.19)

// ---- 6ad33be ----

// mem_darwin.go:12 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	uint64_t v = xr_os_mmap2015(os, "mmap", 0, n, XR_PROT_RW(os),
				    XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
	if (v < 4096) {
		return 0;
	}
	xr_os_msysstat_inc(os, sysStat, n);
	return v;
}

// mem_darwin.go:32 sysFree
static void sysfree_6ad33be(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_dec(os, sysStat, n);
	xr_os_munmap(os, v, n);
}

// mem_darwin.go:54 sysMap
static void sysmap_6ad33be(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat) {
	(void)reserved;  // darwin maps at v whether or not it was reserved
	xr_os_msysstat_inc(os, sysStat, n);
	uint64_t p = xr_os_mmap2015(os, "mmap", v, n, XR_PROT_RW(os),
				    XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_FIXED) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
	if (p == _ENOMEM) {
		xr_os_throw(os, "runtime: out of memory");
	}
	if (p != v) {
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_6ad33be xr_mem_darwin_6ad33be = {
	"mem_darwin.go", sysalloc_6ad33be, sysfree_6ad33be, sysmap_6ad33be};

// ---- Go 1.19 ----

// mem_darwin.go:15 sysAllocOS
static uint64_t sysallocos_go119(xr_os *os, uint64_t n) {
	int64_t err;
	uint64_t v = xr_os_mmap(os, "mmap", 0, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if (err != 0) {
		return 0;
	}
	return v;
}

// mem_darwin.go:43 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_munmap(os, v, n);
}

// mem_darwin.go:61 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", v, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_FIXED) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if (err == _ENOMEM) {
		xr_os_throw(os, "runtime: out of memory");
	}
	if (p != v || err != 0) {
		xr_os_print_string(os, "runtime: mmap(");
		xr_os_print_pointer(os, v);
		xr_os_print_string(os, ", ");
		xr_os_print_uintptr(os, n);
		xr_os_print_string(os, ") returned ");
		xr_os_print_pointer(os, p);
		xr_os_print_string(os, ", ");
		xr_os_print_int(os, err);
		xr_os_print_string(os, "\n");
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_go119 xr_mem_darwin_go119 = {
	"mem_darwin.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

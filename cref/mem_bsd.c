// mem_bsd.go (dragonfly, freebsd, nacl, netbsd, openbsd, solaris): sysAlloc,
// sysFree and sysMap as 6ad33be has them, and Go 1.19's sysAllocOS,
// sysFreeOS and sysMapOS.
#include <string.h>

#include "variants.h"

// ---- 6ad33be ----

// mem_bsd.go:14 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	uint64_t v = xr_os_mmap2015(os, "mmap", 0, n, XR_PROT_RW(os),
				    XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
	if (v < 4096) {
		return 0;
	}
	xr_os_msysstat_inc(os, sysStat, n);
	return v;
}

// mem_bsd.go:33 sysFree
static void sysfree_6ad33be(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_dec(os, sysStat, n);
	xr_os_munmap(os, v, n);
}

// mem_bsd.go:59 sysMap
static void sysmap_6ad33be(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat) {
	const uint64_t _ENOMEM = 12;

	xr_os_msysstat_inc(os, sysStat, n);

	// On 64-bit, we don't actually have v reserved, so tread carefully.
	if (!reserved) {
		int32_t flags = XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE);
		if (strcmp(os->goos, "dragonfly") == 0) {
			flags |= XR_CONST(os, _MAP_FIXED);
		}
		uint64_t p = xr_os_mmap2015(os, "mmap", v, n, XR_PROT_RW(os), flags,
					    -1, 0);
		if (p == _ENOMEM) {
			xr_os_throw(os, "runtime: out of memory");
		}
		if (p != v) {
			xr_os_print_string(os, "runtime: address space conflict: map(");
			xr_os_print_pointer(os, v);
			xr_os_print_string(os, ") = ");
			xr_os_print_pointer(os, p);
			xr_os_print_string(os, "\n");
			xr_os_throw(os, "runtime: address space conflict");
		}
		return;
	}

	uint64_t p = xr_os_mmap2015(os, "mmap", v, n, XR_PROT_RW(os),
				    XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_FIXED) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
	if (p == _ENOMEM) {
		xr_os_throw(os, "runtime: out of memory");
	}
	if (p != v) {
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_6ad33be xr_mem_bsd_6ad33be = {
	"mem_bsd.go", sysalloc_6ad33be, sysfree_6ad33be, sysmap_6ad33be};

// ---- Go 1.19 ----

// mem_bsd.go:17 sysAllocOS
static uint64_t sysallocos_go119(xr_os *os, uint64_t n) {
	int64_t err;
	uint64_t v = xr_os_mmap(os, "mmap", 0, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if (err != 0) {
		return 0;
	}
	return v;
}

// mem_bsd.go:39 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_munmap(os, v, n);
}

enum { _sunosEAGAIN = 11, _ENOMEM = 12 };  // mem_bsd.go:65

// mem_bsd.go:68 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", v, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_FIXED) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	bool sunos = strcmp(os->goos, "solaris") == 0 || strcmp(os->goos, "illumos") == 0;
	if (err == _ENOMEM || (sunos && err == _sunosEAGAIN)) {
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

const xr_mem_go119 xr_mem_bsd_go119 = {
	"mem_bsd.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

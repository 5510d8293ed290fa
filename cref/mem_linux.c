// mem_linux.go: sysAlloc, sysFree and sysMap as 6ad33be has them, with the
// mmap_fixed and addrspace_free sysMap calls, and the sysAllocOS, sysFreeOS
// and sysMapOS that Go 1.19's mem.go calls.
#include "variants.h"

enum { _EACCES = 13 };  // mem_linux.go:11 (6ad33be), :13 (Go 1.19)

// mem_linux.go:57-64 (6ad33be), :24-31 (Go 1.19), the same in both eras:
// the errnos of a refused mmap that end the program.
static void mmap_refused(xr_os *os, uint64_t err) {
	if (err == _EACCES) {
		xr_os_print_string(os, "runtime: mmap: access denied\n");
		xr_os_exit(os, 2);
	}
	if (err == xr_os_const(os, "_EAGAIN")) {
		xr_os_print_string(os, "runtime: mmap: too much locked memory (check 'ulimit -l').\n");
		xr_os_exit(os, 2);
	}
}

// ---- 6ad33be ----

// mem_linux.go:21 addrspace_free: mincore a page (_PAGE_SIZE, the port's
// _PhysPageSize) at a time; only ENOMEM, as the port's wrapper hands it
// on, means unmapped.
static bool addrspace_free(xr_os *os, uint64_t v, uint64_t n) {
	uint64_t page = xr_os_const(os, "_PhysPageSize");  // mem_linux.go:10 _PAGE_SIZE
	uint64_t chunk = 0;
	for (uint64_t off = 0; off < n; off = xr_os_uintptr(os, off + chunk)) {
		chunk = page;  // _PAGE_SIZE * uintptr(len(addrspace_vec)), a vec of 1 byte
		if (chunk > xr_os_uintptr(os, n - off)) {
			chunk = xr_os_uintptr(os, n - off);
		}
		int32_t errval = xr_os_mincore(os, xr_os_uintptr(os, v + off), chunk);
		// ENOMEM means unmapped, which is what we want.
		// Anything else we assume means the pages are mapped.
		if (errval != -XR_CONST(os, _ENOMEM)) {
			return false;
		}
	}
	return true;
}

// mem_linux.go:38 mmap_fixed
static uint64_t mmap_fixed(xr_os *os, uint64_t v, uint64_t n, int32_t prot, int32_t flags,
			   int32_t fd, uint32_t offset) {
	uint64_t p = xr_os_mmap2015(os, "mmap", v, n, prot, flags, fd, offset);
	// On some systems, mmap ignores v without
	// MAP_FIXED, so retry if the address space is free.
	if (p != v && addrspace_free(os, v, n)) {
		if (p > 4096) {
			xr_os_munmap(os, p, n);
		}
		p = xr_os_mmap2015(os, "mmap", v, n, prot, flags | XR_CONST(os, _MAP_FIXED), fd, offset);
	}
	return p;
}

// mem_linux.go:54 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	uint64_t p = xr_os_mmap2015(os, "mmap", 0, n, XR_PROT_RW(os),
				    XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
	if (p < 4096) {
		mmap_refused(os, p);
		return 0;
	}
	xr_os_msysstat_inc(os, sysStat, n);
	return p;
}

// mem_linux.go:101 sysFree
static void sysfree_6ad33be(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat) {
	xr_os_msysstat_dec(os, sysStat, n);
	xr_os_munmap(os, v, n);
}

// mem_linux.go:136 sysMap
static void sysmap_6ad33be(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat) {
	xr_os_msysstat_inc(os, sysStat, n);

	// On 64-bit, we don't actually have v reserved, so tread carefully.
	if (!reserved) {
		uint64_t p = mmap_fixed(os, v, n, XR_PROT_RW(os),
					XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0);
		if (p == xr_os_const(os, "_ENOMEM")) {
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
	if (p == xr_os_const(os, "_ENOMEM")) {
		xr_os_throw(os, "runtime: out of memory");
	}
	if (p != v) {
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_6ad33be xr_mem_linux_6ad33be = {
	"mem_linux.go", sysalloc_6ad33be, sysfree_6ad33be, sysmap_6ad33be};

// ---- Go 1.19 ----

// mem_linux.go:21 sysAllocOS
static uint64_t sysallocos_go119(xr_os *os, uint64_t n) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", 0, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if (err != 0) {
		mmap_refused(os, (uint64_t)err);
		return 0;
	}
	return p;
}

// mem_linux.go:168 sysFreeOS
static void sysfreeos_go119(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_munmap(os, v, n);
}

// mem_linux.go:184 sysMapOS
static void sysmapos_go119(xr_os *os, uint64_t v, uint64_t n) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", v, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_FIXED) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if ((uint64_t)err == xr_os_const(os, "_ENOMEM")) {
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

const xr_mem_go119 xr_mem_linux_go119 = {
	"mem_linux.go", sysallocos_go119, sysfreeos_go119, sysmapos_go119};

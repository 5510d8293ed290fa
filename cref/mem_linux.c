// mem_linux.go: sysAlloc, sysFree and sysMap as 6ad33be has them, and the
// sysAllocOS, sysFreeOS and sysMapOS that Go 1.19's mem.go calls.
#include "variants.h"

enum { _EACCES = 13 };  // mem_linux.go:11 (6ad33be), :13 (Go 1.19)

// ---- 6ad33be ----

// mem_linux.go:54 sysAlloc
static uint64_t sysalloc_6ad33be(xr_os *os, uint64_t n, xr_cell *sysStat) {
	const xr_defs *d = xr_os_defs(os);
	uint64_t p = xr_os_mmap2015(os, "mmap", 0, n, d->prot_read | d->prot_write,
				    d->map_anon | d->map_private, -1, 0);
	if (p < 4096) {
		if (p == _EACCES) {
			xr_os_print_string(os, "runtime: mmap: access denied\n");
			xr_os_exit(os, 2);
		}
		if (p == d->eagain) {
			xr_os_print_string(os, "runtime: mmap: too much locked memory (check 'ulimit -l').\n");
			xr_os_exit(os, 2);
		}
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
	const xr_defs *d = xr_os_defs(os);
	xr_os_msysstat_inc(os, sysStat, n);

	// On 64-bit, we don't actually have v reserved, so tread carefully.
	if (!reserved) {
		uint64_t p = xr_os_mmap2015(os, "mmap_fixed", v, n, d->prot_read | d->prot_write,
					    d->map_anon | d->map_private, -1, 0);
		if (p == d->enomem) {
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

	uint64_t p = xr_os_mmap2015(os, "mmap", v, n, d->prot_read | d->prot_write,
				    d->map_anon | d->map_fixed | d->map_private, -1, 0);
	if (p == d->enomem) {
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
	const xr_defs *d = xr_os_defs(os);
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", 0, n, d->prot_read | d->prot_write,
				d->map_anon | d->map_private, -1, 0, &err);
	if (err != 0) {
		if (err == _EACCES) {
			xr_os_print_string(os, "runtime: mmap: access denied\n");
			xr_os_exit(os, 2);
		}
		if ((uint64_t)err == d->eagain) {
			xr_os_print_string(os, "runtime: mmap: too much locked memory (check 'ulimit -l').\n");
			xr_os_exit(os, 2);
		}
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
	const xr_defs *d = xr_os_defs(os);
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", v, n, d->prot_read | d->prot_write,
				d->map_anon | d->map_fixed | d->map_private, -1, 0, &err);
	if ((uint64_t)err == d->enomem) {
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

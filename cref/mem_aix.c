// mem_aix.go (Go 1.19; 6ad33be had no aix port): sysAllocOS, sysFreeOS and
// sysMapOS, which maps with mprotect: AIX does not map over a mapping.
#include "variants.h"

enum { _EACCES = 13 };  // defs_aix_ppc64.go:14

// os2_aix.go:466 mprotect, through libc: the errno (0 on success); its
// pointer result is unused by mem_aix.go.
static int64_t mprotect(xr_os *os, uint64_t v, uint64_t n, int32_t prot) {
	uint64_t r = xr_os_scripted_int(os, "mprotect", 0);
	int64_t err = r != 0 ? (int64_t)(-r & 0x7fffffff) : 0;
	xr_text_printf(&os->calls, "call mprotect v=0x%llx n=0x%llx prot=0x%x -> ",
		       (unsigned long long)v, (unsigned long long)n, (unsigned)prot);
	if (err != 0) {
		xr_text_printf(&os->calls, "e%lld\n", (long long)err);
	} else {
		xr_text_printf(&os->calls, "0\n");
	}
	return err;
}

// mem_aix.go:16 sysAllocOS
static uint64_t sysallocos(xr_os *os, uint64_t n) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, "mmap", 0, n, XR_PROT_RW(os),
				XR_CONST(os, _MAP_ANON) | XR_CONST(os, _MAP_PRIVATE), -1, 0, &err);
	if (err != 0) {
		if (err == _EACCES) {
			xr_os_print_string(os, "runtime: mmap: access denied\n");
			xr_os_exit(os, 2);
		}
		if ((uint64_t)err == xr_os_const(os, "_EAGAIN")) {
			xr_os_print_string(os, "runtime: mmap: too much locked memory (check 'ulimit -l').\n");
			xr_os_exit(os, 2);
		}
		return 0;
	}
	return p;
}

// mem_aix.go:45 sysFreeOS
static void sysfreeos(xr_os *os, uint64_t v, uint64_t n) {
	xr_os_munmap(os, v, n);
}

// mem_aix.go:61 sysMapOS
static void sysmapos(xr_os *os, uint64_t v, uint64_t n) {
	int64_t err = mprotect(os, v, n, XR_PROT_RW(os));
	if (err == XR_CONST(os, _ENOMEM)) {
		xr_os_throw(os, "runtime: out of memory");
	}
	if (err != 0) {
		xr_os_print_string(os, "runtime: mprotect(");
		xr_os_print_pointer(os, v);
		xr_os_print_string(os, ", ");
		xr_os_print_uintptr(os, n);
		xr_os_print_string(os, ") returned ");
		xr_os_print_int(os, err);
		xr_os_print_string(os, "\n");
		xr_os_throw(os, "runtime: cannot map pages in arena address space");
	}
}

const xr_mem_go119 xr_mem_aix_go119 = {"mem_aix.go", sysallocos, sysfreeos, sysmapos};

// os_linux.go (Go 1.19): newosproc0, which allocates the new thread's stack
// with sysAlloc, charged to memstats.stacks_sys as 6ad33be made it
// (os1_linux.c).
#include <string.h>

#include "variants.h"

// os_linux.go:152 cloneFlags: 6ad33be's (os1_linux.c) and, since, _CLONE_SYSVSEM.
enum { cloneFlags = 0x100 | 0x200 | 0x400 | 0x800 | 0x40000 | 0x10000 };

// os_linux.go:207-208
static const char failallocatestack[] = "runtime: failed to allocate stack for the new OS thread\n";
static const char failthreadcreate[] = "runtime: failed to create new OS thread\n";

// os_linux.go:194 newosproc0
void xr_go119_linux_newosproc0(xr_os *os, const xr_mem_go119 *m, uint64_t stacksize, uint64_t fn) {
	uint64_t stack = xr_go119_sysalloc(os, m, stacksize, &os->stacks_sys);
	if (stack == 0) {
		xr_os_write(os, 2, failallocatestack, (int32_t)strlen(failallocatestack));
		xr_os_exit(os, 1);
	}
	int32_t ret = xr_os_clone(os, cloneFlags,
				  xr_os_uintptr(os, stack + stacksize), 0, 0, fn);
	if (ret < 0) {
		xr_os_write(os, 2, failthreadcreate, (int32_t)strlen(failthreadcreate));
		xr_os_exit(os, 1);
	}
}

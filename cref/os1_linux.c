// os1_linux.go (6ad33be): newosproc0, which 6ad33be made charge the new
// thread's stack to memstats.stacks_sys instead of a dummy.
#include <string.h>

#include "variants.h"

// os1_linux.go:115 cloneFlags = _CLONE_VM | _CLONE_FS | _CLONE_FILES |
// _CLONE_SIGHAND | _CLONE_THREAD (os1_linux.go:96-103).
enum { cloneFlags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 };

// os1_linux.go:161
static const char failallocatestack[] = "runtime: failed to allocate stack for the new OS thread\n";
static const char failthreadcreate[] = "runtime: failed to create new OS thread\n";

// os1_linux.go:148 newosproc0
void xr_linux_newosproc0(xr_os *os, const xr_mem_6ad33be *m, uint64_t stacksize, uint64_t fn) {
	uint64_t stack = m->sysalloc(os, stacksize, &os->stacks_sys);
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

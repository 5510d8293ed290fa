// os1_darwin.go (6ad33be): newosproc0, which 6ad33be made charge the new
// thread's stack to memstats.stacks_sys instead of a dummy.
#include <string.h>

#include "variants.h"

// os1_darwin.go:12, :119
static const uint32_t sigset_all = ~UINT32_C(0);
static const char failallocatestack[] = "runtime: failed to allocate stack for the new OS thread\n";
static const char failthreadcreate[] = "runtime: failed to create new OS thread\n";

// os1_darwin.go:100 newosproc0
void xr_darwin_newosproc0(xr_os *os, const xr_mem_6ad33be *m, uint64_t stacksize, uint64_t fn,
			  uint64_t fnarg) {
	uint64_t stack = m->sysalloc(os, stacksize, &os->stacks_sys);
	if (stack == 0) {
		xr_os_write(os, 2, failallocatestack, (int32_t)strlen(failallocatestack));
		xr_os_exit(os, 1);
	}
	uint64_t stk = xr_os_uintptr(os, stack + stacksize);

	uint32_t oset = 0;
	uint32_t how = (uint32_t)xr_os_const(os, "_SIG_SETMASK");
	xr_os_sigprocmask(os, how, &sigset_all, &oset);
	int32_t errno_ = xr_os_bsdthread_create(os, stk, fn, fnarg);
	xr_os_sigprocmask(os, how, &oset, NULL);

	if (errno_ < 0) {
		xr_os_write(os, 2, failthreadcreate, (int32_t)strlen(failthreadcreate));
		xr_os_exit(os, 1);
	}
}

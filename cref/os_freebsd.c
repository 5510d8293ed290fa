// os_freebsd.go (Go 1.19): newosproc0, which allocates the new thread's
// stack with sysAlloc, charged to memstats.stacks_sys, and starts it with
// thr_new on m0's TLS slots, all signals blocked meanwhile.
#include <string.h>

#include "variants.h"

// os_freebsd.go:59, :260-261
static const uint32_t sigset_all[4] = {~UINT32_C(0), ~UINT32_C(0), ~UINT32_C(0), ~UINT32_C(0)};
static const char failallocatestack[] = "runtime: failed to allocate stack for the new OS thread\n";
static const char failthreadcreate[] = "runtime: failed to create new OS thread\n";

enum { tlsSlots = 6 };  // runtime2.go:515

// thr_new(&param, size): the fields of param the trace shows (a nil
// pointer as 0; tls_base is m0's TLS slots).
static int32_t thr_new(xr_os *os, uint64_t start_func, uint64_t stack_base, uint64_t stack_size) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "thr_new", 0);
	xr_text_printf(&os->calls,
		       "call thr_new start_func=0x%llx arg=0x0 stack_base=0x%llx stack_size=0x%llx "
		       "tls_base=m0.tls tls_size=0x%x child_tid=0x0 parent_tid=0x0 flags=0 -> %d\n",
		       (unsigned long long)start_func, (unsigned long long)stack_base,
		       (unsigned long long)stack_size, (unsigned)(tlsSlots * os->arch->ptrsize), (int)r);
	return r;
}

// os_freebsd.go:227 newosproc0
void xr_go119_freebsd_newosproc0(xr_os *os, const xr_mem_go119 *m, uint64_t stacksize,
				 uint64_t fn) {
	uint64_t stack = xr_go119_sysalloc(os, m, stacksize, &os->stacks_sys);
	if (stack == 0) {
		xr_os_write(os, 2, failallocatestack, (int32_t)strlen(failallocatestack));
		xr_os_exit(os, 1);
	}
	uint32_t oset[4] = {0, 0, 0, 0};
	uint32_t how = (uint32_t)xr_os_const(os, "_SIG_SETMASK");
	xr_os_sigprocmask_words(os, how, sigset_all, oset, 4);
	int32_t ret = thr_new(os, fn, stack, stacksize);
	xr_os_sigprocmask_words(os, how, oset, NULL, 4);
	if (ret < 0) {
		xr_os_write(os, 2, failthreadcreate, (int32_t)strlen(failthreadcreate));
		xr_os_exit(os, 1);
	}
}

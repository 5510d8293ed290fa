#include "mstats.h"

#include <string.h>

// print("runtime: stat <what>: val ", val, ", n ", n, "\n"); exit(2)
static void stat_exit(const xr_arch *a, const char *what, uint64_t val, uint64_t n,
		      xr_outcome *o) {
	xr_print_string(&o->stderr_, "runtime: stat ");
	xr_print_string(&o->stderr_, what);
	xr_print_string(&o->stderr_, ": val ");
	xr_print_uintptr(&o->stderr_, XR_PRINT_2015, a, val);
	xr_print_string(&o->stderr_, ", n ");
	xr_print_uintptr(&o->stderr_, XR_PRINT_2015, a, n);
	xr_print_string(&o->stderr_, "\n");
	o->exited = true;
	o->exit_code = 2;
}

static void outcome_reset(xr_outcome *o) {
	memset(o, 0, sizeof *o);
}

// mstats.go:370 mSysStatInc
void xr_msysstat_inc(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o) {
	outcome_reset(o);
	if (a->big_endian) {
		xr_xadd64(a, c, n);  // xadd64(sysStat, int64(n)); no check
		return;
	}
	uint64_t val = xr_xadduintptr(a, c, n);
	if (val < n) {
		stat_exit(a, "overflow", val, n, o);
	}
}

// mstats.go:384 mSysStatDec
void xr_msysstat_dec(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o) {
	outcome_reset(o);
	if (a->big_endian) {
		xr_xadd64(a, c, -n);  // xadd64(sysStat, -int64(n)); no check
		return;
	}
	uint64_t mask = xr_uintptr_mask(a);
	// uintptr(-int64(n)) is -n modulo the uintptr width.
	uint64_t val = xr_xadduintptr(a, c, -n & mask);
	if (((val + n) & mask) < n) {  // val+n < n, in uintptr arithmetic
		stat_exit(a, "underflow", val, n, o);
	}
}

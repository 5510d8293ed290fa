#include "mstats.h"

#include <string.h>

#include "number.h"
#include "panic.h"

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

// Go's wrapping int64 addition.
static int64_t add_int64(int64_t x, int64_t y) {
	return xr_as_int64((uint64_t)x + (uint64_t)y);
}

// mstats.go:659 (*sysMemStat).add (Go 1.26; mstats.go:644 in Go 1.19, the
// same function). Its print takes a uint64 (printuint) and an int64
// (printint): the same bytes under every era's print rules, which differ
// only for uintptr.
bool xr_sysmemstat_add(const xr_arch *a, xr_cell *s, int64_t n, xr_buf *printed) {
	uint64_t val = xr_xadd64(a, s, (uint64_t)n);  // atomic.Xadd64((*uint64)(s), n)
	int64_t v = xr_as_int64(val);
	if ((n > 0 && v < n) || (n < 0 && add_int64(v, n) < n)) {
		xr_print_string(printed, "runtime: val=");
		xr_print_uint(printed, val);
		xr_print_string(printed, " n=");
		xr_print_int(printed, n);
		xr_print_string(printed, "\n");
		return true;  // throw("sysMemStat overflow")
	}
	return false;
}

void xr_sysmemstat_add_outcome(const xr_arch *a, xr_cell *s, int64_t n, xr_outcome *o) {
	outcome_reset(o);
	if (xr_sysmemstat_add(a, s, n, &o->stderr_)) {
		xr_throw(o, XR_SYSMEMSTAT_THROW, "runtime.(*sysMemStat).add(");
	}
}

bool xr_stat_op(const xr_arch *a, const char *op, xr_cell *c, uint64_t n, xr_outcome *o) {
	if (strcmp(op, "inc") == 0) {
		xr_msysstat_inc(a, c, n, o);
	} else if (strcmp(op, "dec") == 0) {
		xr_msysstat_dec(a, c, n, o);
	} else if (strcmp(op, "add") == 0) {
		xr_sysmemstat_add_outcome(a, c, xr_as_int64(n), o);
	} else {
		return false;
	}
	return true;
}

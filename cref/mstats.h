// The runtime's system memory stat updaters (runtime/mstats.go): 6ad33be's
// mSysStatInc and mSysStatDec, and their descendant (*sysMemStat).add of
// Go 1.19 and Go 1.26.
#ifndef XADDREF_CREF_MSTATS_H
#define XADDREF_CREF_MSTATS_H

#include <stdbool.h>
#include <stdint.h>

#include "cell.h"
#include "print.h"

// What a call did besides changing the cell.
typedef struct {
	bool exited;      // the call ended the program with exit(exit_code)
	int exit_code;
	xr_buf stderr_;   // the bytes written to fd 2, newline included
	// Where the call threw (panic.h): throw's traceback follows stderr_'s
	// bytes, and this is how the line of the frame below runtime.throw
	// starts ("runtime.(*sysMemStat).add("). NULL where nothing follows.
	const char *traceback;
} xr_outcome;

// n must fit a's uintptr.
void xr_msysstat_inc(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o);
void xr_msysstat_dec(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o);

// What (*sysMemStat).add throws with.
#define XR_SYSMEMSTAT_THROW "sysMemStat overflow"

// xr_sysmemstat_add is (*sysMemStat).add up to its throw: it adds n to the
// cell and returns whether the call throws XR_SYSMEMSTAT_THROW, having
// first printed *printed's bytes. The scripted OS of the variants
// (mem_go119.c) plays the throw its own way.
bool xr_sysmemstat_add(const xr_arch *a, xr_cell *s, int64_t n, xr_buf *printed);
// xr_sysmemstat_add_outcome is the whole call, throw included (panic.h),
// as a goroutine that makes it ends.
void xr_sysmemstat_add_outcome(const xr_arch *a, xr_cell *s, int64_t n, xr_outcome *o);

// xr_stat_op is the differential suite's stat check's call op on a cell:
// "inc" and "dec" (6ad33be's mSysStatInc and mSysStatDec, n a uintptr that
// must fit a's), "add" ((*sysMemStat).add, n an int64's bits). It returns
// false for another op.
bool xr_stat_op(const xr_arch *a, const char *op, xr_cell *c, uint64_t n, xr_outcome *o);

#endif

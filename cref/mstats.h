// mSysStatInc and mSysStatDec as 6ad33be defines them (runtime/mstats.go).
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
} xr_outcome;

// n must fit a's uintptr.
void xr_msysstat_inc(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o);
void xr_msysstat_dec(const xr_arch *a, xr_cell *c, uint64_t n, xr_outcome *o);

#endif

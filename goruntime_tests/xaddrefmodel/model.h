// The batch loops of model.c, for model.go.
#ifndef XADDREF_XADDREFMODEL_MODEL_H
#define XADDREF_XADDREFMODEL_MODEL_H

#include <stdint.h>

#include "cref/arch.h"

// The values check's operands come from a pool of XR_OPERANDS_POOL values,
// half next to an edge of the word and half uniform, drawn from a seed:
// every batch draws a 32nd of the pool afresh, and its operations take
// their operands from the pool at two offsets drawn for the batch.
#define XR_OPERANDS_POOL 1024
#define XR_OPERANDS_BATCH 512  // operations in a batch, at most

typedef struct {
	uint64_t seed;    // the generator (splitmix64)
	uint64_t cursor;  // the pool's next value to draw afresh; 0 before the first batch
	// The pool, uintptr values of the architecture (the host's C uintptr
	// holds them: the package is built for the architecture), its first
	// XR_OPERANDS_BATCH values again at its end.
	uintptr_t pool[XR_OPERANDS_POOL + XR_OPERANDS_BATCH];
	uint64_t start, delta;  // the last batch's offsets in the pool
} xr_operands;

// xr_operands_draw draws a batch of n operations (at most
// XR_OPERANDS_BATCH) of xadduintptr(&cell[i], delta[i]) on a uintptr of a,
// the deltas being the pool's values from o->delta on: it sets cell[i] to
// the value the uintptr starts from and want[i] to the model's result, the
// value xadduintptr returns and leaves. It returns n; -1 for a batch too
// large, -2 if the model returned a value other than the one it left.
long xr_operands_draw(const xr_arch *a, xr_operands *o, uintptr_t *cell, uintptr_t *want,
		      long n);

#endif

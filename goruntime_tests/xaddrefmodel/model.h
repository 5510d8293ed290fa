// The batch loops of model.c, for model.go.
#ifndef XADDREF_XADDREFMODEL_MODEL_H
#define XADDREF_XADDREFMODEL_MODEL_H

#include <stdint.h>

#include "cref/arch.h"

#define XR_OPERANDS_BATCH 512  // operations in a batch, at most

// The values check's operands: every one drawn afresh from the seed's
// sequence (cref/draw.h), two values an operation (its start, then its
// delta), each next to an edge of the word half of the time.
typedef struct {
	uint64_t seed;   // the sequence's seed
	uint64_t next;   // the index in it of the next batch's first value
	uint64_t first;  // the last batch's first value
	// The last batch's deltas, uintptr values of the architecture (the
	// host's C uintptr holds them: the package is built for it).
	uintptr_t delta[XR_OPERANDS_BATCH];
} xr_operands;

// xr_operands_draw draws a batch of n operations (at most
// XR_OPERANDS_BATCH) of xadduintptr(&cell[i], o->delta[i]) on a uintptr of
// a: it sets cell[i] to the value the uintptr starts from and want[i] to
// the model's result, the value xadduintptr returns and leaves. It returns
// n; -1 for a batch too large, -2 if the model returned a value other than
// the one it left.
long xr_operands_draw(const xr_arch *a, xr_operands *o, uintptr_t *cell, uintptr_t *want,
		      long n);

// xr_operands_start is the start of the last batch's operation i.
uint64_t xr_operands_start(const xr_arch *a, const xr_operands *o, long i);

// xr_operands_isa names the copy of the batch loop xr_operands_draw runs
// on a's batches on this CPU: "avx512", "avx2" or "generic".
const char *xr_operands_isa(const xr_arch *a);

#endif

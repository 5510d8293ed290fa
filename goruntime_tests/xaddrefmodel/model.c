// The model's sources (cref/*.c, copied into cref/ beside this file) as one
// translation unit with the batch loops of the differential suite, so that
// the compiler inlines the model into them: the same code as Bazel builds,
// without a call per operation. model.go compiles it with -O3 and hidden
// visibility, without which the model's functions could be interposed and
// would not be inlined into position-independent code.
#include <stdint.h>

#include "cref/arch.c"
#include "cref/cell.c"
#include "cref/mstats.c"
#include "cref/print.c"
#include "cref/draw.h"

#include "model.h"

enum { POOL = XR_OPERANDS_POOL, REFRESH = POOL / 32, BATCH = XR_OPERANDS_BATCH };

// fill sets pool entry j, and its mirror past the end (so that a batch
// reads the pool from any offset without wrapping around).
static void fill(xr_operands *o, long j, uintptr_t v) {
	o->pool[j] = v;
	if (j < BATCH) {
		o->pool[POOL + j] = v;
	}
}

// expect sets the batch's cells and the model's results; a constant
// architecture a lets the compiler reduce the model to a few instructions
// per operation. It returns n, or -2 if the model returned a value other
// than the one it left.
static inline long expect(const xr_arch *a, const xr_operands *o, uintptr_t *cell,
			  uintptr_t *want, long n) {
	const uintptr_t *start = o->pool + o->start, *delta = o->pool + o->delta;
	uint64_t differ = 0;
	for (long i = 0; i < n; i++) {
		xr_cell c = xr_cell_with_word(a, start[i]);
		uint64_t ret = xr_xadduintptr(a, &c, delta[i]);
		differ |= ret ^ xr_cell_word(a, &c);
		cell[i] = start[i];
		want[i] = (uintptr_t)ret;
	}
	return differ == 0 ? n : -2;
}

long xr_operands_draw(const xr_arch *a, xr_operands *o, uintptr_t *cell, uintptr_t *want,
		      long n) {
	if (n < 0 || n > BATCH || sizeof(uintptr_t) < a->ptrsize) {
		return -1;
	}
	uint64_t mask = xr_uintptr_mask(a);
	uint64_t s = o->seed;  // in a register: the arrays could alias o
	long fresh = o->cursor == 0 ? POOL : REFRESH;
	for (long j = 0; j < fresh; j++) {
		fill(o, (long)((o->cursor + (uint64_t)j) % POOL), (uintptr_t)(xr_edgy(&s) & mask));
	}
	o->cursor += (uint64_t)fresh;
	// The batch pairs the values at two offsets drawn for it.
	uint64_t r = xr_splitmix64(&s);
	o->start = r % POOL;
	o->delta = (r >> 32) % POOL;
	o->seed = s;
	// A copy of the loop per pointer size and byte order.
	if (a->ptrsize == 8 && !a->big_endian) {
		const xr_arch k = {a->name, 8, false, a->in_6ad33be};
		return expect(&k, o, cell, want, n);
	}
	if (a->ptrsize == 8 && a->big_endian) {
		const xr_arch k = {a->name, 8, true, a->in_6ad33be};
		return expect(&k, o, cell, want, n);
	}
	if (a->ptrsize == 4 && !a->big_endian) {
		const xr_arch k = {a->name, 4, false, a->in_6ad33be};
		return expect(&k, o, cell, want, n);
	}
	if (a->ptrsize == 4 && a->big_endian) {
		const xr_arch k = {a->name, 4, true, a->in_6ad33be};
		return expect(&k, o, cell, want, n);
	}
	return expect(a, o, cell, want, n);
}

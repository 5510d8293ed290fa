#include "cell.h"

// Reads the size bytes at p as an integer in a's byte order.
static uint64_t load_word(const xr_arch *a, const uint8_t *p, unsigned size) {
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = a->big_endian ? 8 * (size - 1 - i) : 8 * i;
		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

static void store_word(const xr_arch *a, uint8_t *p, unsigned size, uint64_t v) {
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = a->big_endian ? 8 * (size - 1 - i) : 8 * i;
		p[i] = (uint8_t)(v >> shift);
	}
}

// The bytes of a's uintptr at the start of a cell: ptrsize, never more
// than the cell's 8. Bounding it here lets the compiler see that no store
// passes the cell, which gcc (-Wstringop-overflow, at -O3 for aarch64 and
// ppc64le) cannot tell from ptrsize alone.
static unsigned word_size(const xr_arch *a) {
	return a->ptrsize < sizeof(xr_cell) ? a->ptrsize : sizeof(xr_cell);
}

xr_cell xr_cell_store(const xr_arch *a, uint64_t v) {
	xr_cell c;
	store_word(a, c.b, 8, v);
	return c;
}

uint64_t xr_cell_load(const xr_arch *a, const xr_cell *c) {
	return load_word(a, c->b, 8);
}

xr_cell xr_cell_with_word(const xr_arch *a, uint64_t word) {
	xr_cell c = {{0}};
	store_word(a, c.b, word_size(a), word & xr_uintptr_mask(a));
	return c;
}

uint64_t xr_cell_word(const xr_arch *a, const xr_cell *c) {
	return load_word(a, c->b, word_size(a));
}

uint64_t xr_xadduintptr(const xr_arch *a, xr_cell *c, uint64_t delta) {
	uint64_t v = (xr_cell_word(a, c) + delta) & xr_uintptr_mask(a);
	store_word(a, c->b, word_size(a), v);
	return v;
}

uint64_t xr_xadd64(const xr_arch *a, xr_cell *c, uint64_t delta) {
	uint64_t v = load_word(a, c->b, 8) + delta;
	store_word(a, c->b, 8, v);
	return v;
}

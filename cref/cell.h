// A system memory stat cell: the 8 bytes of a runtime uint64 (memstats.*_sys)
// as the architecture stores them, and the two atomic adds 6ad33be applies to
// it. The model works on bytes because the commit does: xadduintptr reads
// (*uintptr)(unsafe.Pointer(sysStat)), the first ptrsize bytes of the cell.
#ifndef XADDREF_CREF_CELL_H
#define XADDREF_CREF_CELL_H

#include <stdint.h>

#include "arch.h"

typedef struct {
	uint8_t b[8];
} xr_cell;

// xr_cell_store lays out v as a stores a uint64.
xr_cell xr_cell_store(const xr_arch *a, uint64_t v);

// xr_cell_load reads the uint64 back.
uint64_t xr_cell_load(const xr_arch *a, const xr_cell *c);

// The uintptr view of a cell: the ptrsize bytes at its start, which is
// what a *uintptr pointing at a plain uintptr variable sees too.
// xr_cell_with_word returns the cell whose uintptr view is word, other bytes 0.
xr_cell xr_cell_with_word(const xr_arch *a, uint64_t word);
// xr_cell_word reads the uintptr view.
uint64_t xr_cell_word(const xr_arch *a, const xr_cell *c);

// xr_xadduintptr models xadduintptr((*uintptr)(unsafe.Pointer(&cell)), delta):
// it adds delta modulo 2^(8*ptrsize) to the ptrsize bytes at the start of the
// cell, in a's byte order, and returns the new value (Go's xadd returns new).
// On a 32-bit little-endian arch that is the low word; big-endian, the high.
// delta must fit a's uintptr.
uint64_t xr_xadduintptr(const xr_arch *a, xr_cell *c, uint64_t delta);

// xr_xadd64 models xadd64(&cell, delta) on the whole cell.
uint64_t xr_xadd64(const xr_arch *a, xr_cell *c, uint64_t delta);

#endif

// The architectures the model knows: pointer size and byte order.
//
// One table serves the whole kit: the model, its tests, the cgo package in the
// runtime overlay and (through `cref arches`) the command line.
#ifndef XADDREF_CREF_ARCH_H
#define XADDREF_CREF_ARCH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *name;  // GOARCH
	unsigned ptrsize;  // bytes in a uintptr: 4 or 8
	bool big_endian;   // runtime._BigEndian != 0
	bool in_6ad33be;   // the tree at 6ad33be has this GOARCH
} xr_arch;

extern const xr_arch xr_arches[];
extern const size_t xr_narches;

// xr_arch_lookup returns the entry for GOARCH name, or NULL.
const xr_arch *xr_arch_lookup(const char *name);

// xr_uintptr_mask is the largest uintptr value of a: 2^(8*ptrsize) - 1.
unsigned long long xr_uintptr_mask(const xr_arch *a);

#endif

// vectors: expectations the model computes ahead of time, for runtimes that
// cannot call it through cgo (linux/ppc64 in Go 1.19 has no cgo). One line
// per operation, all values in hex:
//   values <start> <delta> <ret> <after>   xadduintptr on a uintptr
//   layout <cell> <delta> <ret> <after>    xadduintptr on a uint64's address
//
//   vectors --arch A --seed S --n N
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cell.h"
#include "draw.h"

int main(int argc, char **argv) {
	const xr_arch *a = NULL;
	uint64_t seed = 0;
	long n = -1;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--arch") == 0) {
			a = xr_arch_lookup(argv[i + 1]);
		} else if (strcmp(argv[i], "--seed") == 0) {
			seed = strtoull(argv[i + 1], NULL, 0);
		} else if (strcmp(argv[i], "--n") == 0) {
			n = strtol(argv[i + 1], NULL, 0);
		}
	}
	if (a == NULL || n < 0 || argc != 7) {
		fprintf(stderr, "usage: vectors --arch A --seed S --n N (a known arch)\n");
		return 2;
	}
	uint64_t mask = xr_uintptr_mask(a);
	printf("# xaddref vectors arch=%s seed=%" PRIu64 " n=%ld\n", a->name, seed, n);
	for (long i = 0; i < n; i++) {
		uint64_t start = xr_edgy(&seed) & mask, delta = xr_edgy(&seed) & mask;
		xr_cell c = xr_cell_with_word(a, start);
		uint64_t ret = xr_xadduintptr(a, &c, delta);
		printf("values %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", start, delta, ret,
		       xr_cell_word(a, &c));
		uint64_t cell = xr_splitmix64(&seed);
		c = xr_cell_store(a, cell);
		ret = xr_xadduintptr(a, &c, delta);
		printf("layout %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", cell, delta, ret,
		       xr_cell_load(a, &c));
	}
	return 0;
}

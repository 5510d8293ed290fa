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

// splitmix64, as the tests use; a vector file names its seed.
static uint64_t next(uint64_t *s) {
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

// Next to an edge half of the time, as the live tests draw.
static uint64_t edgy(uint64_t *s) {
	static const uint64_t edges[] = {0, 1ULL << 31, 1ULL << 32, 1ULL << 63, (1ULL << 31) - 1,
					 (1ULL << 32) - 1, (1ULL << 63) - 1, ~0ULL};
	uint64_t x = next(s);
	if (x & 1) {
		return x;
	}
	return edges[(x >> 1) % 8] + (x >> 8) % 5 - 2;
}

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
		uint64_t start = edgy(&seed) & mask, delta = edgy(&seed) & mask;
		xr_cell c = xr_cell_with_word(a, start);
		uint64_t ret = xr_xadduintptr(a, &c, delta);
		printf("values %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", start, delta, ret,
		       xr_cell_word(a, &c));
		uint64_t cell = next(&seed);
		c = xr_cell_store(a, cell);
		ret = xr_xadduintptr(a, &c, delta);
		printf("layout %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", cell, delta, ret,
		       xr_cell_load(a, &c));
	}
	return 0;
}

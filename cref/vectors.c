// vectors: expectations the model computes ahead of time, for runtimes that
// cannot call it through cgo (linux/ppc64 in Go 1.19 has no cgo). One line
// per operation, all values in hex:
//   values <start> <delta> <ret> <after>   xadduintptr on a uintptr
//   layout <cell> <delta> <ret> <after>    xadduintptr on a uint64's address
//
//   vectors --arch A --seed S --n N
//
// S is the seed the report prints: the Go tests' int64, so it may be
// negative; the header line prints it as that signed decimal.
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cell.h"
#include "draw.h"
#include "number.h"

static int usage(const char *why) {
	fprintf(stderr, "vectors: %s\nusage: vectors --arch A --seed S --n N (a known arch; S a 64-bit "
			"number, decimal, signed or 0x-hex; N operations, 0 or more)\n", why);
	return 2;
}

// as_int64 is the two's complement reading of u, without an implementation-
// defined conversion: the Go tests' -xaddref.seed is an int64.
static int64_t as_int64(uint64_t u) {
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

int main(int argc, char **argv) {
	const xr_arch *a = NULL;
	uint64_t seed = 0, n = 0;
	bool have_seed = false, have_n = false;
	if (argc != 7) {
		return usage("three flags, each with its value");
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *v = argv[i + 1];
		if (strcmp(argv[i], "--arch") == 0) {
			if ((a = xr_arch_lookup(v)) == NULL) {
				return usage("--arch: the model has no such architecture");
			}
		} else if (strcmp(argv[i], "--seed") == 0) {
			if (!(have_seed = xr_parse_u64(v, true, &seed))) {
				return usage("--seed: not a 64-bit number");
			}
		} else if (strcmp(argv[i], "--n") == 0) {
			if (!(have_n = xr_parse_u64(v, false, &n) && n <= LONG_MAX)) {
				return usage("--n: not a number of operations");
			}
		} else {
			return usage("unknown flag");
		}
	}
	if (a == NULL || !have_seed || !have_n) {
		return usage("--arch, --seed and --n are all needed");
	}
	uint64_t mask = xr_uintptr_mask(a);
	// The seed as given, as the Go tests print theirs: a signed int64.
	printf("# xaddref vectors arch=%s seed=%" PRId64 " n=%" PRIu64 "\n", a->name, as_int64(seed), n);
	for (uint64_t i = 0; i < n; i++) {
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

// vectors: expectations the model computes ahead of time, for runtimes that
// cannot call it through cgo (linux/loong64 in Go 1.26, linux/ppc64 in Go
// 1.19 and 1.26; arm, ppc64 and ppc64le in the 2015 tree). One line per
// operation, all values in hex:
//   values <start> <delta> <ret> <after>   xadduintptr on a uintptr
//   layout <cell> <delta> <ret> <after>    xadduintptr on a uint64's address
//   stat <op> <cell> <n> <after> <exit> <stderr> <traceback>
//                                          the era's stat updater (op: inc and
//                                          dec, mSysStatInc and mSysStatDec of
//                                          2015; add, (*sysMemStat).add of Go
//                                          1.19 on) on a cell: the cell after, or
//                                          the exit status, what fd 2 got (its
//                                          bytes in hex, "-" for none) and the
//                                          frame throw's traceback must show
//                                          after them (hex, "-" for none)
//   cdeltas <round> <goroutine> <d>,<d>,...
//   ctotal <round> <total>                 the concurrent check: each
//                                          goroutine's deltas, and the model's
//                                          sum of a round's from 0
//
//   vectors --arch A --seed S --n N [--era 2015|go1.19]
//           [--checks values,layout,concurrent,stat]
//
// S is the seed the report prints: the Go tests' int64, so it may be
// negative; the header line prints it as that signed decimal. The era
// (2015 unless given) is the runtime's: it picks the stat updater.
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cell.h"
#include "draw.h"
#include "mstats.h"
#include "number.h"

// The concurrent check's shape: goroutines per round, as the cgo test has
// them (goruntime_tests/xaddref_model_test.go).
enum { ROUNDS = 8, GOROUTINES = 20 };

static void values_layout(const xr_arch *a, uint64_t *seed, long n, bool values, bool layout) {
	uint64_t mask = xr_uintptr_mask(a);
	for (long i = 0; i < n; i++) {
		uint64_t start = xr_edgy(seed) & mask, delta = xr_edgy(seed) & mask;
		xr_cell c = xr_cell_with_word(a, start);
		uint64_t ret = xr_xadduintptr(a, &c, delta);
		if (values) {
			printf("values %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", start, delta,
			       ret, xr_cell_word(a, &c));
		}
		uint64_t cell = xr_splitmix64(seed);
		c = xr_cell_store(a, cell);
		ret = xr_xadduintptr(a, &c, delta);
		if (layout) {
			printf("layout %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "\n", cell, delta,
			       ret, xr_cell_load(a, &c));
		}
	}
}

// hex prints n bytes in hex, or "-" for none.
static void hex(const char *s, size_t n) {
	if (n == 0) {
		printf("-");
	}
	for (size_t i = 0; i < n; i++) {
		printf("%02x", (unsigned char)s[i]);
	}
}

static void stat_line(const xr_arch *a, const char *op, uint64_t cell, uint64_t n) {
	xr_cell c = xr_cell_store(a, cell);
	xr_outcome o;
	if (!xr_stat_op(a, op, &c, n, &o)) {
		abort();  // the ops are this file's
	}
	printf("stat %s %" PRIx64 " %" PRIx64 " %" PRIx64 " %d ", op, cell, n, xr_cell_load(a, &c),
	       o.exited ? o.exit_code : -1);
	hex(o.stderr_.s, o.stderr_.len);
	printf(" ");
	hex(o.traceback, o.traceback != NULL ? strlen(o.traceback) : 0);
	printf("\n");
}

// The stat cases of the cgo test (goruntime_tests/xaddref_stat_test.go):
// every edge cell with every edge n, by each of the era's ops, then n
// random ones, the ops in turn. An op's n is a uintptr (inc, dec) or an
// int64 (add).
static void stat(const xr_arch *a, bool go119, uint64_t *seed, long n) {
	static const uint64_t cells[] = {0,
					 1,
					 0x10,
					 0x20,
					 (1ULL << 31) - 1,
					 1ULL << 31,
					 (1ULL << 32) - 1,
					 1ULL << 32,
					 0x00000005fffffff0ULL,
					 (1ULL << 63) - 1,
					 1ULL << 63,
					 ~0ULL};
	static const uint64_t ns[] = {0,         1,        0x20, (1ULL << 32) - 1, (1ULL << 63) - 1,
				      1ULL << 63, -0x20ULL, ~0ULL};
	static const char *const ops2015[] = {"inc", "dec"}, *const ops119[] = {"add"};
	const char *const *ops = go119 ? ops119 : ops2015;
	size_t nops = go119 ? 1 : 2;
	uint64_t mask = go119 ? ~0ULL : xr_uintptr_mask(a);
	for (size_t k = 0; k < nops; k++) {
		for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
			for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
				stat_line(a, ops[k], cells[i], ns[j] & mask);
			}
		}
	}
	for (long i = 0; i < n; i++) {
		uint64_t cell = xr_splitmix64(seed);
		stat_line(a, ops[(size_t)i % nops], cell, xr_edgy(seed) & mask);
	}
}

// concurrent: per round, each goroutine's deltas (an add, then a subtract,
// alternately: uintptr(-int64(d))), and the model's sum of them all.
static void concurrent(const xr_arch *a, uint64_t *seed, long perg) {
	uint64_t mask = xr_uintptr_mask(a);
	for (int r = 0; r < ROUNDS; r++) {
		xr_cell total = xr_cell_with_word(a, 0);
		for (int g = 0; g < GOROUTINES; g++) {
			printf("cdeltas %d %d ", r, g);
			for (long i = 0; i < perg; i++) {
				uint64_t d = xr_edgy(seed) >> 8;
				if (i % 2 == 1) {
					d = -d;
				}
				d &= mask;
				xr_xadduintptr(a, &total, d);
				printf(i == 0 ? "%" PRIx64 : ",%" PRIx64, d);
			}
			printf("\n");
		}
		printf("ctotal %d %" PRIx64 "\n", r, xr_cell_word(a, &total));
	}
}

static bool has(const char *list, const char *check) {
	size_t n = strlen(check);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, check, n) == 0) {
			return true;
		}
		p += len + (end ? 1 : 0);
	}
	return false;
}

static bool known(const char *list) {
	static const char *checks[] = {"values", "layout", "concurrent", "stat"};
	size_t seen = 0;
	for (size_t i = 0; i < 4; i++) {
		seen += has(list, checks[i]) ? strlen(checks[i]) + 1 : 0;
	}
	return seen == strlen(list) + 1;
}

static int usage(const char *why) {
	fprintf(stderr,
		"vectors: %s\nusage: vectors --arch A --seed S --n N [--era 2015|go1.19] "
		"[--checks values,layout,concurrent,stat] "
		"(a known arch; S a 64-bit number, decimal, signed or 0x-hex; N operations, 0 to 10^8)\n",
		why);
	return 2;
}

int main(int argc, char **argv) {
	const xr_arch *a = NULL;
	uint64_t seed = 0, n = 0;
	bool have_seed = false, have_n = false;
	const char *checks = "values,layout", *era = "2015";
	if (argc != 7 && argc != 9 && argc != 11) {
		return usage("three to five flags, each with its value");
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
			if (!(have_n = xr_parse_u64(v, false, &n) && n <= 100000000)) {
				return usage("--n: not a number of operations up to 10^8");
			}
		} else if (strcmp(argv[i], "--era") == 0) {
			if (strcmp(era = v, "2015") != 0 && strcmp(era, "go1.19") != 0) {
				return usage("--era: 2015 or go1.19");
			}
		} else if (strcmp(argv[i], "--checks") == 0) {
			if (!known(checks = v)) {
				return usage("--checks: a comma-separated list of values, layout, concurrent, stat");
			}
		} else {
			return usage("unknown flag");
		}
	}
	if (a == NULL || !have_seed || !have_n) {
		return usage("--arch, --seed and --n are all needed");
	}
	// The seed as given, as the Go tests print theirs: a signed int64
	// (their -xaddref.seed).
	printf("# xaddref vectors arch=%s seed=%" PRId64 " n=%" PRIu64 " era=%s checks=%s\n",
	       a->name, xr_as_int64(seed), n, era, checks);
	bool values = has(checks, "values"), layout = has(checks, "layout");
	if (values || layout) {
		values_layout(a, &seed, (long)n, values, layout);
	}
	if (has(checks, "stat")) {
		stat(a, strcmp(era, "go1.19") == 0, &seed, 20000);
	}
	if (has(checks, "concurrent")) {
		// As many operations as the values check makes, spread over the
		// rounds and goroutines, but at least 1000 per goroutine.
		long perg = (long)n / (ROUNDS * GOROUTINES);
		concurrent(a, &seed, perg < 1000 ? 1000 : perg);
	}
	return 0;
}

// A minimal table-test harness for the model's cc_tests: a failed check
// prints where and what, and the test exits 1 at the end.
#ifndef XADDREF_CREF_TESTING_H
#define XADDREF_CREF_TESTING_H

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

static int xr_test_failures;

#define XR_FAIL(...)                                             \
	do {                                                     \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);  \
		fprintf(stderr, __VA_ARGS__);                    \
		fputc('\n', stderr);                             \
		xr_test_failures++;                              \
	} while (0)

#define XR_CHECK_U64(what, got, want)                                                   \
	do {                                                                            \
		uint64_t got_ = (got), want_ = (want);                                  \
		if (got_ != want_) {                                                    \
			XR_FAIL("%s: got 0x%016" PRIx64 ", want 0x%016" PRIx64, (what), \
				got_, want_);                                           \
		}                                                                       \
	} while (0)

#define XR_CHECK_STR(what, got, want)                                                   \
	do {                                                                            \
		if (strcmp((got), (want)) != 0) {                                       \
			XR_FAIL("%s: got \"%s\", want \"%s\"", (what), (got), (want));   \
		}                                                                       \
	} while (0)

// xr_test_done reports the count and gives the process's exit status.
static inline int xr_test_done(const char *name, long cases) {
	if (xr_test_failures > 0) {
		printf("%s: FAIL: %d of %ld checks failed\n", name, xr_test_failures, cases);
		return 1;
	}
	printf("%s: PASS: %ld cases\n", name, cases);
	return 0;
}

// xr_test_env_fail reports a malformed setting and exits with status 2,
// the kit's status for bad input: a test that ran no case must not pass.
static inline _Noreturn void xr_test_env_fail(const char *var, const char *val, const char *want) {
	fprintf(stderr, "%s=%s: %s\n", var, val, want);
	exit(2);
}

// xr_test_seed takes XADDREF_SEED when set (decimal, signed decimal or
// 0x-hex), else a fresh seed, and prints it so that a failure reproduces
// with XADDREF_SEED=<seed>.
static inline uint64_t xr_test_seed(const char *name) {
	const char *env = getenv("XADDREF_SEED");
	uint64_t seed;
	if (env != NULL && *env != '\0') {
		if (!xr_parse_u64(env, true, &seed)) {
			xr_test_env_fail("XADDREF_SEED", env, "not a 64-bit number (decimal or 0x-hex)");
		}
	} else {
		FILE *f = fopen("/dev/urandom", "rb");
		if (f == NULL || fread(&seed, sizeof seed, 1, f) != 1) {
			seed = 1;
		}
		if (f != NULL) {
			fclose(f);
		}
	}
	printf("%s: seed=%" PRIu64 " (rerun with XADDREF_SEED=%" PRIu64 ")\n", name, seed, seed);
	return seed;
}

// xr_test_count is XADDREF_CASES when set, else def: a whole number of
// cases, at least 1.
static inline long xr_test_count(long def) {
	const char *env = getenv("XADDREF_CASES");
	if (env == NULL || *env == '\0') {
		return def;
	}
	uint64_t n;
	if (!xr_parse_u64(env, false, &n) || n < 1 || n > (uint64_t)LONG_MAX) {
		xr_test_env_fail("XADDREF_CASES", env, "not a number of cases (1 or more, decimal or 0x-hex)");
	}
	return (long)n;
}

#endif

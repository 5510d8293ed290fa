// A minimal table-test harness for the model's cc_tests: a failed check
// prints where and what, and the test exits 1 at the end.
#ifndef XADDREF_CREF_TESTING_H
#define XADDREF_CREF_TESTING_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

// xr_test_seed takes XADDREF_SEED when set, else a fresh seed, and prints it
// so that a failure reproduces with XADDREF_SEED=<seed>.
static inline uint64_t xr_test_seed(const char *name) {
	const char *env = getenv("XADDREF_SEED");
	uint64_t seed;
	if (env != NULL && *env != '\0') {
		seed = strtoull(env, NULL, 0);
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

// xr_test_count is XADDREF_CASES when set, else def.
static inline long xr_test_count(long def) {
	const char *env = getenv("XADDREF_CASES");
	return env != NULL && *env != '\0' ? strtol(env, NULL, 0) : def;
}

#endif

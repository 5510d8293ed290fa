// The draw (draw.h): splitmix64's published sequence, the counter-based
// xr_draw_at against the sequential xr_splitmix64, and the operands
// xr_edgy_of gives: every edge at every distance, and a uniform value
// otherwise.
#include <stdbool.h>

#include "draw.h"
#include "testing.h"

int main(void) {
	long cases = 0;
	// splitmix64's first values from the state 0 (Vigna's splitmix64.c).
	uint64_t s = 0;
	XR_CHECK_U64("splitmix64(0) #1", xr_splitmix64(&s), 0xe220a8397b1dcdafULL);
	XR_CHECK_U64("splitmix64(0) #2", xr_splitmix64(&s), 0x6e789e6aa1b965f4ULL);
	XR_CHECK_U64("splitmix64(0) #3", xr_splitmix64(&s), 0x06c45d188009454fULL);
	cases += 3;

	// Value k of a seed is the (k+1)-th of the sequential generator.
	static const uint64_t seeds[] = {0, 1, 0x8000000000000000ULL, ~0ULL, 0x123456789abcdefULL};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		uint64_t st = seeds[i];
		for (uint64_t k = 0; k < 10000; k++) {
			uint64_t want = xr_splitmix64(&st);
			if (xr_draw_at(seeds[i], k) != want) {
				XR_FAIL("seed 0x%016" PRIx64 " value %" PRIu64 ": xr_draw_at differs", seeds[i], k);
				break;
			}
			cases++;
		}
	}

	// An odd drawn value is the operand; an even one is within two of an
	// edge or of one less than it, so from three below an edge to two
	// above, and each of those values comes out.
	static const uint64_t edges[] = {0, 1ULL << 31, 1ULL << 32, 1ULL << 63};
	bool seen[4][6] = {{false}};  // edge, distance + 3
	long near = 0, n = 200000;
	uint64_t st = 42;
	for (long i = 0; i < n; i++) {
		uint64_t x = xr_splitmix64(&st), v = xr_edgy_of(x);
		if ((x & 1) != 0) {
			XR_CHECK_U64("an odd value", v, x);
			continue;
		}
		near++;
		bool found = false;
		for (int e = 0; e < 4 && !found; e++) {
			uint64_t d = v - edges[e] + 3;  // 0..5 when near
			if (d <= 5) {
				seen[e][d] = true;
				found = true;
			}
		}
		if (!found) {
			XR_FAIL("x=0x%016" PRIx64 ": 0x%016" PRIx64 " is near no edge", x, v);
		}
	}
	for (int e = 0; e < 4; e++) {
		for (int d = 0; d < 6; d++) {
			if (!seen[e][d]) {
				XR_FAIL("never drawn: 0x%016" PRIx64 "%+d", edges[e], d - 3);
			}
		}
	}
	if (near < n * 45 / 100 || near > n * 55 / 100) {
		XR_FAIL("%ld of %ld values next to an edge, want about half", near, n);
	}
	cases += n;
	return xr_test_done("draw_test", cases);
}

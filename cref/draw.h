// The operands the tests draw: splitmix64 (small, seedable, the same
// sequence everywhere, so that a seed reproduces a run) and values next to
// the edges of a word. The property test, the vector files and the
// differential suite's values check all draw with these.
#ifndef XADDREF_CREF_DRAW_H
#define XADDREF_CREF_DRAW_H

#include <stdint.h>

static inline uint64_t xr_splitmix64(uint64_t *s) {
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

// xr_edgy is, half of the time, within two of an edge of a 32- or 64-bit
// word (0, 2^31, 2^32, 2^63, one less than each, the maximum), wrapping
// past 0 and the maximum; uniform otherwise. Without a branch, so that a
// batch loop drawing it stays straight-line code.
static inline uint64_t xr_edgy(uint64_t *s) {
	static const uint64_t edges[] = {0, 1ULL << 31, 1ULL << 32, 1ULL << 63, (1ULL << 31) - 1,
					 (1ULL << 32) - 1, (1ULL << 63) - 1, ~0ULL};
	uint64_t x = xr_splitmix64(s);
	uint64_t e = edges[(x >> 1) % 8] + (x >> 8) % 5 - 2;
	uint64_t odd = -(x & 1);  // all ones when x is odd
	return (x & odd) | (e & ~odd);
}

#endif

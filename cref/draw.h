// The operands the tests draw: splitmix64 (small, seedable, the same
// sequence everywhere, so that a seed reproduces a run) and values next to
// the edges of a word. The property test, the vector files and the
// differential suite's values check all draw with these.
//
// splitmix64 is counter-based: its k-th value is a mix of seed + (k+1)·γ
// alone, so a batch loop can draw every value of a batch at once
// (xr_draw_at, which the compiler vectorises), and a loop drawing one
// after another (xr_splitmix64) gives the same sequence.
#ifndef XADDREF_CREF_DRAW_H
#define XADDREF_CREF_DRAW_H

#include <stdint.h>

#define XR_SPLITMIX64_GAMMA 0x9e3779b97f4a7c15ULL

// xr_mix64 is splitmix64's output function.
static inline uint64_t xr_mix64(uint64_t z) {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

// xr_splitmix64 advances the state *s and returns its next value.
static inline uint64_t xr_splitmix64(uint64_t *s) {
	*s += XR_SPLITMIX64_GAMMA;
	return xr_mix64(*s);
}

// xr_draw_at is value k (from 0) of the sequence of seed: what the
// (k+1)-th call of xr_splitmix64 returns from the state seed.
static inline uint64_t xr_draw_at(uint64_t seed, uint64_t k) {
	return xr_mix64(seed + (k + 1) * XR_SPLITMIX64_GAMMA);
}

// xr_edgy_of maps a drawn value x to an operand: when x is even (half of
// the time), a value within two of an edge of a 32- or 64-bit word (2^31,
// 2^32, 2^63, 0, and one less than each), wrapping past 0 and the
// maximum; x itself otherwise. With neither a branch nor a table nor a
// variable shift, so that a batch loop drawing it vectorises.
static inline uint64_t xr_edgy_of(uint64_t x) {
	uint64_t j = (x >> 1) & 7;
	// 2^31 or 2^32, moved up 32 bits (to 2^63 or 0) for j&2.
	uint64_t v = (1 + (j & 1)) << 31, up = -((j >> 1) & 1);
	uint64_t edge = ((v & ~up) | ((v << 32) & up)) - (j >> 2);  // less one for j&4
	uint64_t t = (x >> 8) & 0xffff;
	uint64_t off = (t + (t << 2)) >> 16;  // 5t/2^16: 0 to 4
	uint64_t near = edge + off - 2;
	uint64_t odd = -(x & 1);  // all ones when x is odd
	return (x & odd) | (near & ~odd);
}

// xr_edgy draws the next operand of the state *s.
static inline uint64_t xr_edgy(uint64_t *s) {
	return xr_edgy_of(xr_splitmix64(s));
}

#endif

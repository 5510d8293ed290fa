// Reading a fuzzer's input: bytes taken in order, zeros past the end, so
// that every input, however short, is a valid case.
#ifndef XADDREF_CREF_FUZZ_INPUT_H
#define XADDREF_CREF_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const uint8_t *p;
	size_t n;
} xr_input;

static inline uint8_t xr_input_u8(xr_input *in) {
	if (in->n == 0) {
		return 0;
	}
	in->n--;
	return *in->p++;
}

// Eight bytes, the first the most significant.
static inline uint64_t xr_input_u64(xr_input *in) {
	uint64_t v = 0;
	for (int i = 0; i < 8; i++) {
		v = v << 8 | xr_input_u8(in);
	}
	return v;
}

#endif

#include "oracle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

// The memory index of the k-th least significant byte of a size-byte word.
static unsigned byte_at(const xr_arch *a, unsigned size, unsigned k) {
	return a->big_endian ? size - 1 - k : k;
}

unsigned xr_oracle_add(const xr_arch *a, uint8_t *mem, unsigned size, uint64_t x) {
	unsigned carry = 0;
	for (unsigned k = 0; k < size; k++) {
		unsigned i = byte_at(a, size, k);
		unsigned sum = mem[i] + (unsigned)((x >> (8 * k)) & 0xff) + carry;
		mem[i] = (uint8_t)sum;
		carry = sum >> 8;
	}
	return carry;
}

uint64_t xr_oracle_word(const xr_arch *a, const uint8_t *mem, unsigned size) {
	uint64_t v = 0;
	for (unsigned k = size; k-- > 0;) {
		v = v << 8 | mem[byte_at(a, size, k)];
	}
	return v;
}

// The 2015 message: printint(int64(val)) on 64-bit, where uintptr is 64
// bits, and the value itself (zero-extended) on 32-bit.
static void message(const xr_arch *a, char *out, size_t size, const char *what, uint64_t val,
		    uint64_t n) {
	if (a->ptrsize == 8) {
		int64_t sv, sn;
		memcpy(&sv, &val, 8);
		memcpy(&sn, &n, 8);
		snprintf(out, size, "runtime: stat %s: val %" PRId64 ", n %" PRId64 "\n", what, sv, sn);
	} else {
		snprintf(out, size, "runtime: stat %s: val %" PRIu64 ", n %" PRIu64 "\n", what, val, n);
	}
}

bool xr_oracle_stat(const xr_arch *a, bool inc, uint8_t mem[8], uint64_t n, char *want,
		    size_t size) {
	want[0] = '\0';
	if (a->big_endian) {
		// xadd64(sysStat, ±int64(n)): the whole stat, no check.
		xr_oracle_add(a, mem, 8, inc ? n : ~n + 1);
		return false;
	}
	if (inc) {
		if (xr_oracle_add(a, mem, a->ptrsize, n) != 0) {
			message(a, want, size, "overflow", xr_oracle_word(a, mem, a->ptrsize), n);
		}
	} else {
		uint64_t old = xr_oracle_word(a, mem, a->ptrsize);
		xr_oracle_add(a, mem, a->ptrsize, (~n + 1) & xr_uintptr_mask(a));
		if (n > old) {
			message(a, want, size, "underflow", xr_oracle_word(a, mem, a->ptrsize), n);
		}
	}
	return want[0] != '\0';
}

#include "print.h"

#include <string.h>

#include "number.h"

void xr_print_string(xr_buf *b, const char *s) {
	size_t n = strlen(s);
	size_t room = sizeof b->s - 1 - b->len;
	if (n > room) {
		n = room;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

// runtime/print.go: printuint fills a buffer from the end, least digit first.
void xr_print_uint(xr_buf *b, uint64_t v) {
	char digits[21];
	size_t i = sizeof digits - 1;
	digits[i] = '\0';
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	xr_print_string(b, digits + i);
}

// runtime/print.go: printint prints "-" and then printuint(uint64(-v)).
void xr_print_int(xr_buf *b, int64_t v) {
	uint64_t u = (uint64_t)v;
	if (v < 0) {
		xr_print_string(b, "-");
		u = -u;  // unsigned negation: defined for math.MinInt64 too
	}
	xr_print_uint(b, u);
}

void xr_print_uintptr(xr_buf *b, xr_print_era era, const xr_arch *a, uint64_t v) {
	v &= xr_uintptr_mask(a);
	if (era == XR_PRINT_GO119) {
		xr_print_uint(b, v);
		return;
	}
	// int64(uintptr): a 4-byte uintptr zero-extends; an 8-byte one keeps its
	// bits.
	xr_print_int(b, xr_as_int64(v));
}

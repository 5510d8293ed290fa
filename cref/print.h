// The runtime's print of an integer, by era. Messages the model produces must
// be byte-identical to what the modelled runtime writes to fd 2.
#ifndef XADDREF_CREF_PRINT_H
#define XADDREF_CREF_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"

typedef enum {
	// 2015 (6ad33be): cmd/internal/gc/walk.go lowers print of every integer
	// type but uint64 to printint(int64(x)). A 64-bit uintptr of 2^63 or more
	// prints negative; a 32-bit one zero-extends and prints non-negative.
	XR_PRINT_2015,
	// Go 1.19: uintptr is printed with printuint, unsigned.
	XR_PRINT_GO119,
} xr_print_era;

// xr_buf collects what print writes; it truncates rather than overflow.
typedef struct {
	char s[160];
	size_t len;
} xr_buf;

void xr_print_string(xr_buf *b, const char *s);
// runtime/print.go printuint and printint.
void xr_print_uint(xr_buf *b, uint64_t v);
void xr_print_int(xr_buf *b, int64_t v);
// print(x) for x of type uintptr on a, as the era's compiler lowers it.
void xr_print_uintptr(xr_buf *b, xr_print_era era, const xr_arch *a, uint64_t v);

#endif

// Numbers: as the model's command lines and scenario lines write them, and
// Go's int64 conversion of a 64-bit word.
#ifndef XADDREF_CREF_NUMBER_H
#define XADDREF_CREF_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

// xr_parse_u64 accepts decimal or 0x-hex, the whole string, within 64 bits;
// with allow_negative, a leading '-' gives the value's two's complement.
bool xr_parse_u64(const char *s, bool allow_negative, uint64_t *out);

// xr_as_int64 is int64(u): the two's complement reading of u's bits,
// without C's implementation-defined conversion.
int64_t xr_as_int64(uint64_t u);

#endif

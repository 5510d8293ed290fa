// An oracle for the model's arithmetic, written differently from it: a
// word is its bytes in memory order, added byte by byte in order of
// significance with an explicit carry; mSysStatInc's overflow is that
// carry out of the word, mSysStatDec's underflow a subtrahend larger than
// the word; the message comes from snprintf. The property test and the
// model's fuzz target check the model against it.
#ifndef XADDREF_CREF_ORACLE_H
#define XADDREF_CREF_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

// xr_oracle_add adds x's low size bytes to the size-byte word at the start
// of mem (a's byte order) and returns the carry out of its top byte.
unsigned xr_oracle_add(const xr_arch *a, uint8_t *mem, unsigned size, uint64_t x);

// xr_oracle_word is the size-byte word at the start of mem.
uint64_t xr_oracle_word(const xr_arch *a, const uint8_t *mem, unsigned size);

// xr_oracle_stat applies mSysStatInc(n) (inc) or mSysStatDec(n) of
// 6ad33be (mstats.go:366-392) to the 8-byte stat whose bytes are mem, and
// writes the message the runtime prints before exit(2) into want (size
// bytes), or "" when it does not exit. It returns whether it exits.
bool xr_oracle_stat(const xr_arch *a, bool inc, uint8_t mem[8], uint64_t n, char *want,
		    size_t size);

#endif

// The host's own xadduintptr, with C11 atomics: what the runtime's assembly
// does (LOCK XADDQ on amd64), for the concurrency comparisons.
#ifndef XADDREF_CREF_NATIVE_H
#define XADDREF_CREF_NATIVE_H

#include <stdatomic.h>
#include <stdint.h>

// Adds delta to *p atomically and returns the new value, as Go's xadd does.
static inline uintptr_t xr_native_xadduintptr(_Atomic uintptr_t *p, uintptr_t delta) {
	return atomic_fetch_add_explicit(p, delta, memory_order_seq_cst) + delta;
}

#endif

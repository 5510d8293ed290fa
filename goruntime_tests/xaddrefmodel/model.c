// The model's sources as one translation unit with the batch loops of the
// differential suite, so that the compiler inlines the model into them:
// the same code as Bazel builds, without a call per operation. The kit
// copies the files Bazel lists for //cref:xaddrefmodel into cref/ beside
// this file and writes model_sources.h, their sources' #includes, and
// cflags.go, Bazel's C flags (tools/internal/diff/overlay.go). model.go
// adds -O3 and hidden visibility, without which the model's functions
// could be interposed and would not be inlined into position-independent
// code.
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "model_sources.h"
#include "cref/draw.h"

#include "model.h"

enum { BATCH = XR_OPERANDS_BATCH };

// expect draws n operations from value first of seed's sequence and sets
// the cells, the model's results and the deltas. The draw is a loop of its
// own, with no dependence from one operation to the next, which the
// compiler vectorises: drawing every operand afresh then costs about as
// much as the check. With a constant architecture a the compiler reduces
// the byte-wise model, in the second loop, to an addition. It returns n,
// or -2 if the model returned a value other than the one it left.
static inline __attribute__((always_inline)) long expect(const xr_arch *a, uint64_t seed,
							   uint64_t first, uintptr_t *cell,
							   uintptr_t *want, uintptr_t *delta,
							   long n) {
	uint64_t mask = xr_uintptr_mask(a);
	for (long i = 0; i < n; i++) {
		uint64_t k = first + 2 * (uint64_t)i;
		cell[i] = (uintptr_t)(xr_edgy_of(xr_draw_at(seed, k)) & mask);
		delta[i] = (uintptr_t)(xr_edgy_of(xr_draw_at(seed, k + 1)) & mask);
	}
	uint64_t differ = 0;
	for (long i = 0; i < n; i++) {
		xr_cell c = xr_cell_with_word(a, cell[i]);
		uint64_t ret = xr_xadduintptr(a, &c, delta[i]);
		differ |= ret ^ xr_cell_word(a, &c);
		want[i] = (uintptr_t)ret;
	}
	return differ == 0 ? n : -2;
}

// A copy of the loop per pointer size and byte order, the architecture a
// constant in each.
#define XR_EXPECT_COPY(NAME, ATTR, PTRSIZE, BE)                                              \
	ATTR static long NAME(const xr_arch *a, uint64_t seed, uint64_t first, uintptr_t *cell, \
			      uintptr_t *want, uintptr_t *delta, long n) {                       \
		const xr_arch k = {a->name, PTRSIZE, BE, a->in_6ad33be};                        \
		return expect(&k, seed, first, cell, want, delta, n);                           \
	}

XR_EXPECT_COPY(expect_64le, , 8, false)
XR_EXPECT_COPY(expect_64be, , 8, true)
XR_EXPECT_COPY(expect_32le, , 4, false)
XR_EXPECT_COPY(expect_32be, , 4, true)

// On x86-64 (where a is amd64), copies for the vector extensions the CPU
// may have: the baseline's SSE2 has no 64-bit multiply, and splitmix64's
// two multiplies would keep the loop scalar. The CPU is asked once.
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>

XR_EXPECT_COPY(expect_64le_avx2, __attribute__((target("avx2"))), 8, false)
XR_EXPECT_COPY(expect_64le_avx512, __attribute__((target("avx512f,avx512dq,avx512vl"))), 8,
	       false)

enum { ISA_UNKNOWN, ISA_GENERIC, ISA_AVX2, ISA_AVX512 };

static _Atomic int isa_level;

// isa is the best copy the CPU and the operating system (which must save
// the vector registers: XCR0) support.
static int isa(void) {
	int level = atomic_load_explicit(&isa_level, memory_order_relaxed);
	if (level != ISA_UNKNOWN) {
		return level;
	}
	level = ISA_GENERIC;
	unsigned eax, ebx, ecx, edx;
	if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_OSXSAVE) != 0 &&
	    __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
		unsigned lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		bool ymm = (lo & 0x6) == 0x6, zmm = (lo & 0xe6) == 0xe6;
		if (ymm && (ebx & bit_AVX2) != 0) {
			level = ISA_AVX2;
		}
		if (zmm && (ebx & bit_AVX512F) != 0 && (ebx & bit_AVX512DQ) != 0 &&
		    (ebx & bit_AVX512VL) != 0) {
			level = ISA_AVX512;
		}
	}
	atomic_store_explicit(&isa_level, level, memory_order_relaxed);
	return level;
}
#endif

const char *xr_operands_isa(const xr_arch *a) {
#if defined(__x86_64__) && defined(__GNUC__)
	if (a->ptrsize == 8 && !a->big_endian) {
		switch (isa()) {
		case ISA_AVX512:
			return "avx512";
		case ISA_AVX2:
			return "avx2";
		}
	}
#else
	(void)a;
#endif
	return "generic";
}

long xr_operands_draw(const xr_arch *a, xr_operands *o, uintptr_t *cell, uintptr_t *want,
		      long n) {
	if (n < 0 || n > BATCH || sizeof(uintptr_t) < a->ptrsize) {
		return -1;
	}
	uint64_t first = o->next;
	o->first = first;
	o->next = first + 2 * (uint64_t)n;
	if (a->ptrsize == 8 && !a->big_endian) {
#if defined(__x86_64__) && defined(__GNUC__)
		switch (isa()) {
		case ISA_AVX512:
			return expect_64le_avx512(a, o->seed, first, cell, want, o->delta, n);
		case ISA_AVX2:
			return expect_64le_avx2(a, o->seed, first, cell, want, o->delta, n);
		}
#endif
		return expect_64le(a, o->seed, first, cell, want, o->delta, n);
	}
	if (a->ptrsize == 8) {
		return expect_64be(a, o->seed, first, cell, want, o->delta, n);
	}
	if (a->ptrsize == 4 && !a->big_endian) {
		return expect_32le(a, o->seed, first, cell, want, o->delta, n);
	}
	if (a->ptrsize == 4) {
		return expect_32be(a, o->seed, first, cell, want, o->delta, n);
	}
	return expect(a, o->seed, first, cell, want, o->delta, n);
}

uint64_t xr_operands_start(const xr_arch *a, const xr_operands *o, long i) {
	return xr_edgy_of(xr_draw_at(o->seed, o->first + 2 * (uint64_t)i)) & xr_uintptr_mask(a);
}

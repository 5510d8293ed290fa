// Table-driven edge cases of xadduintptr on a stat cell, per architecture
// class, in the manner of Linux's lib/atomic64_test.c.
#include "cell.h"
#include "testing.h"

typedef struct {
	uint64_t cell, delta;  // before
	uint64_t ret, after;   // xadduintptr's result, the cell after
} xadd_case;

// 32-bit little-endian: the low word only; the high word is never touched.
static const xadd_case le32[] = {
	{0, 0, 0, 0},
	{0, 1, 1, 1},
	{0x000000007fffffff, 1, 0x80000000, 0x0000000080000000},            // 2^31
	{0x00000001ffffffff, 1, 0, 0x0000000100000000},                     // wraps up
	{0xffffffffffffffff, 1, 0, 0xffffffff00000000},                     // wraps, 2^64-1
	{0xffffffff00000000, 0xffffffff, 0xffffffff, 0xffffffffffffffff},   // 2^32-1
	{0x0000000000000010, 0xffffffe0, 0xfffffff0, 0x00000000fffffff0},   // wraps down
	{0x8000000000000000, 1, 1, 0x8000000000000001},                     // 2^63
	{0x0123456789abcdef, 0, 0x89abcdef, 0x0123456789abcdef},            // n = 0
};

// 32-bit big-endian: the high word, which the first four bytes hold.
static const xadd_case be32[] = {
	{0, 0, 0, 0},
	{0, 1, 1, 0x0000000100000000},
	{0x00000001ffffffff, 1, 2, 0x00000002ffffffff},
	{0x7fffffff00000000, 1, 0x80000000, 0x8000000000000000},            // 2^31
	{0xffffffff00000000, 1, 0, 0x0000000000000000},                     // wraps up
	{0xffffffffffffffff, 1, 0, 0x00000000ffffffff},                     // 2^64-1
	{0x00000000ffffffff, 0xffffffff, 0xffffffff, 0xffffffffffffffff},   // 2^32-1
	{0x0000001000000000, 0xffffffe0, 0xfffffff0, 0xfffffff000000000},   // wraps down
	{0x8000000000000000, 0x80000000, 0, 0},                             // 2^63
	{0x0123456789abcdef, 0, 0x01234567, 0x0123456789abcdef},            // n = 0
};

// 64-bit, either byte order: the whole cell.
static const xadd_case w64[] = {
	{0, 0, 0, 0},
	{0, 1, 1, 1},
	{0x000000007fffffff, 1, 0x80000000, 0x80000000},                    // 2^31
	{0x00000000ffffffff, 1, 0x100000000, 0x100000000},                  // carries
	{0x7fffffffffffffff, 1, 0x8000000000000000, 0x8000000000000000},    // 2^63
	{0xffffffffffffffff, 1, 0, 0},                                      // wraps up
	{0x10, 0xffffffffffffffe0, 0xfffffffffffffff0, 0xfffffffffffffff0}, // wraps down
	{0x8000000000000000, 0x8000000000000000, 0, 0},
	{1, 0xffffffffffffffff, 0, 0},                                      // 2^64-1
	{0x0123456789abcdef, 0, 0x0123456789abcdef, 0x0123456789abcdef},    // n = 0
};

static long run(const xr_arch *a, const xadd_case *cases, size_t n) {
	for (size_t i = 0; i < n; i++) {
		const xadd_case *k = &cases[i];
		xr_cell c = xr_cell_store(a, k->cell);
		char what[96];
		snprintf(what, sizeof what, "%s case %zu ret", a->name, i);
		XR_CHECK_U64(what, xr_xadduintptr(a, &c, k->delta), k->ret);
		snprintf(what, sizeof what, "%s case %zu cell", a->name, i);
		XR_CHECK_U64(what, xr_cell_load(a, &c), k->after);
	}
	return (long)n;
}

#define RUN(a, t) run((a), (t), sizeof(t) / sizeof((t)[0]))

int main(void) {
	long cases = 0;
	for (size_t i = 0; i < xr_narches; i++) {
		const xr_arch *a = &xr_arches[i];
		if (a->ptrsize == 8) {
			cases += RUN(a, w64);
		} else if (a->big_endian) {
			cases += RUN(a, be32);
		} else {
			cases += RUN(a, le32);
		}
	}
	// The byte layout itself: a uint64 of 1 is stored 01 00.. on little-
	// endian and ..00 01 on big-endian.
	xr_cell c = xr_cell_store(xr_arch_lookup("mips"), 1);
	XR_CHECK_U64("mips byte 7", c.b[7], 1);
	c = xr_cell_store(xr_arch_lookup("386"), 1);
	XR_CHECK_U64("386 byte 0", c.b[0], 1);
	// xadd64 on a 32-bit arch still adds on the whole cell.
	c = xr_cell_store(xr_arch_lookup("arm"), 0x00000000ffffffff);
	XR_CHECK_U64("arm xadd64", xr_xadd64(xr_arch_lookup("arm"), &c, 1), 0x100000000);
	// The uintptr view: where a 32-bit word sits in the cell.
	c = xr_cell_with_word(xr_arch_lookup("mips"), 0x11223344);
	XR_CHECK_U64("mips word view", xr_cell_load(xr_arch_lookup("mips"), &c), 0x1122334400000000);
	c = xr_cell_with_word(xr_arch_lookup("arm"), 0x1ffffffff);
	XR_CHECK_U64("arm word view", xr_cell_load(xr_arch_lookup("arm"), &c), 0xffffffff);
	XR_CHECK_U64("arm word read", xr_cell_word(xr_arch_lookup("arm"), &c), 0xffffffff);
	return xr_test_done("cell_test", cases + 6);
}

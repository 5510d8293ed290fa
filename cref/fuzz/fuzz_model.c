// libFuzzer target: the model's arithmetic (cell.c, mstats.c, print.c)
// against oracles written differently, on inputs the fuzzer chooses:
//   - a cell's layout from the host's own memory and a byte swap, not from
//     shifts (cell.c);
//   - cref/oracle.h's additions byte by byte with an explicit carry,
//     overflow and underflow decided from that carry (mstats.go:370, :384);
//   - every printed number from snprintf (runtime/print.go).
// A disagreement prints the case and aborts: libFuzzer saves the input.
//
// Input: arch index, operation, cell (8 bytes), operand (8 bytes).
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cref/cell.h"
#include "cref/mstats.h"
#include "cref/oracle.h"
#include "cref/print.h"
#include "cref/fuzz/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const xr_arch *a, uint64_t cell, uint64_t x, const char *got,
		 const char *want) {
	fprintf(stderr, "fuzz_model: %s on %s, cell=0x%016" PRIx64 " operand=0x%" PRIx64
			": model %s, oracle %s\n",
		what, a->name, cell, x, got, want);
	abort();
}

static bool host_big_endian(void) {
	const uint16_t one = 1;
	uint8_t b[2];
	memcpy(b, &one, 2);
	return b[0] == 0;
}

// The bytes of a uint64 as a stores it: the host's own layout, reversed
// when the byte orders differ.
static void oracle_layout(const xr_arch *a, uint64_t v, uint8_t out[8]) {
	uint8_t host[8];
	memcpy(host, &v, 8);
	bool swap = host_big_endian() != a->big_endian;
	for (int i = 0; i < 8; i++) {
		out[i] = host[swap ? 7 - i : i];
	}
}

static void hex8(const uint8_t b[8], char out[17]) {
	for (int i = 0; i < 8; i++) {
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	}
}

static void check_cell(const xr_arch *a, uint64_t v, uint64_t x) {
	uint8_t want[8];
	oracle_layout(a, v, want);
	xr_cell c = xr_cell_store(a, v);
	char g[17], w[17];
	if (memcmp(c.b, want, 8) != 0 || xr_cell_load(a, &c) != v) {
		hex8(c.b, g), hex8(want, w);
		fail("xr_cell_store", a, v, x, g, w);
	}
	// xadduintptr: the first ptrsize bytes, the new value returned.
	uint64_t d = x & xr_uintptr_mask(a);
	uint64_t ret = xr_xadduintptr(a, &c, d);
	xr_oracle_add(a, want, a->ptrsize, d);
	if (memcmp(c.b, want, 8) != 0 || ret != xr_oracle_word(a, want, a->ptrsize)) {
		hex8(c.b, g), hex8(want, w);
		fail("xr_xadduintptr", a, v, d, g, w);
	}
	// xadd64: the whole cell.
	c = xr_cell_store(a, v);
	oracle_layout(a, v, want);
	ret = xr_xadd64(a, &c, x);
	xr_oracle_add(a, want, 8, x);
	if (memcmp(c.b, want, 8) != 0 || ret != xr_oracle_word(a, want, 8)) {
		hex8(c.b, g), hex8(want, w);
		fail("xr_xadd64", a, v, x, g, w);
	}
}

static void check_stat(const xr_arch *a, bool inc, uint64_t v, uint64_t x) {
	uint64_t n = x & xr_uintptr_mask(a);
	xr_cell c = xr_cell_store(a, v);
	xr_outcome got;
	(inc ? xr_msysstat_inc : xr_msysstat_dec)(a, &c, n, &got);

	uint8_t mem[8];
	oracle_layout(a, v, mem);
	char want[160];
	bool exits = xr_oracle_stat(a, inc, mem, n, want, sizeof want);
	if (memcmp(c.b, mem, 8) != 0 || got.exited != exits || (exits && got.exit_code != 2) ||
	    strcmp(got.stderr_.s, want) != 0 || got.stderr_.len != strlen(got.stderr_.s)) {
		char g[200], w[200];
		char gb[17], wb[17];
		hex8(c.b, gb), hex8(mem, wb);
		snprintf(g, sizeof g, "cell %s exit %d \"%s\"", gb, got.exited ? got.exit_code : -1,
			 got.stderr_.s);
		snprintf(w, sizeof w, "cell %s exit %d \"%s\"", wb, exits ? 2 : -1, want);
		fail(inc ? "xr_msysstat_inc" : "xr_msysstat_dec", a, v, n, g, w);
	}
}

static void check_print(const xr_arch *a, uint64_t v, uint64_t x) {
	char want[200];
	xr_buf b = {.len = 0};
	b.s[0] = '\0';
	// A prefix of up to 160 bytes, then the numbers: print's buffer
	// truncates where snprintf into the same room does.
	size_t pre = x % 170;
	char prefix[171];
	memset(prefix, 'p', pre);
	prefix[pre] = '\0';
	xr_print_string(&b, prefix);
	xr_print_uint(&b, v);
	xr_print_string(&b, " ");
	int64_t sv;
	memcpy(&sv, &v, 8);
	xr_print_int(&b, sv);
	xr_print_string(&b, " ");
	xr_print_uintptr(&b, XR_PRINT_GO119, a, v);
	xr_print_string(&b, " ");
	xr_print_uintptr(&b, XR_PRINT_2015, a, v);

	uint64_t u = v & xr_uintptr_mask(a);
	int64_t s2015;  // printint(int64(x)): sign-extended only from 64 bits
	memcpy(&s2015, &u, 8);
	snprintf(want, sizeof want, "%s%" PRIu64 " %" PRId64 " %" PRIu64 " %" PRId64, prefix, v, sv, u,
		 s2015);
	want[sizeof b.s - 1] = '\0';  // the room print has
	if (strcmp(b.s, want) != 0 || b.len != strlen(b.s)) {
		fail("print", a, v, x, b.s, want);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	xr_input in = {data, size};
	const xr_arch *a = &xr_arches[xr_input_u8(&in) % xr_narches];
	uint8_t op = xr_input_u8(&in);
	uint64_t v = xr_input_u64(&in), x = xr_input_u64(&in);
	switch (op % 4) {
	case 0:
		check_cell(a, v, x);
		break;
	case 1:
		check_stat(a, true, v, x);
		break;
	case 2:
		check_stat(a, false, v, x);
		break;
	default:
		check_print(a, v, x);
	}
	return 0;
}

// mSysStatInc / mSysStatDec at the edges: every branch of mstats.go's two
// functions (big-endian, little-endian ok, overflow, underflow) on every
// pointer size, with the exact bytes the 2015 runtime writes before exit(2).
#include "mstats.h"
#include "testing.h"

typedef struct {
	const char *arch;
	char op;  // '+' mSysStatInc, '-' mSysStatDec
	uint64_t cell, n;
	uint64_t after;
	const char *stderr_;  // "" when the call returns
} stat_case;

static const stat_case cases[] = {
	// The examples of the model's specification.
	{"arm", '+', 0x00000000fffffff0, 0x20, 0x10, "runtime: stat overflow: val 16, n 32\n"},
	{"amd64", '-', 0x10, 0x20, 0xfffffffffffffff0, "runtime: stat underflow: val -16, n 32\n"},
	{"ppc64", '+', 0xffffffffffffffff, 2, 1, ""},
	// Little-endian, no exit.
	{"amd64", '+', 0, 0, 0, ""},
	{"amd64", '+', 0, 1, 1, ""},                                      // val == n is no overflow
	{"386", '+', 0x0000000900000000, 5, 0x0000000900000005, ""},
	{"amd64", '-', 0, 0, 0, ""},
	{"amd64", '+', 0x7fffffffffffffff, 1, 0x8000000000000000, ""},  // 2^63 is no overflow
	{"amd64", '-', 0x20, 0x20, 0, ""},                               // down to exactly 0
	{"386", '+', 0xffffffef, 0x10, 0xffffffff, ""},                  // up to exactly 2^32-1
	{"386", '-', 0, 0, 0, ""},
	{"arm64", '+', 0x00000000ffffffff, 1, 0x100000000, ""},          // 64-bit carries
	// Overflow: the new value is less than n.
	{"amd64", '+', 0xffffffffffffffff, 1, 0, "runtime: stat overflow: val 0, n 1\n"},
	{"amd64", '+', 0xfffffffffffffffe, 0x8000000000000000, 0x7ffffffffffffffe,
	 "runtime: stat overflow: val 9223372036854775806, n -9223372036854775808\n"},
	{"386", '+', 0xffffffff, 0xffffffff, 0xfffffffe,
	 "runtime: stat overflow: val 4294967294, n 4294967295\n"},
	{"amd64p32", '+', 0x00000007fffffff0, 0x20, 0x0000000700000010,  // high word untouched
	 "runtime: stat overflow: val 16, n 32\n"},
	{"mipsle", '+', 0xffffffff, 1, 0, "runtime: stat overflow: val 0, n 1\n"},
	// Underflow: val+n wraps below n.
	{"amd64", '-', 0, 0x8000000000000000, 0x8000000000000000,
	 "runtime: stat underflow: val -9223372036854775808, n -9223372036854775808\n"},
	{"arm64", '-', 1, 2, 0xffffffffffffffff, "runtime: stat underflow: val -1, n 2\n"},
	{"ppc64le", '-', 0, 1, 0xffffffffffffffff, "runtime: stat underflow: val -1, n 1\n"},
	{"386", '-', 0x10, 0x20, 0xfffffff0, "runtime: stat underflow: val 4294967280, n 32\n"},
	{"mipsle", '-', 0, 1, 0xffffffff, "runtime: stat underflow: val 4294967295, n 1\n"},
	// 32-bit little-endian looks at the low word only: the high word does
	// not save a decrement, nor does a carry reach it.
	{"arm", '-', 0x0000000500000010, 0x20, 0x00000005fffffff0,
	 "runtime: stat underflow: val 4294967280, n 32\n"},
	// Big-endian: xadd64 on the whole cell, never a check.
	{"ppc64", '-', 0, 1, 0xffffffffffffffff, ""},
	{"s390x", '+', 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe, ""},
	{"mips64", '-', 0x10, 0x20, 0xfffffffffffffff0, ""},
	{"mips", '+', 0x00000000ffffffff, 1, 0x0000000100000000, ""},  // carries across words
	{"mips", '-', 0, 1, 0xffffffffffffffff, ""},
	{"mips", '+', 0xffffffffffffffff, 0xffffffff, 0x00000000fffffffe, ""},
};

int main(void) {
	long n = sizeof cases / sizeof cases[0];
	for (long i = 0; i < n; i++) {
		const stat_case *k = &cases[i];
		const xr_arch *a = xr_arch_lookup(k->arch);
		xr_cell c = xr_cell_store(a, k->cell);
		xr_outcome o;
		(k->op == '+' ? xr_msysstat_inc : xr_msysstat_dec)(a, &c, k->n, &o);
		char what[96];
		snprintf(what, sizeof what, "case %ld (%s %c) cell", i, k->arch, k->op);
		XR_CHECK_U64(what, xr_cell_load(a, &c), k->after);
		snprintf(what, sizeof what, "case %ld (%s %c) stderr", i, k->arch, k->op);
		XR_CHECK_STR(what, o.stderr_.s, k->stderr_);
		bool want_exit = k->stderr_[0] != '\0';
		if (o.exited != want_exit || (want_exit && o.exit_code != 2)) {
			XR_FAIL("case %ld (%s %c): exited=%d code=%d, want exited=%d code 2", i,
				k->arch, k->op, o.exited, o.exit_code, want_exit);
		}
	}
	return xr_test_done("mstats_test", n);
}

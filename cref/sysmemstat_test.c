// (*sysMemStat).add (Go 1.19 and Go 1.26) at the edges: both branches of
// its check and the values each lets through, on every pointer size and
// byte order, with the bytes the runtime writes to fd 2 before throw's
// traceback (measured on linux/amd64 with go1.19.8 and go1.26.8: a child
// calling it through a test hook) and its exit status.
#include "mstats.h"
#include "panic.h"
#include "testing.h"

typedef struct {
	const char *arch;
	uint64_t cell;
	int64_t n;
	uint64_t after;
	const char *stderr_;  // "" when the call returns
} add_case;

#define THROW "fatal error: sysMemStat overflow\n\ngoroutine "

static const add_case cases[] = {
	// Returns: the check holds.
	{"amd64", 0, 0, 0, ""},  // n == 0: neither branch
	{"amd64", 5, 3, 8, ""},
	{"amd64", 0x10, -0x10, 0, ""},  // down to exactly 0
	{"amd64", 0x7ffffffffffffffe, 1, 0x7fffffffffffffff, ""},
	{"arm64", 0x7fffffffffffffff, -1, 0x7ffffffffffffffe, ""},
	// The measured examples.
	{"amd64", 0x10, -0x20, 0xfffffffffffffff0, "runtime: val=18446744073709551600 n=-32\n" THROW},
	{"amd64", 0x7fffffffffffffff, 1, 0x8000000000000000,
	 "runtime: val=9223372036854775808 n=1\n" THROW},
	// Overflow: n > 0 and the new value, as an int64, below n.
	{"amd64", 0xffffffffffffffff, 1, 0, "runtime: val=0 n=1\n" THROW},
	{"amd64", 1, 0x7fffffffffffffff, 0x8000000000000000,
	 "runtime: val=9223372036854775808 n=9223372036854775807\n" THROW},
	{"s390x", 0x8000000000000000, 1, 0x8000000000000001,  // already negative
	 "runtime: val=9223372036854775809 n=1\n" THROW},
	// Underflow: n < 0 and val+n below n.
	{"amd64", 0, -1, 0xffffffffffffffff, "runtime: val=18446744073709551615 n=-1\n" THROW},
	{"ppc64", 0xffffffffffffffff, -1, 0xfffffffffffffffe,
	 "runtime: val=18446744073709551614 n=-1\n" THROW},
	// The check's wrapping int64 arithmetic lets these through.
	{"amd64", 0, INT64_MIN, 0x8000000000000000, ""},  // val+n wraps to 0
	{"amd64", 0x7fffffffffffffff, INT64_MIN, 0xffffffffffffffff, ""},
	{"loong64", 0x8000000000000000, -1, 0x7fffffffffffffff, ""},
	// A 64-bit add on every architecture, whatever its uintptr (unlike
	// xadduintptr): 32-bit ones carry into the high word, both byte orders.
	{"386", 0x00000000ffffffff, 1, 0x0000000100000000, ""},
	{"mips", 0x00000000ffffffff, 1, 0x0000000100000000, ""},
	{"arm", 0x0000000100000000, -1, 0x00000000ffffffff, ""},
	{"mipsle", 0x10, -0x20, 0xfffffffffffffff0, "runtime: val=18446744073709551600 n=-32\n" THROW},
	{"mips", 0, -1, 0xffffffffffffffff, "runtime: val=18446744073709551615 n=-1\n" THROW},
};

static void check_case(long i, const add_case *k) {
	const xr_arch *a = xr_arch_lookup(k->arch);
	xr_cell c = xr_cell_store(a, k->cell);
	xr_outcome o;
	xr_sysmemstat_add_outcome(a, &c, k->n, &o);
	char what[96];
	snprintf(what, sizeof what, "case %ld (%s) cell", i, k->arch);
	XR_CHECK_U64(what, xr_cell_load(a, &c), k->after);
	snprintf(what, sizeof what, "case %ld (%s) stderr", i, k->arch);
	XR_CHECK_STR(what, o.stderr_.s, k->stderr_);
	bool want_exit = k->stderr_[0] != '\0';
	const char *frame = want_exit ? "runtime.(*sysMemStat).add(" : "";
	snprintf(what, sizeof what, "case %ld (%s) traceback", i, k->arch);
	XR_CHECK_STR(what, o.traceback != NULL ? o.traceback : "", frame);
	if (o.exited != want_exit || (want_exit && o.exit_code != 2)) {
		XR_FAIL("case %ld (%s): exited=%d code=%d, want exited=%d code 2", i, k->arch,
			o.exited, o.exit_code, want_exit);
	}
}

// The stat check's ops by name (xr_stat_op), and throw's printindented.
static void check_ops_and_throw(void) {
	const xr_arch *a = xr_arch_lookup("amd64");
	xr_cell c = xr_cell_store(a, 0x10);
	xr_outcome o;
	XR_CHECK_U64("op add returns", xr_stat_op(a, "add", &c, 0xffffffffffffffe0, &o), 1);
	XR_CHECK_STR("op add -0x20", o.stderr_.s, "runtime: val=18446744073709551600 n=-32\n" THROW);
	c = xr_cell_store(a, 0x10);
	XR_CHECK_U64("op dec returns", xr_stat_op(a, "dec", &c, 0x20, &o), 1);
	XR_CHECK_STR("op dec 0x20", o.stderr_.s, "runtime: stat underflow: val -16, n 32\n");
	XR_CHECK_U64("op sub", xr_stat_op(a, "sub", &c, 1, &o), 0);

	xr_outcome t = {.exited = false};
	xr_throw(&t, "two\nlines", "f(");
	XR_CHECK_STR("printindented", t.stderr_.s, "fatal error: two\n\tlines\n\ngoroutine ");
}

int main(void) {
	long n = sizeof cases / sizeof cases[0];
	for (long i = 0; i < n; i++) {
		check_case(i, &cases[i]);
	}
	check_ops_and_throw();
	return xr_test_done("sysmemstat_test", n + 5);
}

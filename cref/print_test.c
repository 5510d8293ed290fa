// The runtime's integer printing by era, at the values where eras differ.
#include "print.h"
#include "testing.h"

typedef struct {
	const char *arch;
	xr_print_era era;
	uint64_t v;
	const char *want;
} print_case;

static const print_case cases[] = {
	{"amd64", XR_PRINT_2015, 0, "0"},
	{"amd64", XR_PRINT_2015, 0x7fffffffffffffff, "9223372036854775807"},
	{"amd64", XR_PRINT_2015, 0x8000000000000000, "-9223372036854775808"},
	{"amd64", XR_PRINT_2015, 0xfffffffffffffff0, "-16"},
	{"amd64", XR_PRINT_GO119, 0xfffffffffffffff0, "18446744073709551600"},
	{"amd64", XR_PRINT_GO119, 0xffffffffffffffff, "18446744073709551615"},
	{"386", XR_PRINT_2015, 0xffffffff, "4294967295"},  // zero-extends
	{"386", XR_PRINT_2015, 0x80000000, "2147483648"},
	{"386", XR_PRINT_GO119, 0xffffffff, "4294967295"},
	{"386", XR_PRINT_2015, 0x1ffffffff, "4294967295"},  // only the uintptr's bits
};

int main(void) {
	long n = sizeof cases / sizeof cases[0];
	for (long i = 0; i < n; i++) {
		xr_buf b = {.len = 0};
		b.s[0] = '\0';
		xr_print_uintptr(&b, cases[i].era, xr_arch_lookup(cases[i].arch), cases[i].v);
		char what[64];
		snprintf(what, sizeof what, "case %ld (%s)", i, cases[i].arch);
		XR_CHECK_STR(what, b.s, cases[i].want);
	}
	xr_buf b = {.len = 0};
	xr_print_int(&b, -1);
	xr_print_string(&b, " ");
	xr_print_uint(&b, 10);
	XR_CHECK_STR("printint/printuint", b.s, "-1 10");
	return xr_test_done("print_test", n + 1);
}

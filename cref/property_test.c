// Randomized agreement between the model and the oracle (oracle.h), which
// adds byte by byte with an explicit carry and decides overflow/underflow
// from that carry rather than from mstats.go's comparisons. At least 10^6 cases per architecture by default
// (XADDREF_CASES), seed printed (XADDREF_SEED).
#include "draw.h"
#include "mstats.h"
#include "oracle.h"
#include "testing.h"

static void check_xadd(const xr_arch *a, uint64_t v, uint64_t d, long i) {
	xr_cell c = xr_cell_store(a, v), o = c;
	uint64_t ret = xr_xadduintptr(a, &c, d);
	xr_oracle_add(a, o.b, a->ptrsize, d);
	if (ret != xr_oracle_word(a, o.b, a->ptrsize) || memcmp(c.b, o.b, 8) != 0) {
		XR_FAIL("%s case %ld: xadd cell=0x%016" PRIx64 " delta=0x%" PRIx64, a->name, i, v, d);
	}
}

static void check_stat(const xr_arch *a, bool inc, uint64_t v, uint64_t n, long i) {
	xr_cell c = xr_cell_store(a, v), o = c;
	xr_outcome got;
	(inc ? xr_msysstat_inc : xr_msysstat_dec)(a, &c, n, &got);
	char want[160];
	bool exits = xr_oracle_stat(a, inc, o.b, n, want, sizeof want);
	if (memcmp(c.b, o.b, 8) != 0 || strcmp(got.stderr_.s, want) != 0 || got.exited != exits ||
	    (exits && got.exit_code != 2)) {
		XR_FAIL("%s case %ld: %s cell=0x%016" PRIx64 " n=0x%" PRIx64 ": got \"%s\", want \"%s\"",
			a->name, i, inc ? "stat-inc" : "stat-dec", v, n, got.stderr_.s, want);
	}
}

int main(void) {
	uint64_t seed = xr_test_seed("property_test");
	long per_arch = xr_test_count(1000000);
	long cases = 0;
	for (size_t k = 0; k < xr_narches; k++) {
		const xr_arch *a = &xr_arches[k];
		uint64_t mask = xr_uintptr_mask(a);
		for (long i = 0; i < per_arch && xr_test_failures < 10; i++) {
			uint64_t v = xr_edgy(&seed), d = xr_edgy(&seed) & mask;
			check_xadd(a, v, d, i);
			check_stat(a, true, v, d, i);
			check_stat(a, false, v, d, i);
		}
		cases += 3 * per_arch;
	}
	return xr_test_done("property_test", cases);
}

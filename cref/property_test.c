// Randomized agreement between the model and an oracle written differently:
// the oracle adds byte by byte, in order of significance, with an explicit
// carry, and decides overflow/underflow from that carry rather than from
// mstats.go's comparisons. At least 10^6 cases per architecture by default
// (XADDREF_CASES), seed printed (XADDREF_SEED).
#include "mstats.h"
#include "testing.h"

// The memory index of the k-th least significant byte of a size-byte word.
static unsigned byte_at(const xr_arch *a, unsigned size, unsigned k) {
	return a->big_endian ? size - 1 - k : k;
}

// oracle_add adds delta's low size bytes into the word at mem, returns the
// carry out of its most significant byte.
static unsigned oracle_add(const xr_arch *a, uint8_t *mem, unsigned size, uint64_t delta) {
	unsigned carry = 0;
	for (unsigned k = 0; k < size; k++) {
		unsigned i = byte_at(a, size, k);
		unsigned sum = mem[i] + (unsigned)((delta >> (8 * k)) & 0xff) + carry;
		mem[i] = (uint8_t)sum;
		carry = sum >> 8;
	}
	return carry;
}

static uint64_t oracle_word(const xr_arch *a, const uint8_t *mem, unsigned size) {
	uint64_t v = 0;
	for (unsigned k = size; k-- > 0;) {
		v = v << 8 | mem[byte_at(a, size, k)];
	}
	return v;
}

// Values next to the edges half of the time, uniform otherwise.
static uint64_t edgy(xr_rng *r) {
	static const uint64_t edges[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff,
					 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
					 0xffffffffffffffff};
	uint64_t x = xr_rng_next(r);
	if (x & 1) {
		return x;
	}
	uint64_t e = edges[(x >> 1) % (sizeof edges / sizeof edges[0])];
	return e + ((x >> 8) % 5) - 2;  // within two of the edge, wrapping
}

static void check_xadd(const xr_arch *a, uint64_t v, uint64_t d, long i) {
	xr_cell c = xr_cell_store(a, v), o = c;
	uint64_t ret = xr_xadduintptr(a, &c, d);
	oracle_add(a, o.b, a->ptrsize, d);
	if (ret != oracle_word(a, o.b, a->ptrsize) || memcmp(c.b, o.b, 8) != 0) {
		XR_FAIL("%s case %ld: xadd cell=0x%016" PRIx64 " delta=0x%" PRIx64, a->name, i, v, d);
	}
}

// The message the oracle expects: snprintf's formatting of the 2015 print.
static void oracle_msg(const xr_arch *a, char *out, size_t size, const char *what,
		       uint64_t val, uint64_t n) {
	if (a->ptrsize == 8) {
		snprintf(out, size, "runtime: stat %s: val %" PRId64 ", n %" PRId64 "\n", what,
			 (int64_t)val, (int64_t)n);
	} else {
		snprintf(out, size, "runtime: stat %s: val %" PRIu64 ", n %" PRIu64 "\n", what, val,
			 n);
	}
}

static void check_stat(const xr_arch *a, bool inc, uint64_t v, uint64_t n, long i) {
	xr_cell c = xr_cell_store(a, v), o = c;
	xr_outcome got;
	(inc ? xr_msysstat_inc : xr_msysstat_dec)(a, &c, n, &got);

	char want[160] = "";
	if (a->big_endian) {
		oracle_add(a, o.b, 8, inc ? n : ~n + 1);
	} else {
		uint64_t old = oracle_word(a, o.b, a->ptrsize);
		uint64_t two_complement = (~n + 1) & xr_uintptr_mask(a);
		unsigned carry = oracle_add(a, o.b, a->ptrsize, inc ? n : two_complement);
		uint64_t val = oracle_word(a, o.b, a->ptrsize);
		if (inc && carry) {
			oracle_msg(a, want, sizeof want, "overflow", val, n);
		} else if (!inc && n > old) {
			oracle_msg(a, want, sizeof want, "underflow", val, n);
		}
	}
	if (memcmp(c.b, o.b, 8) != 0 || strcmp(got.stderr_.s, want) != 0 ||
	    got.exited != (want[0] != '\0') || (got.exited && got.exit_code != 2)) {
		XR_FAIL("%s case %ld: %s cell=0x%016" PRIx64 " n=0x%" PRIx64 ": got \"%s\", want \"%s\"",
			a->name, i, inc ? "stat-inc" : "stat-dec", v, n, got.stderr_.s, want);
	}
}

int main(void) {
	xr_rng r = {xr_test_seed("property_test")};
	long per_arch = xr_test_count(1000000);
	long cases = 0;
	for (size_t k = 0; k < xr_narches; k++) {
		const xr_arch *a = &xr_arches[k];
		uint64_t mask = xr_uintptr_mask(a);
		for (long i = 0; i < per_arch && xr_test_failures < 10; i++) {
			uint64_t v = edgy(&r), d = edgy(&r) & mask;
			check_xadd(a, v, d, i);
			check_stat(a, true, v, d, i);
			check_stat(a, false, v, d, i);
		}
		cases += 3 * per_arch;
	}
	return xr_test_done("property_test", cases);
}

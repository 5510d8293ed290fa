// The host's native xadduintptr under many threads, in the shape of the
// seed's TestXadduintptr (runtime/atomic_test.go), and its byte layout on
// a uint64 against the model's for the host architecture (any the model
// knows: a host it does not know fails the test).
#include <pthread.h>
#include <stdbool.h>

#include "cell.h"
#include "native.h"
#include "testing.h"

enum { kThreads = 8, kIter = 100000, kInc = 100 };

static _Atomic uintptr_t total;
static bool pairs;  // add then subtract, so the total returns to 0

static void *worker(void *arg) {
	(void)arg;
	for (int j = 0; j < kIter; j++) {
		xr_native_xadduintptr(&total, kInc);
		if (pairs) {
			xr_native_xadduintptr(&total, (uintptr_t)0 - kInc);
		}
	}
	return NULL;
}

static void run_parallel(void) {
	pthread_t t[kThreads];
	for (int i = 0; i < kThreads; i++) {
		pthread_create(&t[i], NULL, worker, NULL);
	}
	for (int i = 0; i < kThreads; i++) {
		pthread_join(t[i], NULL);
	}
}

// host_arch is the model's architecture this test was compiled for, by
// the compiler's own macros; NULL for a host the model does not know.
static const xr_arch *host_arch(void) {
#if defined(__x86_64__)
	return xr_arch_lookup("amd64");
#elif defined(__i386__)
	return xr_arch_lookup("386");
#elif defined(__aarch64__)
	return xr_arch_lookup("arm64");
#elif defined(__arm__)
	return xr_arch_lookup("arm");
#elif defined(__powerpc64__) && defined(__BIG_ENDIAN__)
	return xr_arch_lookup("ppc64");
#elif defined(__powerpc64__)
	return xr_arch_lookup("ppc64le");
#elif defined(__mips64) && defined(__MIPSEB__)
	return xr_arch_lookup("mips64");
#elif defined(__mips64)
	return xr_arch_lookup("mips64le");
#elif defined(__mips__) && defined(__MIPSEB__)
	return xr_arch_lookup("mips");
#elif defined(__mips__)
	return xr_arch_lookup("mipsle");
#elif defined(__s390x__)
	return xr_arch_lookup("s390x");
#elif defined(__riscv) && __riscv_xlen == 64
	return xr_arch_lookup("riscv64");
#elif defined(__loongarch64)
	return xr_arch_lookup("loong64");
#else
	return NULL;
#endif
}

int main(void) {
	long cases = 0;
	run_parallel();
	XR_CHECK_U64("sum", atomic_load(&total), (uint64_t)kThreads * kIter * kInc);
	atomic_store(&total, 0);
	pairs = true;
	run_parallel();
	XR_CHECK_U64("pairs", atomic_load(&total), 0);
	cases += 2;

	// The layout of the host's own add on a uint64, against the model's:
	// on a host the model does not know, a failure, not a pass that
	// checked nothing.
	const xr_arch *a = host_arch();
	if (a == NULL) {
		XR_FAIL("the model has no architecture for this host: the layout is not checked");
	} else if (a->ptrsize != sizeof(uintptr_t) ||
		   a->big_endian != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)) {
		XR_FAIL("the model's %s (ptrsize %u, big-endian %d) is not this host (ptrsize %zu, "
			"big-endian %d)",
			a->name, a->ptrsize, a->big_endian, sizeof(uintptr_t),
			__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	} else {
		printf("native_test: the layout on the host, as the model's %s\n", a->name);
		static const uint64_t starts[] = {0, 0xffffffff, 0x00000001ffffffff, ~0ULL};
		for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
			// xadduintptr((*uintptr)(unsafe.Pointer(&val)), 1), natively.
			union {
				uint64_t u64;
				_Atomic uintptr_t word;
			} real;
			real.u64 = starts[i];
			xr_native_xadduintptr(&real.word, 1);
			xr_cell model = xr_cell_store(a, starts[i]);
			xr_xadduintptr(a, &model, 1);
			char what[64];
			snprintf(what, sizeof what, "layout from 0x%016" PRIx64, starts[i]);
			XR_CHECK_U64(what, real.u64, xr_cell_load(a, &model));
			cases++;
		}
	}
	return xr_test_done("native_test", cases);
}

// The host's native xadduintptr under many threads, in the shape of the
// seed's TestXadduintptr (runtime/atomic_test.go), and its byte layout on
// a uint64 against the model's for the host architecture.
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

static const xr_arch *host_arch(void) {
#if defined(__x86_64__)
	return xr_arch_lookup("amd64");
#elif defined(__i386__)
	return xr_arch_lookup("386");
#elif defined(__aarch64__)
	return xr_arch_lookup("arm64");
#elif defined(__arm__)
	return xr_arch_lookup("arm");
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

	const xr_arch *a = host_arch();
	if (a != NULL) {
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

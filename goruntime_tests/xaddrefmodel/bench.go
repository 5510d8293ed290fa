//go:build go1.18
// +build go1.18

package xaddrefmodel

/*
#include <stdint.h>
#include <time.h>
#include "cref/native.h"

static _Atomic uintptr_t bench_cell;
static _Atomic int bench_arrived;

static int64_t bench_now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// The loop of the host's own xadduintptr (cref/native.h) on one cell shared
// by every caller, timed in C: it waits until parties callers have arrived,
// adds 0, 1, ..., n-1 and returns the loop's nanoseconds.
static int64_t bench_native(long n, int parties) {
	atomic_fetch_add(&bench_arrived, 1);
	while (atomic_load(&bench_arrived) < parties) {
	}
	int64_t t0 = bench_now();
	for (long i = 0; i < n; i++) {
		xr_native_xadduintptr(&bench_cell, (uintptr_t)i);
	}
	return bench_now() - t0;
}

static void bench_native_reset(void) { atomic_store(&bench_arrived, 0); }
*/
import "C"

// NativeLoop runs n additions of the host's atomic add on a cell shared by
// parties concurrent callers (after NativeLoopReset, each waits for the
// others before it starts) and returns the nanoseconds its loop took, as
// measured in C.
func NativeLoop(n, parties int) int64 { return int64(C.bench_native(C.long(n), C.int(parties))) }

// NativeLoopReset prepares the next round of NativeLoop calls.
func NativeLoopReset() { C.bench_native_reset() }

// Package xaddrefmodel exposes xaddref's C reference model to the
// runtime's tests through cgo. The kit installs it as src/runtime/xaddrefmodel
// of a scratch Go tree with the model's files that Bazel lists for
// //cref:xaddrefmodel in cref/, compiled as part of model.c, and with
// cflags.go, Bazel's C flags for them (-std=c11 -Wall -Wextra -Werror
// ...). Every call handles a whole batch, so that checking costs one cgo
// call per batch, not per op.
//
// The package compiles with the Go of 2015 as well as with Go 1.19 and
// Go 1.26.
package xaddrefmodel

/*
// On top of Bazel's flags (cflags.go), for the values check's speed:
// model.c inlines the model into its batch loops.
#cgo CFLAGS: -O3 -fvisibility=hidden
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "cref/arch.h"
#include "cref/cell.h"
#include "cref/mstats.h"
#include "cref/native.h"
#include "model.h"

// xadduintptr on a uintptr holding start[i]: the new value, in ret and after.
static void batch_xadd_word(const xr_arch *a, const uint64_t *start, const uint64_t *delta,
			    uint64_t *ret, uint64_t *after, long n) {
	for (long i = 0; i < n; i++) {
		xr_cell c = xr_cell_with_word(a, start[i]);
		ret[i] = xr_xadduintptr(a, &c, delta[i]);
		after[i] = xr_cell_word(a, &c);
	}
}

// xadduintptr on the address of a uint64 holding cell[i].
static void batch_xadd_cell(const xr_arch *a, const uint64_t *cell, const uint64_t *delta,
			    uint64_t *ret, uint64_t *after, long n) {
	for (long i = 0; i < n; i++) {
		xr_cell c = xr_cell_store(a, cell[i]);
		ret[i] = xr_xadduintptr(a, &c, delta[i]);
		after[i] = xr_cell_load(a, &c);
	}
}

// The value of a uintptr holding start after xadduintptr of every delta in turn.
static uint64_t fold_xadd_word(const xr_arch *a, uint64_t start, const uint64_t *delta, long n) {
	xr_cell c = xr_cell_with_word(a, start);
	for (long i = 0; i < n; i++) {
		xr_xadduintptr(a, &c, delta[i]);
	}
	return xr_cell_word(a, &c);
}

// The stat check's op (xr_stat_op) on a cell: the exit code (-1: the call
// returns; -2: no such op), the bytes written to fd 2 and, where a
// traceback follows them, the frame it must show.
static int stat_call(const xr_arch *a, const char *op, uint64_t *cell, uint64_t n, char *msg,
		     size_t size, char *frame, size_t fsize) {
	xr_cell c = xr_cell_store(a, *cell);
	xr_outcome o;
	if (!xr_stat_op(a, op, &c, n, &o)) {
		return -2;
	}
	*cell = xr_cell_load(a, &c);
	snprintf(msg, size, "%s", o.stderr_.s);
	snprintf(frame, fsize, "%s", o.traceback != NULL ? o.traceback : "");
	return o.exited ? o.exit_code : -1;
}

static _Atomic uintptr_t native_cell;

static void native_add(const uint64_t *delta, long n) {
	for (long i = 0; i < n; i++) {
		xr_native_xadduintptr(&native_cell, (uintptr_t)delta[i]);
	}
}

static uint64_t native_load(void) { return atomic_load(&native_cell); }
static void native_store(uint64_t v) { atomic_store(&native_cell, (uintptr_t)v); }
*/
import "C"

import "unsafe"

func arch(goarch string) *C.xr_arch {
	name := C.CString(goarch)
	defer C.free(unsafe.Pointer(name))
	a := C.xr_arch_lookup(name)
	if a == nil {
		panic("xaddrefmodel: the model has no architecture " + goarch)
	}
	return a
}

// Known reports whether the model has goarch.
func Known(goarch string) bool {
	name := C.CString(goarch)
	defer C.free(unsafe.Pointer(name))
	return C.xr_arch_lookup(name) != nil
}

// PtrSize and BigEndian are the model's view of goarch.
func PtrSize(goarch string) int    { return int(arch(goarch).ptrsize) }
func BigEndian(goarch string) bool { return bool(arch(goarch).big_endian) }

func u64p(s []uint64) *C.uint64_t { return (*C.uint64_t)(unsafe.Pointer(&s[0])) }

// XaddWord fills ret and after with the model of xadduintptr(&x, delta[i])
// on a uintptr x holding start[i].
func XaddWord(goarch string, start, delta, ret, after []uint64) {
	if len(start) == 0 {
		return
	}
	C.batch_xadd_word(arch(goarch), u64p(start), u64p(delta), u64p(ret), u64p(after), C.long(len(start)))
}

// Operands draws the values check's operands (model.h), every one afresh,
// and the model's results, a batch at a time, for one architecture: the
// same seed draws the same operations.
type Operands struct {
	arch *C.xr_arch
	c    C.xr_operands
}

// MaxBatch is the most operations a batch has.
const MaxBatch = C.XR_OPERANDS_BATCH

// NewOperands returns the operands of seed on goarch.
func NewOperands(goarch string, seed uint64) *Operands {
	o := &Operands{arch: arch(goarch)}
	o.c.seed = C.uint64_t(seed)
	return o
}

// Draw draws a batch of len(cell) operations, at most MaxBatch, of
// Xadduintptr(&cell[i], delta[i]): it sets cell[i] to the value the
// uintptr starts from and want[i] to the model's result, the value
// Xadduintptr returns and leaves in cell[i], and returns the deltas (which
// the next Draw replaces). The slices have one length.
func (o *Operands) Draw(cell, want []uintptr) (delta []uintptr) {
	if len(cell) == 0 || len(want) != len(cell) {
		panic("xaddrefmodel: Draw with slices of other lengths")
	}
	switch C.xr_operands_draw(o.arch, &o.c, uptrp(cell), uptrp(want), C.long(len(cell))) {
	case -1:
		panic("xaddrefmodel: Draw of a batch larger than MaxBatch")
	case -2:
		panic("xaddrefmodel: the model's xadduintptr returned a value other than it left")
	}
	return (*[MaxBatch]uintptr)(unsafe.Pointer(&o.c.delta[0]))[:len(cell):len(cell)]
}

// Operation returns the operands of the last batch's operation i.
func (o *Operands) Operation(i int) (start, delta uint64) {
	return uint64(C.xr_operands_start(o.arch, &o.c, C.long(i))), uint64(o.c.delta[i])
}

// ISA names the copy of the batch loop Draw runs on this CPU: "avx512",
// "avx2" (amd64) or "generic".
func (o *Operands) ISA() string { return C.GoString(C.xr_operands_isa(o.arch)) }

func uptrp(s []uintptr) *C.uintptr_t { return (*C.uintptr_t)(unsafe.Pointer(&s[0])) }

// XaddCell is the model of xadduintptr((*uintptr)(unsafe.Pointer(&v)), delta[i])
// on a uint64 v holding cell[i]: the returned value and v after.
func XaddCell(goarch string, cell, delta, ret, after []uint64) {
	if len(cell) == 0 {
		return
	}
	C.batch_xadd_cell(arch(goarch), u64p(cell), u64p(delta), u64p(ret), u64p(after), C.long(len(cell)))
}

// FoldWord is the model of a uintptr holding start after xadduintptr of
// every delta in turn.
func FoldWord(goarch string, start uint64, delta []uint64) uint64 {
	if len(delta) == 0 {
		return start
	}
	return uint64(C.fold_xadd_word(arch(goarch), C.uint64_t(start), u64p(delta), C.long(len(delta))))
}

// Stat is the model of the stat check's op on a cell holding cell: "inc"
// or "dec" (6ad33be's mSysStatInc, mSysStatDec), "add" (Go 1.19's and
// later (*sysMemStat).add, n an int64's bits). It returns the cell after,
// the exit code (-1: the call returns) and the bytes written to fd 2: all
// of them, or, where throw's traceback follows them, those before it and
// the frame the traceback must show (traceback, "" where nothing follows).
func Stat(goarch, op string, cell, n uint64) (after uint64, exit int, stderr, traceback string) {
	var buf, frame [256]C.char
	cop := C.CString(op)
	defer C.free(unsafe.Pointer(cop))
	c := C.uint64_t(cell)
	code := C.stat_call(arch(goarch), cop, &c, C.uint64_t(n), &buf[0], C.size_t(len(buf)), &frame[0], C.size_t(len(frame)))
	if code == -2 {
		panic("xaddrefmodel: the model has no stat op " + op)
	}
	return uint64(c), int(code), C.GoString(&buf[0]), C.GoString(&frame[0])
}

// NativeAdd adds each delta to the C side's cell with the host's atomic add.
func NativeAdd(delta []uint64) {
	if len(delta) == 0 {
		return
	}
	C.native_add(u64p(delta), C.long(len(delta)))
}

// NativeLoad and NativeStore read and set the C side's cell.
func NativeLoad() uint64   { return uint64(C.native_load()) }
func NativeStore(v uint64) { C.native_store(C.uint64_t(v)) }

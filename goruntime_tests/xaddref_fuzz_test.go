//go:build go1.18 && cgo
// +build go1.18,cgo

package runtime_test

import (
	"runtime"
	"runtime/xaddrefmodel"
	"testing"
	"unsafe"
)

// FuzzXaddrefXadduintptr: Xadduintptr on a uintptr and on a uint64's
// address, against the model, for operands the fuzzer chooses (a delta is
// cut to the uintptr width, as a uintptr argument is). The runtime is not
// instrumented for coverage, so the fuzzer mutates its inputs blindly, a
// small step from its seeds: each input is also tried complemented, with
// its halves swapped, hashed (a uniform value) and with the delta negated,
// so that every step reaches the carries across the word and its halves.
// tools/xaddref fuzz runs it with go test -fuzz; a disagreement fails with
// the operands, and go test saves the input under testdata/fuzz.
func FuzzXaddrefXadduintptr(f *testing.F) {
	for _, seed := range [][2]uint64{
		{0, 0}, {0, 1}, {1<<32 - 1, 1}, {1<<64 - 1, 1}, {1<<63 - 1, 1},
		{0x00000001ffffffff, 1}, {0xffffffff00000000, 1<<64 - 1}, {0x10, 1<<64 - 0x20},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, start, delta uint64) {
		for _, s := range [...]uint64{start, ^start, start<<32 | start>>32, xaddrefMix(start)} {
			for _, d := range [...]uint64{delta, -delta, xaddrefMix(delta ^ s)} {
				xaddrefFuzzOne(t, s, d&xaddrefMask)
			}
		}
	})
}

// xaddrefMix is splitmix64's finalizer: a bijection that spreads every bit.
func xaddrefMix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func xaddrefFuzzOne(t *testing.T, start, delta uint64) {
	var in, d, ret, after [1]uint64
	in[0], d[0] = start&xaddrefMask, delta
	xaddrefmodel.XaddWord(runtime.GOARCH, in[:], d[:], ret[:], after[:])
	x := uintptr(in[0])
	if got := uint64(runtime.Xadduintptr(&x, uintptr(delta))); got != ret[0] || uint64(x) != after[0] {
		t.Errorf("uintptr %#x delta %#x: runtime ret %#x value %#x, model ret %#x value %#x",
			in[0], delta, got, uint64(x), ret[0], after[0])
	}
	in[0] = start
	xaddrefmodel.XaddCell(runtime.GOARCH, in[:], d[:], ret[:], after[:])
	v := start
	if got := uint64(runtime.Xadduintptr((*uintptr)(unsafe.Pointer(&v)), uintptr(delta))); got != ret[0] || v != after[0] {
		t.Errorf("uint64 %#016x delta %#x: runtime ret %#x uint64 %#016x, model ret %#x uint64 %#016x",
			start, delta, got, v, ret[0], after[0])
	}
}

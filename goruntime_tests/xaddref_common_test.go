// xaddref's differential tests of the runtime against the C reference model.
// The kit installs these files into a scratch copy of a Go tree's
// src/runtime; they compile with the Go of 2015 as well as with Go 1.19
// (no subtests, no t.Helper, no math/bits).

package runtime_test

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"
)

var (
	xaddrefSeed = flag.Int64("xaddref.seed", 0, "seed of xaddref's randomized tests (0: from the clock)")
	xaddrefOps  = flag.Int("xaddref.ops", 1000000, "operations xaddref's value test compares")
)

const xaddrefPtrSize = int(unsafe.Sizeof(uintptr(0)))

// xaddrefMask is the largest uintptr, as a uint64.
const xaddrefMask = uint64(^uintptr(0))

// xaddrefBigEndian reports the running machine's byte order.
func xaddrefBigEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 0
}

// xaddrefRand returns the generator of a randomized test and prints its
// seed, so that a failure reproduces with -xaddref.seed.
func xaddrefRand(check string) (*rand.Rand, int64) {
	seed := *xaddrefSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	fmt.Printf("XADDREF seed check=%s goarch=%s seed=%d (rerun: -xaddref.seed=%d)\n", check, runtime.GOARCH, seed, seed)
	return newXaddrefRand(seed), seed
}

func newXaddrefRand(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }

// xaddrefResult prints the line the kit's report reads.
func xaddrefResult(check string, ops, mismatches int, seed int64) {
	fmt.Printf("XADDREF result check=%s goarch=%s ops=%d mismatches=%d seed=%d\n", check, runtime.GOARCH, ops, mismatches, seed)
}

func xaddrefUint64(r *rand.Rand) uint64 {
	return uint64(r.Int63())<<1 ^ uint64(r.Int63())
}

// xaddrefEdgy returns a value next to an edge of the word half of the time
// (0, powers of two around the word size, the maximum; both wraps), and a
// uniform one otherwise, masked to the uintptr width.
func xaddrefEdgy(r *rand.Rand) uint64 { return xaddrefEdgy64(r) & xaddrefMask }

// xaddrefEdgy64 is xaddrefEdgy's value before the mask: an operand of
// 64 bits whatever the uintptr (an int64's, as (*sysMemStat).add takes).
func xaddrefEdgy64(r *rand.Rand) uint64 {
	edges := [...]uint64{0, 1 << 31, 1 << 32, 1 << 63, 1<<31 - 1, 1<<32 - 1, 1<<63 - 1, 1<<64 - 1}
	x := xaddrefUint64(r)
	if x&1 == 1 {
		return x
	}
	e := edges[(x>>1)%uint64(len(edges))]
	return e + (x>>8)%5 - 2
}

// xaddrefReport collects the first mismatches of a check.
type xaddrefReport struct {
	check      string
	mismatches int
	first      []string
}

// finish prints the check's result line and fails the test on a mismatch.
func (rep *xaddrefReport) finish(t *testing.T, ops int, seed int64) {
	xaddrefResult(rep.check, ops, rep.mismatches, seed)
	for _, m := range rep.first {
		t.Errorf("%s: %s", rep.check, m)
	}
	if rep.mismatches > 0 {
		t.Errorf("%s: %d of %d operations differ from the model (seed %d)", rep.check, rep.mismatches, ops, seed)
	}
}

func (rep *xaddrefReport) add(format string, args ...interface{}) {
	rep.mismatches++
	if len(rep.first) < 5 {
		rep.first = append(rep.first, fmt.Sprintf(format, args...))
	}
}

// xaddrefChild is this test binary run again with args, in a child
// process, started the way the kit started this one: $XADDREF_EXEC is the
// emulator's command (with its options) where the kernel cannot start the
// binary itself.
func xaddrefChild(args ...string) *exec.Cmd {
	if emu := strings.Fields(os.Getenv("XADDREF_EXEC")); len(emu) > 0 {
		return exec.Command(emu[0], append(append(emu[1:], os.Args[0]), args...)...)
	}
	return exec.Command(os.Args[0], args...)
}

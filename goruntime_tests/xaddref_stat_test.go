//go:build cgo
// +build cgo

package runtime_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/xaddrefmodel"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// mSysStatInc and mSysStatDec (exported by the kit's test hooks) against
// the model: in-process where the call returns; where the model says it
// exits, in a child (this test binary run again), expecting exit status 2
// and stderr byte-identical to the model's message.
func TestXaddrefStat(t *testing.T) {
	if c := os.Getenv("XADDREF_STAT_CHILD"); c != "" {
		xaddrefStatChild(c)
		return
	}
	xaddrefArch(t)
	r, seed := xaddrefRand("stat")
	rep := &xaddrefReport{check: "stat"}
	type statCase struct {
		inc     bool
		cell, n uint64
	}
	var cases []statCase
	edges := []uint64{0, 1, 0x10, 0x20, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1 << 32, 0x00000005fffffff0, 1<<63 - 1, 1 << 63, 1<<64 - 1}
	for _, c := range edges {
		for _, n := range []uint64{0, 1, 0x20, 1<<32 - 1, 1 << 63, 1<<64 - 1} {
			n &= xaddrefMask
			cases = append(cases, statCase{true, c, n}, statCase{false, c, n})
		}
	}
	for i := 0; i < 20000; i++ {
		cases = append(cases, statCase{i%2 == 0, xaddrefUint64(r), xaddrefEdgy(r)})
	}
	// The children's exits must interrupt no thread: under qemu-i386 a
	// thread that returns from a signal handler resumes with another
	// thread's TLS (README, "Environment facts"). At SIGCHLD's default
	// disposition (this runtime's sigdisable, signal1_unix.go) the
	// signal is discarded without a handler, and Wait still reaps.
	signal.Reset(syscall.SIGCHLD)
	exits, children := 0, 0
	for _, c := range cases {
		want, code, msg := xaddrefmodel.Stat(runtime.GOARCH, c.inc, c.cell, c.n)
		if code < 0 {
			v := c.cell
			if c.inc {
				runtime.MSysStatInc(&v, uintptr(c.n))
			} else {
				runtime.MSysStatDec(&v, uintptr(c.n))
			}
			if v != want {
				rep.add("inc=%v cell %#016x n %#x: runtime %#016x, model %#016x", c.inc, c.cell, c.n, v, want)
			}
			continue
		}
		// Every exiting edge case, and the first random ones, in a child.
		exits++
		if exits > 40 {
			continue
		}
		children++
		gotCode, gotErr := xaddrefStatRun(t, c.inc, c.cell, c.n)
		if gotCode != code || gotErr != msg {
			rep.add("inc=%v cell %#016x n %#x: runtime exit %d stderr %q, model exit %d stderr %q", c.inc, c.cell, c.n, gotCode, gotErr, code, msg)
		}
	}
	fmt.Printf("XADDREF stat children=%d exiting=%d\n", children, exits)
	rep.finish(t, len(cases)-exits+children, seed)
}

// xaddrefStatRun runs the test binary again as a child, started the way
// the kit started this one: $XADDREF_EXEC is the emulator's command (with
// its options) where the kernel cannot start the binary itself.
func xaddrefStatRun(t *testing.T, inc bool, cell, n uint64) (int, string) {
	argv := append(strings.Fields(os.Getenv("XADDREF_EXEC")), os.Args[0], "-test.run=^TestXaddrefStat$")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("XADDREF_STAT_CHILD=%v %d %d", inc, cell, n))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return 0, stderr.String()
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok {
			return ws.ExitStatus(), stderr.String()
		}
	}
	t.Fatalf("running the child: %v", err)
	return 0, ""
}

// xaddrefStatChild makes the one call; the runtime is expected to exit.
func xaddrefStatChild(spec string) {
	f := strings.Fields(spec)
	cell, _ := strconv.ParseUint(f[1], 10, 64)
	n, _ := strconv.ParseUint(f[2], 10, 64)
	v := cell
	if f[0] == "true" {
		runtime.MSysStatInc(&v, uintptr(n))
	} else {
		runtime.MSysStatDec(&v, uintptr(n))
	}
	fmt.Fprintf(os.Stdout, "returned: %#x\n", v)
	os.Exit(0)
}

package runtime_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A case of the stat check, with the model's expectation: the cell after
// the call where it returns (exit -1), else the exit status and the bytes
// written to fd 2.
type xaddrefStatCase struct {
	inc     bool
	cell, n uint64
	after   uint64
	exit    int
	stderr  string
}

// xaddrefStatCompare runs each case through the runtime's mSysStatInc or
// mSysStatDec (exported by the kit's test hooks): in-process where the
// model says the call returns; where it says the call exits, in a child
// (this binary run again), expecting the exit status and stderr
// byte-identical to the model's. It returns the operations compared.
func xaddrefStatCompare(t *testing.T, cases []xaddrefStatCase, rep *xaddrefReport) int {
	// The children's exits must interrupt no thread: under qemu-i386 a
	// thread that returns from a signal handler resumes with another
	// thread's TLS (README, "Environment facts"). At SIGCHLD's default
	// disposition (this runtime's sigdisable, signal1_unix.go) the
	// signal is discarded without a handler, and Wait still reaps.
	signal.Reset(syscall.SIGCHLD)
	exits, children := 0, 0
	for _, c := range cases {
		if c.exit < 0 {
			v := c.cell
			if c.inc {
				runtime.MSysStatInc(&v, uintptr(c.n))
			} else {
				runtime.MSysStatDec(&v, uintptr(c.n))
			}
			if v != c.after {
				rep.add("inc=%v cell %#016x n %#x: runtime %#016x, model %#016x", c.inc, c.cell, c.n, v, c.after)
			}
			continue
		}
		// Every exiting edge case, and the first random ones, in a child.
		exits++
		if exits > 40 {
			continue
		}
		children++
		code, stderr := xaddrefStatRun(t, c.inc, c.cell, c.n)
		if code != c.exit || stderr != c.stderr {
			rep.add("inc=%v cell %#016x n %#x: runtime exit %d stderr %q, model exit %d stderr %q", c.inc, c.cell, c.n, code, stderr, c.exit, c.stderr)
		}
	}
	fmt.Printf("XADDREF stat children=%d exiting=%d\n", children, exits)
	return len(cases) - exits + children
}

func xaddrefStatRun(t *testing.T, inc bool, cell, n uint64) (int, string) {
	cmd := xaddrefChild("-test.run=^TestXaddrefStatChild$")
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

// TestXaddrefStatChild is the child's side: one call, which the runtime
// is expected to end with exit(2). Without $XADDREF_STAT_CHILD it does
// nothing.
func TestXaddrefStatChild(t *testing.T) {
	spec := os.Getenv("XADDREF_STAT_CHILD")
	if spec == "" {
		return
	}
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

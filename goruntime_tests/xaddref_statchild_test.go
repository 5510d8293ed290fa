package runtime_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/ioutil"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A case of the stat check: the era's stat updater op (xaddrefStatCall)
// on a cell holding cell, with n, and the model's expectation: the cell
// after the call where it returns (exit -1), else the exit status and the
// bytes written to fd 2; where the call throws, those before throw's
// traceback, and the frame the traceback must show (traceback, "" where
// nothing follows the bytes).
type xaddrefStatCase struct {
	op        string
	cell, n   uint64
	after     uint64
	exit      int
	stderr    string
	traceback string
}

// xaddrefStatCompare runs each case through the runtime's stat updater
// (exported by the kit's test hooks), in children (this binary run again):
// the cases the model says return, in one child that prints each cell
// after, and where the runtime exits instead, in a new child from the next
// case on; each case the model says exits, in a child of its own,
// expecting the exit status and the model's stderr (xaddrefStatStderr).
// (In-process, a runtime that exits where the model returns would end the
// test binary, and the check's result with it.) It returns the operations
// compared.
func xaddrefStatCompare(t *testing.T, cases []xaddrefStatCase, rep *xaddrefReport) int {
	// The children's exits must interrupt no thread (qemu-i386:
	// xaddref_sigchld_linux_386_test.go).
	xaddrefChildExitsUnhandled()
	var returning []xaddrefStatCase
	exits, exitChildren := 0, 0
	for _, c := range cases {
		if c.exit < 0 {
			returning = append(returning, c)
			continue
		}
		// Every exiting edge case, and the first random ones, in a child.
		exits++
		if exits > 40 {
			continue
		}
		exitChildren++
		code, stderr := xaddrefStatRun(t, fmt.Sprintf("one %s %d %d", c.op, c.cell, c.n))
		if code != c.exit || !xaddrefStatStderr(stderr, c) {
			rep.add("%s cell %#016x n %#x: runtime exit %d stderr %q, model exit %d stderr %q then a traceback showing %q",
				c.op, c.cell, c.n, code, xaddrefHead(stderr), c.exit, c.stderr, c.traceback)
		}
	}
	children := exitChildren + xaddrefStatReturning(t, returning, rep)
	fmt.Printf("XADDREF stat children=%d exiting=%d\n", children, exits)
	return len(returning) + exitChildren
}

// xaddrefStatStderr reports whether a child's stderr is the model's: the
// same bytes, or, where throw's traceback follows them (its goroutine
// numbers and addresses differ from run to run), those bytes first, then
// a traceback with the frame the model names.
func xaddrefStatStderr(got string, c xaddrefStatCase) bool {
	if c.traceback == "" {
		return got == c.stderr
	}
	return strings.HasPrefix(got, c.stderr) && strings.Contains(got[len(c.stderr):], "\n"+c.traceback)
}

// xaddrefHead is the start of a child's stderr, for a message: a
// traceback is kilobytes long.
func xaddrefHead(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// xaddrefStatRestarts bounds the children xaddrefStatReturning starts
// after one exited where the model returns: a runtime that exits on most
// calls (a broken xadduintptr) would otherwise start thousands.
const xaddrefStatRestarts = 40

// xaddrefStatReturning runs the cases the model says return in children,
// from a file of them, and returns how many children ran.
func xaddrefStatReturning(t *testing.T, cases []xaddrefStatCase, rep *xaddrefReport) int {
	f, err := ioutil.TempFile("", "xaddref-stat-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	for _, c := range cases {
		fmt.Fprintf(w, "%s %d %d\n", c.op, c.cell, c.n)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	children := 0
	for next := 0; next < len(cases); {
		children++
		out, code, stderr := xaddrefStatRunOut(t, fmt.Sprintf("file %s %d", f.Name(), next))
		for _, l := range strings.Split(out, "\n") {
			fs := strings.Fields(l)
			if len(fs) != 3 || fs[0] != "XS" {
				continue
			}
			k, err1 := strconv.Atoi(fs[1])
			v, err2 := strconv.ParseUint(fs[2], 10, 64)
			if err1 != nil || err2 != nil || k != next {
				t.Fatalf("the stat child printed %q at case %d", l, next)
			}
			if c := cases[k]; v != c.after {
				rep.add("%s cell %#016x n %#x: runtime %#016x, model %#016x", c.op, c.cell, c.n, v, c.after)
			}
			next++
		}
		if next < len(cases) {
			// The runtime ended at case next, where the model returns.
			c := cases[next]
			rep.add("%s cell %#016x n %#x: runtime exit %d stderr %q, model returns %#016x", c.op, c.cell, c.n, code, xaddrefHead(stderr), c.after)
			next++
			if children > xaddrefStatRestarts && next < len(cases) {
				rep.add("%d cases not run: the runtime exited where the model returns %d times", len(cases)-next, children)
				rep.mismatches += len(cases) - next - 1
				break
			}
		}
	}
	return children
}

func xaddrefStatRun(t *testing.T, spec string) (int, string) {
	_, code, stderr := xaddrefStatRunOut(t, spec)
	return code, stderr
}

// xaddrefStatRunOut runs a child of TestXaddrefStatChild with spec, and
// returns its stdout, exit status and stderr. The child runs with
// GOTRACEBACK=single, the default, whatever the parent's: under
// GOTRACEBACK=crash a throw ends the program with SIGABRT, not the exit
// status 2 the model gives.
func xaddrefStatRunOut(t *testing.T, spec string) (string, int, string) {
	cmd := xaddrefChild("-test.run=^TestXaddrefStatChild$")
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "GOTRACEBACK=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, "GOTRACEBACK=single", "XADDREF_STAT_CHILD="+spec)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.String(), 0, stderr.String()
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok {
			return stdout.String(), ws.ExitStatus(), stderr.String()
		}
	}
	t.Fatalf("running the child: %v", err)
	return "", 0, ""
}

// TestXaddrefStatChild is the child's side: "one OP CELL N" makes the one
// call, which the runtime is expected to end; "file PATH K" makes the
// calls of the file's lines from the K-th on, printing each cell after.
// Without $XADDREF_STAT_CHILD it does nothing.
func TestXaddrefStatChild(t *testing.T) {
	spec := strings.Fields(os.Getenv("XADDREF_STAT_CHILD"))
	if len(spec) == 0 {
		return
	}
	call := func(op, cell, n string) uint64 {
		v, _ := strconv.ParseUint(cell, 10, 64)
		m, _ := strconv.ParseUint(n, 10, 64)
		return xaddrefStatCall(op, v, m)
	}
	switch spec[0] {
	case "one":
		fmt.Printf("returned: %#x\n", call(spec[1], spec[2], spec[3]))
	case "file":
		b, err := ioutil.ReadFile(spec[1])
		if err != nil {
			t.Fatal(err)
		}
		from, _ := strconv.Atoi(spec[2])
		for k, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if k < from {
				continue
			}
			f := strings.Fields(l)
			// Written at once, so that a runtime that exits leaves the
			// cases before it printed.
			os.Stdout.WriteString(fmt.Sprintf("XS %d %d\n", k, call(f[0], f[1], f[2])))
		}
	}
	os.Exit(0)
}

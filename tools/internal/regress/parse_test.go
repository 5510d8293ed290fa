package regress

import (
	"strings"
	"testing"
)

// A run of the 2015 runtime's test binary at -test.cpu=2: names get "-2",
// a test's log follows its result line, a parallel test reports at the
// end, and the binary dies in TestNewOSProc0 with TestStackGrowth still
// paused.
const out2015 = `=== RUN TestAppend-2
--- PASS: TestAppend-2 (0.00s)
=== RUN TestStackGrowth-2
=== RUN TestCgoDLLImports-2
--- SKIP: TestCgoDLLImports-2 (0.00s)
	crash_cgo_test.go:88: skipping windows specific test
=== RUN TestGdbPython-2
--- FAIL: TestGdbPython-2 (2.52s)
	runtime-gdb_test.go:107: print mapvar failed: $1 = map[string]string = {[0x504d90 "abc"] = 0x505b10 "def"}
=== RUN TestNewOSProc0-2
runtime: failed to create new OS thread
`

func TestParse2015(t *testing.T) {
	r := parse(out2015, 2, false)
	want := map[string]string{"TestAppend": passed, "TestCgoDLLImports": skipped, "TestGdbPython": failed, "TestNewOSProc0": crashed}
	for name, st := range want {
		if o := r.Tests[name]; o == nil || o.Status != st {
			t.Errorf("%s: %+v, want %s", name, o, st)
		}
	}
	if r.Tests["TestStackGrowth"] != nil {
		t.Errorf("TestStackGrowth, paused when the binary died, is reported: %+v", r.Tests["TestStackGrowth"])
	}
	if r.Crashed != "TestNewOSProc0" || r.Died != "" {
		t.Errorf("crashed %q, died %q; want TestNewOSProc0 and nothing", r.Crashed, r.Died)
	}
	if got := excerpt(r.Tests["TestGdbPython"], 3); !strings.HasPrefix(got, "runtime-gdb_test.go:107: print mapvar failed") {
		t.Errorf("TestGdbPython's excerpt: %q", got)
	}
	if got := excerpt(r.Tests["TestNewOSProc0"], 3); got != "runtime: failed to create new OS thread" {
		t.Errorf("TestNewOSProc0's excerpt: %q", got)
	}
}

// A parallel test's result block at the end belongs to it, not to the
// test that ran last; a run that ends with FAIL did not die.
func TestParseParallelAndEnd(t *testing.T) {
	out := "=== RUN TestStackGrowth\n=== RUN TestZ\n--- PASS: TestZ (0.00s)\n--- FAIL: TestStackGrowth (0.33s)\n\tstack_test.go:80: grew wrong\nFAIL\n"
	r := parse(out, 1, false)
	if o := r.Tests["TestStackGrowth"]; o == nil || o.Status != failed || !strings.Contains(o.Output, "grew wrong") {
		t.Errorf("TestStackGrowth: %+v", o)
	}
	if strings.Contains(r.Tests["TestZ"].Output, "grew wrong") {
		t.Errorf("TestZ has TestStackGrowth's log: %q", r.Tests["TestZ"].Output)
	}
	if r.Crashed != "" || r.Died != "" {
		t.Errorf("a run that printed FAIL: crashed %q, died %q", r.Crashed, r.Died)
	}
}

// Later testing packages indent the name and keep it at -test.cpu=4; a
// binary that dies before any test says so.
func TestParseModernAndDeath(t *testing.T) {
	r := parse("=== RUN   TestA\n    a_test.go:9: boom\n--- FAIL: TestA (0.01s)\nFAIL\n", 4, false)
	if o := r.Tests["TestA"]; o == nil || o.Status != failed || excerpt(o, 2) != "a_test.go:9: boom" {
		t.Errorf("TestA: %+v", o)
	}
	r = parse("qemu: uncaught target signal 11 (Segmentation fault) - core dumped\n", 1, false)
	if len(r.Tests) != 0 || r.Crashed != "" || !strings.Contains(r.Died, "uncaught target signal") {
		t.Errorf("a binary that died at start: %+v", r)
	}
}

func TestIsTest(t *testing.T) {
	for name, want := range map[string]bool{"TestAppend": true, "Test": true, "Test_x": true, "TestMain": false,
		"Testing": false, "TestGC.func1": false, "BenchmarkX": false, "TestMainGoroutineId": true} {
		if isTest(name) != want {
			t.Errorf("isTest(%q) = %v", name, !want)
		}
	}
}

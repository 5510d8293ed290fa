package regress

import (
	"regexp"
	"strconv"
	"strings"

	"xaddref/tools/internal/kit"
)

// Outcomes of one test in one run of a test binary.
const (
	passed  = "pass"
	failed  = "fail"
	skipped = "skip"
	crashed = "crash" // the binary died while the test ran
)

// outcome is one test's result in one run.
type outcome struct {
	Status string
	Output string // its lines: from its === RUN to the next test's, and its result block
}

// failedRun: the test failed or killed the binary.
func (o *outcome) failedRun() bool {
	return o != nil && (o.Status == failed || o.Status == crashed)
}

// run is what one run of a test binary reported.
type run struct {
	Tests map[string]*outcome // by test name, without 2015's -cpu suffix
	// Crashed names the test the binary died in; Died is the output's
	// tail when it died outside any test (at its start, say).
	Crashed string
	Died    string
}

var (
	runLine    = regexp.MustCompile(`^=== RUN\s+(\S+)\s*$`)
	resultLine = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): (\S+) \(`)
)

// parse reads the -test.v output of a run at -test.cpu=cpu. The 2015
// testing package prints "=== RUN TestX", then "--- PASS: TestX-2
// (0.01s)" (the name gets "-N" when N is not 1) followed by the test's
// log, indented; a parallel test's result comes at the end. Later ones
// print "=== RUN   TestX" and keep the name. Each line goes to the test
// whose RUN or result line came last. A test started and never reported
// is one the binary died in (exited is false when it did not exit 0):
// the most recent one, when tests paused by t.Parallel are pending too.
func parse(output string, cpu int, exited bool) *run {
	r := &run{Tests: map[string]*outcome{}}
	var cur *outcome
	var started []string
	ended := false // the run's last line, PASS or FAIL, was printed
	for _, line := range strings.Split(output, "\n") {
		if line == "PASS" || line == "FAIL" {
			ended = true
			continue
		}
		if m := runLine.FindStringSubmatch(line); m != nil {
			name := trimCPU(m[1], cpu)
			cur = &outcome{}
			r.Tests[name] = cur
			started = append(started, name)
		} else if m := resultLine.FindStringSubmatch(line); m != nil {
			name := trimCPU(m[2], cpu)
			if r.Tests[name] == nil {
				r.Tests[name] = &outcome{}
			}
			cur = r.Tests[name]
			cur.Status = strings.ToLower(m[1])
		}
		if cur != nil {
			cur.Output += line + "\n"
		}
	}
	for i := len(started) - 1; i >= 0 && !exited; i-- {
		if o := r.Tests[started[i]]; o.Status == "" {
			o.Status, r.Crashed = crashed, started[i]
			break
		}
	}
	for name, o := range r.Tests {
		if o.Status == "" {
			delete(r.Tests, name) // pending when the binary died: not run
		}
	}
	if !exited && r.Crashed == "" && !ended {
		r.Died = kit.Tail(output, 30)
	}
	return r
}

// trimCPU drops the "-N" the 2015 testing package adds to a test's name
// at -test.cpu=N, N > 1.
func trimCPU(name string, cpu int) string {
	if cpu != 1 {
		return strings.TrimSuffix(name, "-"+strconv.Itoa(cpu))
	}
	return name
}

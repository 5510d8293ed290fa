package regress

import (
	"fmt"
	"strings"

	"xaddref/tools/internal/report"
)

// side is one tree's results on an architecture: the base's, or the
// series'.
type side struct {
	name   string // "the base", "with the series"
	bin    *binary
	listed map[string]bool // the binary's tests
	// builders are its tests that build a program with the go command
	// (programs.go).
	builders map[string]bool
	runs     map[int]*run        // per -test.cpu value
	alone    map[cell][]*outcome // the runs of a test by itself
	secs     float64             // building and running
}

// cell is one test at one -test.cpu value.
type cell struct {
	name string
	cpu  int
}

// Kinds of verdict on a cell, each with its report status (statusOf).
const (
	same    = "same"    // passes on both sides, or fails on neither
	skips   = "skipped" // skipped on both sides: did not run
	changed = "changed" // passes on the base, fails with the series, also alone
	stopped = "stopped" // passes on the base, skipped with the series
	flaky   = "flaky"   // failed in a run, passed alone: not reproduced
	both    = "both"    // fails on both sides
	fixed   = "fixed"   // fails on the base only
	added   = "new"     // in the series' binary only
	gone    = "gone"    // in the base's binary only
	notRun  = "not run" // in a binary, never reported: the binary died around it
)

var statusOf = map[string]string{
	same: report.Pass, fixed: report.Pass, added: report.Pass,
	skips:   report.Skip,
	changed: report.Fail, stopped: report.Fail, notRun: report.Fail,
	flaky: report.Info, both: report.Info, gone: report.Info,
}

// verdict is a cell's judgement and what it rests on.
type verdict struct {
	kind string
	runs string // "base 1+3 runs, 0 failed; with the series 1+3, 4 failed"
	why  string
}

// judge compares a cell's outcomes on the two sides. A failure counts as
// a change when the test fails with the series in its full run and again
// alone, and the base never failed alone: a failure that does not come
// back alone is a flake (or depends on the tests before it), said so.
func judge(c cell, base, with *side) verdict {
	bIn, wIn := base.listed[c.name], with.listed[c.name]
	bf, bn := base.failures(c)
	wf, wn := with.failures(c)
	v := verdict{runs: fmt.Sprintf("runs that failed: the base %d of %d, with the series %d of %d", bf, bn, wf, wn)}
	bo, wo := base.runs[c.cpu].Tests[c.name], with.runs[c.cpu].Tests[c.name]
	switch {
	case bIn && bo == nil || wIn && wo == nil:
		v.kind, v.why = notRun, notRunWhy(c, base, with, bIn && bo == nil)
	case !bIn:
		v.kind = added
		if wf > 0 {
			v.kind = changed
			if with.aloneFailures(c) == 0 {
				v.kind = flaky
			}
		}
	case !wIn:
		v.kind = gone
	case bf == 0 && wf == 0:
		v.kind = same
		switch {
		case bo.Status == skipped && wo.Status == skipped:
			v.kind, v.why = skips, excerpt(wo, 2)
		case bo.Status == passed && wo.Status == skipped:
			v.kind, v.why = stopped, "passes on the base, skipped with the series: "+excerpt(wo, 2)
		}
	case bf == 0 && with.aloneFailures(c) > 0:
		v.kind = changed
	case bf == 0:
		v.kind = flaky
	case wf == 0:
		v.kind = fixed
	case base.aloneFailures(c) == 0 && with.aloneFailures(c) == 0:
		v.kind = flaky // failed in both full runs, never alone
	case base.aloneFailures(c) == 0:
		v.kind = changed // failed in both full runs, alone with the series only
	default:
		v.kind = both
	}
	return v
}

// failures counts a cell's runs on the side that failed, and its runs.
func (s *side) failures(c cell) (fails, runs int) {
	if o := s.runs[c.cpu].Tests[c.name]; o != nil {
		runs++
		if o.failedRun() {
			fails++
		}
	}
	for _, o := range s.alone[c] {
		runs++
		if o == nil || o.failedRun() {
			fails++ // nil: the binary died before the test began
		}
	}
	return fails, runs
}

func (s *side) aloneFailures(c cell) int {
	n := 0
	for _, o := range s.alone[c] {
		if o == nil || o.failedRun() {
			n++
		}
	}
	return n
}

func notRunWhy(c cell, base, with *side, onBase bool) string {
	s := with
	if onBase {
		s = base
	}
	why := fmt.Sprintf("in the test binary %s, but no run at -test.cpu=%d reported it", s.name, c.cpu)
	if d := s.runs[c.cpu].Died; d != "" {
		why += "; the binary died outside any test:\n" + d
	}
	return why
}

// excerpt is the heart of an outcome's output, at most n lines: the
// test's log for a failure or a skip (its indented lines), what the
// binary printed as it died for a crash.
func excerpt(o *outcome, n int) string {
	if o == nil {
		return "(no output: the binary died before the test began)"
	}
	var out []string
	for i, line := range strings.Split(strings.TrimRight(o.Output, "\n"), "\n") {
		if i == 0 || strings.HasPrefix(line, "--- ") || strings.TrimSpace(line) == "" {
			continue
		}
		if o.Status != crashed && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "    ") {
			continue
		}
		if len(line) > 240 {
			line = line[:240] + " ..."
		}
		out = append(out, strings.TrimSpace(line))
		if len(out) == n {
			break
		}
	}
	if len(out) == 0 {
		return "(no output)"
	}
	return strings.Join(out, "\n")
}

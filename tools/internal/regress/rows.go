package regress

import (
	"fmt"
	"sort"
	"strings"

	"xaddref/tools/internal/report"
)

// rank orders statuses for folding a test's cells into its row: the
// worst cell decides.
var rank = map[string]int{report.Skip: 0, report.Pass: 1, report.Info: 2, report.Fail: 3}

// tally counts an architecture's tests by what was found.
type tally struct {
	tests, compared, changed, both, flaky, skipped, added, notRun int
}

// testRows judges every test of either binary at every -test.cpu value
// and folds its cells into one row; causes holds the root cause of each
// changed test (bisect.go), notes what is known of a failure on both.
func testRows(goarch string, base, with *side, cpus []int, causes map[string]string, note func(string, *outcome) string) ([]report.Row, tally) {
	names := map[string]bool{}
	for _, s := range []*side{base, with} {
		for n := range s.listed {
			names[n] = true
		}
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var rows []report.Row
	var t tally
	for _, name := range sorted {
		var worst verdict
		byKind := map[string][]int{}
		for i, cpu := range cpus {
			v := judge(cell{name, cpu}, base, with)
			byKind[v.kind] = append(byKind[v.kind], cpu)
			if i == 0 || rank[statusOf[v.kind]] > rank[statusOf[worst.kind]] {
				worst = v
			}
		}
		t.count(byKind)
		row := report.Row{Check: "regress", GOOS: "linux", GOARCH: goarch, Status: statusOf[worst.kind], Figures: name}
		if len(byKind) > 1 || worst.kind != same {
			row.Figures += ": " + cpuKinds(byKind)
		}
		c := cell{name, byKind[worst.kind][0]}
		row.Detail = detail(worst, c, base, with, causes[name], note)
		rows = append(rows, row)
	}
	return rows, t
}

func (t *tally) count(byKind map[string][]int) {
	t.tests++
	has := func(k string) bool { return len(byKind[k]) > 0 }
	if has(same) || has(changed) || has(stopped) || has(flaky) || has(both) || has(fixed) {
		t.compared++
	}
	switch {
	case has(changed) || has(stopped):
		t.changed++
	case has(notRun):
		t.notRun++
	case has(both):
		t.both++
	case has(flaky):
		t.flaky++
	case has(added):
		t.added++
	case len(byKind) == 1 && has(skips):
		t.skipped++
	}
}

// cpuKinds is "-cpu 1,2 changed; 4 same".
func cpuKinds(byKind map[string][]int) string {
	var parts []string
	for k, cpus := range byKind {
		var s []string
		for _, c := range cpus {
			s = append(s, fmt.Sprint(c))
		}
		parts = append(parts, strings.Join(s, ",")+" "+k)
	}
	sort.Strings(parts)
	return "-cpu " + strings.Join(parts, "; ")
}

// detail says what a test's row rests on: for a change, the failure's
// output trimmed and its root cause; for a failure on both sides, what
// each printed and what is known of it.
func detail(v verdict, c cell, base, with *side, cause string, note func(string, *outcome) string) string {
	bo, wo := base.worst(c), with.worst(c)
	switch v.kind {
	case same:
		return ""
	case changed:
		what := "passes on the base, fails with the series"
		if base.runs[c.cpu].Tests[c.name].failedRun() {
			what = "fails in the full run on both trees; alone, passes on the base and fails with the series"
		}
		for _, o := range with.alone[c] {
			if o.failedRun() {
				wo = o // what it prints when it fails alone
				break
			}
		}
		return fmt.Sprintf("%s (-test.cpu=%d; %s):\n%s\n%s", what, c.cpu, v.runs, excerpt(wo, 15), cause)
	case both:
		d := fmt.Sprintf("fails on both trees (-test.cpu=%d; %s)", c.cpu, v.runs)
		if n := note(c.name, wo); n != "" {
			d += "\nwhy: " + n
		}
		be, we := excerpt(bo, 4), excerpt(wo, 4)
		if normalize(be) == normalize(we) {
			return d + "\nboth print:\n" + we
		}
		return d + "\nthe base prints:\n" + be + "\nwith the series:\n" + we
	case flaky:
		return fmt.Sprintf("failed in a run of the whole suite, not when run alone (-test.cpu=%d; %s): a flake, or a dependence on the tests before it; not a change. It printed:\n%s", c.cpu, v.runs, excerpt(with.worstOr(base, c), 6))
	case fixed:
		return fmt.Sprintf("fails on the base only (-test.cpu=%d; %s):\n%s", c.cpu, v.runs, excerpt(bo, 4))
	case added:
		return "new with the series"
	case gone:
		return "not in the test binary with the series"
	}
	return v.why
}

// worst is the cell's first failing outcome on the side, else its full run's.
func (s *side) worst(c cell) *outcome {
	for _, o := range append([]*outcome{s.runs[c.cpu].Tests[c.name]}, s.alone[c]...) {
		if o.failedRun() {
			return o
		}
	}
	return s.runs[c.cpu].Tests[c.name]
}

func (s *side) worstOr(other *side, c cell) *outcome {
	if o := s.worst(c); o.failedRun() {
		return o
	}
	return other.worst(c)
}

// normalize drops what differs between two runs of the same failure:
// addresses and numbers.
func normalize(s string) string {
	return digits.ReplaceAllString(hexes.ReplaceAllString(s, "0x?"), "N")
}

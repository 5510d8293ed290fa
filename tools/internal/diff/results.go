package diff

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
)

// outcome is one architecture's run: its rows, and for each check that
// printed a result, how many operations differed from the model (what a
// self-test needs: a check that failed for the reason it exists).
type outcome struct {
	rows       []report.Row
	built      bool
	mismatches map[string]int // by row name, "diff values"
	// measured is what the conventions test printed (osconv).
	measured []osconv.Measurement
}

var (
	resultRE   = regexp.MustCompile(`XADDREF result check=(\S+) goarch=(\S+) ops=(\d+) mismatches=(\d+) seed=(-?\d+)`)
	upstreamRE = regexp.MustCompile(`(?m)^\s*--- (PASS|FAIL|SKIP): (Test\w+) `)
)

// parseResults turns a test binary's output into one row per expected row
// (era.Expected): a check's XADDREF result line, the readers check's line
// judged against its prediction (rp), an upstream test's verdict. An expected row the output lacks fails, and so do a result for
// another architecture, a second result for one check, a result nobody
// expects, and an upstream test that was skipped: a check that vanished
// must not leave the verdict at pass.
func parseResults(run kit.Result, goarch string, expected []string, row rowFunc, rp readersPlan) outcome {
	out := outcome{built: true, mismatches: map[string]int{}}
	got := map[string]report.Row{}
	var extra []report.Row
	add := func(r report.Row) {
		if _, dup := got[r.Check]; dup {
			r.Status, r.Detail = report.Fail, "printed twice: "+r.Detail
			extra = append(extra, r)
			return
		}
		got[r.Check] = r
	}
	for _, m := range resultRE.FindAllStringSubmatch(run.Output, -1) {
		name := "diff " + m[1]
		status, detail := report.Pass, "seed "+m[5]
		var n int
		fmt.Sscan(m[4], &n)
		if n != 0 {
			status = report.Fail
			detail = fmt.Sprintf("%d mismatches (seed %s): %s", n, m[5], firstErrors(run.Output, m[1]))
			out.mismatches[name] = n
		}
		if m[2] != goarch {
			status = report.Fail
			detail = fmt.Sprintf("mislabelled: the result says goarch=%s, the binary was built for %s", m[2], goarch)
		}
		add(row(name, status, m[3]+" ops", detail, 0))
	}
	for _, m := range readersRE.FindAllStringSubmatch(run.Output, -1) {
		r, mismatch := rp.row(m, goarch, row)
		if mismatch {
			out.mismatches[r.Check] = 1
		}
		add(r)
	}
	for _, m := range upstreamRE.FindAllStringSubmatch(run.Output, -1) {
		name := "upstream " + m[2]
		if !contains(expected, name) {
			// The binary runs the tree's tests by -test.run prefix;
			// only the expected ones are reported.
			continue
		}
		switch m[1] {
		case "PASS":
			add(row(name, report.Pass, "", "", 0))
		case "FAIL":
			add(row(name, report.Fail, "", firstErrors(run.Output, ""), 0))
		case "SKIP":
			add(row(name, report.Fail, "", "skipped, but expected to run: "+skipReason(run.Output, m[2]), 0))
		}
	}
	var rows []report.Row
	for _, name := range expected {
		r, ok := got[name]
		if !ok {
			r = row(name, report.Fail, "", "missing: the test binary reported no result for it; its output ends: "+kit.Tail(run.Output, 8), 0)
		}
		delete(got, name)
		rows = append(rows, r)
	}
	var unexpected []string
	for name := range got {
		unexpected = append(unexpected, name)
	}
	sort.Strings(unexpected)
	for _, name := range unexpected {
		r := got[name]
		r.Status, r.Detail = report.Fail, "unexpected: the era does not list this check for the architecture; "+r.Detail
		rows = append(rows, r)
	}
	rows = append(rows, extra...)
	if n := len(rows); n > 0 {
		rows[n-1].Seconds = run.Seconds
	}
	if run.Err != nil && !anyFail(rows) {
		rows = append(rows, row("diff run", report.Fail, "", "the test binary failed: "+kit.Tail(run.Output, 15), run.Seconds))
	}
	out.rows = rows
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func anyFail(rows []report.Row) bool {
	for _, r := range rows {
		if r.Status == report.Fail {
			return true
		}
	}
	return false
}

// skipReason is the line a skipped test logged after its SKIP line.
func skipReason(out, test string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.Contains(l, "--- SKIP: "+test+" ") && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	return "(no reason printed)"
}

// firstErrors returns the first error lines the tests printed for check.
func firstErrors(out, check string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.Contains(l, "_test.go:") && strings.Contains(l, check) {
			lines = append(lines, l)
			if len(lines) == 3 {
				break
			}
		}
	}
	return strings.Join(lines, " | ")
}

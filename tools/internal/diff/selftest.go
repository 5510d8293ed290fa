package diff

import (
	"fmt"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
)

// SelfTest runs the suite against each deliberately broken runtime of the
// tree's era (era.Era.Mutants), on each architecture the mutant names, and
// returns a row per mutant and architecture. A row passes only when the
// broken runtime built and every check meant to catch it failed with
// operations that differ from the model: a build failure, a crash or a
// catch by some other check is not the self-test working.
func SelfTest(o Options) []report.Row {
	var out []report.Row
	for _, m := range o.Tree.Era.Mutants {
		arches := m.Arches
		if len(arches) == 0 {
			arches = []string{"amd64"}
		}
		for _, goarch := range arches {
			out = append(out, selfTest(o, m, goarch))
		}
	}
	return out
}

func selfTest(o Options, m era.Mutant, goarch string) report.Row {
	name := m.Name
	row := report.Row{Check: "diff self-test: " + name, GOOS: "linux", GOARCH: goarch, Status: report.Fail,
		Figures: "meant to be caught by " + strings.Join(m.CaughtBy, ", ")}
	o.Mutant, o.Arches = name, []string{goarch}
	p := o.Tree.Era
	arches, err := selectArches(p, o.Arches)
	if err != nil {
		row.Detail = err.Error()
		return row
	}
	pr, err := Prepare(o)
	if err != nil {
		row.Detail = err.Error()
		return row
	}
	if pr.BuildErr != "" {
		row.Detail = "the broken runtime: " + pr.Failure()
		return row
	}
	res := pr.runArch(arches[0], o, pr.predictReaders(o, arches)[goarch])
	for _, r := range res.rows {
		row.Seconds += r.Seconds
	}
	if !res.built {
		row.Detail = "the broken runtime's test binary did not build: " + firstFailure(res.rows)
		return row
	}
	var caught, missed, others []string
	for _, c := range m.CaughtBy {
		if n := res.mismatches["diff "+c]; n > 0 {
			caught = append(caught, fmt.Sprintf("%s (%d mismatches)", c, n))
		} else {
			missed = append(missed, c)
		}
	}
	for _, r := range res.rows {
		if r.Status == report.Fail && !contains(m.CaughtBy, strings.TrimPrefix(r.Check, "diff ")) {
			others = append(others, r.Check)
		}
	}
	if len(missed) > 0 {
		row.Detail = fmt.Sprintf("not caught by %s; %s", strings.Join(missed, ", "), firstFailure(res.rows))
		return row
	}
	row.Status = report.Pass
	row.Detail = "caught by " + strings.Join(caught, ", ")
	if len(others) > 0 {
		row.Detail += "; also failed: " + strings.Join(others, ", ")
	}
	return row
}

// firstFailure is the first row that failed or did not run, with its
// detail's first line, or a note that every row passed.
func firstFailure(rows []report.Row) string {
	for _, r := range rows {
		if r.Status == report.Fail || r.Status == report.Skip {
			return r.Check + " " + r.Status + ": " + strings.SplitN(r.Detail, "\n", 2)[0]
		}
	}
	return "every row passed"
}

package gless

import (
	"strings"

	"xaddref/tools/internal/report"
)

// GateRows is what verify reports for a tree: a row per target in which a
// failure counts only where the commit's claim applies, that is where a
// root has a caller without a G (newosproc0 on linux, android, darwin).
// Elsewhere nothing calls the roots without a G, so a chain that needs one
// is a finding, reported as a skip with the chain, not a failure of the
// tree. With gate false (an era that does not make the claim) every
// failure is such a finding.
func GateRows(dir string, gate bool) []report.Row {
	targets, _, err := Targets(dir)
	if err != nil {
		return []report.Row{{Check: "gless", GOOS: "-", GOARCH: "-", Status: report.Skip, Detail: "cannot list the tree's targets: " + err.Error()}}
	}
	var rows []report.Row
	for _, r := range Analyze(dir, targets, Options{}) {
		row := r.Row()
		if r.Status == report.Fail && !(gate && r.failsGLessCaller()) {
			row.Status = report.Skip
			why := "no caller without a G on this target"
			if !gate {
				why = "reported, not gated for this era"
			}
			row.Detail = "finding (" + why + "): " + row.Detail
		}
		rows = append(rows, row)
	}
	return rows
}

// failsGLessCaller reports whether a root that is called without a G has
// a failing chain or is not nosplit itself.
func (r Result) failsGLessCaller() bool {
	for _, f := range r.Finding.Roots {
		if f.Caller == "" {
			continue
		}
		for _, c := range r.Chains {
			if c.Root == f.Root {
				return true
			}
		}
		for _, s := range r.Split {
			if s == f.Root || strings.HasPrefix(s, f.Root+" ") {
				return true
			}
		}
	}
	return false
}

package gless

import (
	"strings"

	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// GateRows is what verify reports for a tree: a row per target in which a
// failure counts only where the commit's claim applies, that is where a
// root has a caller without a G (newosproc0 on linux, android, darwin).
// Elsewhere nothing calls the roots without a G, so a chain that needs one
// is a finding, reported with the chain, not a failure of the tree. With
// gate false (an era that does not make the claim) every failing chain is
// such a finding. A target that could not be checked fails, as it does in
// the gless command: the check did not run.
func GateRows(dir string, gate bool) []report.Row {
	targets, _, err := tree.Load(dir).Ports()
	if err != nil {
		return []report.Row{{Check: "gless", GOOS: "-", GOARCH: "-", Status: report.Fail, Detail: "cannot list the tree's targets: " + err.Error()}}
	}
	var rows []report.Row
	for _, r := range Analyze(dir, targets, Options{}) {
		row := r.Row()
		switch {
		case r.Status == report.Skip:
			row.Status, row.Detail = report.Fail, "could not be checked: "+row.Detail
		case r.Status == report.Fail && !(gate && r.failsGLessCaller()):
			row.Status = report.Finding
			why := "no caller without a G on this target"
			if !gate {
				why = "reported, not gated for this era"
			}
			row.Detail = why + ": " + row.Detail
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

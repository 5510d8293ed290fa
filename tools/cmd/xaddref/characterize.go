package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

// Characterizations pin what the kit says of known trees (report.Pinned):
// recorded before its inside is changed, compared after. A difference is
// either a mistake or a change explained in the commit that records the
// new data (XADDREF_CHARACTERIZE=update with the characterization test, or
// the file written by hand).
func characterizationPath(name string) string {
	return filepath.Join(kit.Root(), "tools", "cmd", "xaddref", "testdata", "characterization", name+".json")
}

// characterizationRow compares a finished copy of r with the recorded
// characterization name: pass when they agree, fail listing each change.
func characterizationRow(name string, r *report.Report) report.Row {
	row := report.Row{Check: "characterization " + name, Status: report.Pass}
	want, err := report.ReadPinned(characterizationPath(name))
	if err != nil {
		row.Status, row.Detail = report.Fail, "no characterization to compare with: "+err.Error()
		return row
	}
	got := *r
	got.Rows = append([]report.Row(nil), r.Rows...)
	got.Finish()
	changes := want.Changes(got.Pin())
	row.Figures = fmt.Sprintf("%d rows, %d changes", len(want.Rows), len(changes))
	if len(changes) > 0 {
		row.Status = report.Fail
		row.Detail = strings.Join(changes, "\n")
	}
	return row
}

package series

import (
	"context"
	"fmt"
	"time"

	"xaddref/tools/internal/report"
)

// SplitRow is verify-split as a report row.
func SplitRow(root, name string) report.Row {
	start := time.Now()
	row := report.Row{Check: "series: verify-split " + name}
	st, err := VerifySplit(root, name)
	row.Seconds = time.Since(start).Seconds()
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row
	}
	row.Status = report.Pass
	row.Figures = fmt.Sprintf("%d patches, %d files, +%d -%d lines", st.Patches, st.Files, st.Added, st.Removed)
	row.Detail = "same changes and blobs as " + st.Upstream
	return row
}

// ApplyRows applies each named series, in order, to dir, a scratch copy
// of a Go tree that the caller owns, one row per series. A series that
// cannot load or apply fails its row, and the ones after it are skipped.
func ApplyRows(ctx context.Context, root, dir string, names ...string) []report.Row {
	var rows []report.Row
	for i, name := range names {
		start := time.Now()
		row := report.Row{Check: "series: apply " + name}
		s, err := Load(root, name)
		if err == nil {
			var out *Outcome
			out, err = s.ApplyContext(ctx, dir)
			if err == nil {
				row.Status = report.Pass
				row.Figures = fmt.Sprintf("%d patches", len(s.Patches))
				row.Detail = out.Before.Line() + " -> " + out.After.Line()
			}
		}
		row.Seconds = time.Since(start).Seconds()
		if err != nil {
			row.Status, row.Detail = report.Fail, err.Error()
			rows = append(rows, row)
			for _, rest := range names[i+1:] {
				rows = append(rows, report.Row{Check: "series: apply " + rest, Status: report.Skip, Detail: "series " + name + " did not apply"})
			}
			return rows
		}
		rows = append(rows, row)
	}
	return rows
}

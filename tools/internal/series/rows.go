package series

import (
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

// Package report is the one shape every check yields (a row) and the one
// place rows are printed, as a table or as JSON.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Statuses of a row, one meaning each. A check that did not run is a skip
// (with its reason), never a pass; a check that ran and found something the
// commit does, which is not a failure of the tree, is a finding.
const (
	Pass    = "pass"
	Fail    = "fail"
	Skip    = "skip"
	Finding = "finding"
)

// Row is one check's result on one GOOS/GOARCH ("-" where it has none).
type Row struct {
	Check   string  `json:"check"`
	GOOS    string  `json:"goos"`
	GOARCH  string  `json:"goarch"`
	Status  string  `json:"status"`
	Figures string  `json:"figures,omitempty"` // counts: "1000000 ops", "6 tests"
	Detail  string  `json:"detail,omitempty"`  // why it failed or was skipped
	Seconds float64 `json:"seconds"`
}

// Report is a run's rows and what they were run on.
type Report struct {
	Verdict string `json:"verdict"`
	Tree    string `json:"tree,omitempty"`
	Profile string `json:"profile,omitempty"`
	Rows    []Row  `json:"rows"`
}

// Add appends a row.
func (r *Report) Add(row Row) {
	if row.GOOS == "" {
		row.GOOS = "-"
	}
	if row.GOARCH == "" {
		row.GOARCH = "-"
	}
	r.Rows = append(r.Rows, row)
}

// Counts returns how many rows passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, row := range r.Rows {
		switch row.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return
}

// Finish sets the verdict: pass when nothing failed and something passed.
func (r *Report) Finish() {
	pass, fail, _ := r.Counts()
	r.Verdict = Fail
	if fail == 0 && pass > 0 {
		r.Verdict = Pass
	}
}

// Print writes the table, the counts line and the verdict.
func (r *Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tGOOS/GOARCH\tSTATUS\tFIGURES\tSECONDS\tDETAIL")
	for _, row := range r.Rows {
		target := row.GOOS + "/" + row.GOARCH
		if row.GOOS == "-" && row.GOARCH == "-" {
			target = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\t%s\n", row.Check, target, strings.ToUpper(row.Status),
			dash(row.Figures), row.Seconds, dash(oneLine(row.Detail)))
	}
	tw.Flush()
	// A failure's whole detail, where the table shows its first line.
	for _, row := range r.Rows {
		if row.Status == Fail && strings.Contains(strings.TrimSpace(row.Detail), "\n") {
			fmt.Fprintf(w, "\n--- %s %s/%s:\n%s\n", row.Check, row.GOOS, row.GOARCH, strings.TrimSpace(row.Detail))
		}
	}
	pass, fail, skip := r.Counts()
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped\n", pass, fail, skip)
	what := ""
	if r.Tree != "" {
		what = fmt.Sprintf(" (%s, profile %s)", r.Tree, r.Profile)
	}
	fmt.Fprintf(w, "verdict: %s%s\n", strings.ToUpper(r.Verdict), what)
}

// WriteJSON writes the report to path.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " ..."
	}
	return s
}

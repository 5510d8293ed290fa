// Package report is the one shape every check yields (a row) and the one
// place rows are printed, as a summary, a table or JSON.
//
// For users: docs/verify.md (Reports).
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
// commit does, which is not a failure of the tree, is a finding; a figure
// reported with no goal to meet (a benchmark's) is info, neither a pass nor
// a failure.
const (
	Pass    = "pass"
	Fail    = "fail"
	Skip    = "skip"
	Finding = "finding"
	Info    = "info"
)

// statuses in the order reports count them, pass first.
var statuses = []string{Pass, Fail, Skip, Finding, Info}

// Schema is the version of the JSON a report writes; it changes when a
// field's meaning does. 2: the statuses above and "counts"; 3: "era"
// (the tree's era) for "profile".
const Schema = 3

// Row is one check's result on one GOOS/GOARCH ("-" where it has none).
type Row struct {
	Check   string  `json:"check"`
	GOOS    string  `json:"goos"`
	GOARCH  string  `json:"goarch"`
	Status  string  `json:"status"`
	Figures string  `json:"figures,omitempty"` // counts: "1000000 ops", "6 tests"
	Detail  string  `json:"detail,omitempty"`  // why it failed or was skipped, what it found
	Seconds float64 `json:"seconds"`
}

// Report is a run's rows and what they were run on.
type Report struct {
	Schema  int            `json:"schema"`
	Verdict string         `json:"verdict"`
	Counts  map[string]int `json:"counts"`
	Tree    string         `json:"tree,omitempty"`
	Era     string         `json:"era,omitempty"`
	Rows    []Row          `json:"rows"`
	// Tables are what the checks relied on and found (the OS conventions
	// of each port): in the JSON whole; in the text, whole with Verbose,
	// else their summary lines.
	Tables []Table `json:"tables,omitempty"`
	// Verbose prints every row; otherwise a family's rows that passed are
	// only counted.
	Verbose bool `json:"-"`
}

// A Table is a report's table of facts: a title, column names, rows of
// cells, and its summary in a few lines.
type Table struct {
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Summary []string   `json:"-"`
}

func (t *Table) print(w io.Writer, whole bool) {
	fmt.Fprintf(w, "\n%s:\n", t.Title)
	if !whole {
		for _, l := range t.Summary {
			fmt.Fprintf(w, "  %s\n", l)
		}
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.ToUpper(strings.Join(t.Columns, "\t")))
	for _, r := range t.Rows {
		fmt.Fprintf(tw, "  %s\n", strings.Join(r, "\t"))
	}
	tw.Flush()
}

// Add appends a row. A status that is none of the above is a mistake of
// the check, and fails the row.
func (r *Report) Add(row Row) {
	ok := false
	for _, s := range statuses {
		ok = ok || row.Status == s
	}
	if !ok {
		row.Detail = fmt.Sprintf("the check reported status %q, which is none of %s; %s", row.Status, strings.Join(statuses, ", "), row.Detail)
		row.Status = Fail
	}
	if row.GOOS == "" {
		row.GOOS = "-"
	}
	if row.GOARCH == "" {
		row.GOARCH = "-"
	}
	r.Rows = append(r.Rows, row)
}

// count returns how many rows have each status.
func count(rows []Row) map[string]int {
	n := map[string]int{}
	for _, s := range statuses {
		n[s] = 0
	}
	for _, row := range rows {
		n[row.Status]++
	}
	return n
}

// Finish sets the counts and the verdict: pass when nothing failed and
// something passed (a report of skips alone proves nothing).
func (r *Report) Finish() {
	r.Schema = Schema
	r.Counts = count(r.Rows)
	r.Verdict = Fail
	if r.Counts[Fail] == 0 && r.Counts[Pass] > 0 {
		r.Verdict = Pass
	}
}

// Failed lists the failed rows as "check goos/goarch".
func (r *Report) Failed() []string {
	var out []string
	for _, row := range r.Rows {
		if row.Status == Fail {
			out = append(out, row.Check+" "+row.target())
		}
	}
	return out
}

// Print writes the report: the tree and its era first, each check family's
// counts, then every row that did not pass, in full (with Verbose, the
// whole table first), then the counts and the verdict.
func (r *Report) Print(w io.Writer) {
	if r.Tree != "" {
		fmt.Fprintf(w, "tree %s, era %s\n\n", r.Tree, r.Era)
	}
	if r.Verbose {
		r.printTable(w)
		fmt.Fprintln(w)
	} else {
		r.printFamilies(w)
	}
	var others []Row
	for _, row := range r.Rows {
		if row.Status != Pass {
			others = append(others, row)
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "\n%d rows that are not a pass:\n", len(others))
		for _, row := range others {
			printBlock(w, row)
		}
	}
	for i := range r.Tables {
		r.Tables[i].print(w, r.Verbose)
	}
	fmt.Fprintf(w, "\n%s\n", countsLine(r.Counts))
	what := ""
	if r.Tree != "" {
		what = fmt.Sprintf(" (%s, era %s)", r.Tree, r.Era)
	}
	fmt.Fprintf(w, "verdict: %s%s\n", strings.ToUpper(r.Verdict), what)
}

// printFamilies writes a line per check, in the order checks first appear:
// its rows' counts by status.
func (r *Report) printFamilies(w io.Writer) {
	var order []string
	byCheck := map[string][]Row{}
	for _, row := range r.Rows {
		if _, ok := byCheck[row.Check]; !ok {
			order = append(order, row.Check)
		}
		byCheck[row.Check] = append(byCheck[row.Check], row)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, check := range order {
		rows := byCheck[check]
		secs := 0.0
		for _, row := range rows {
			secs += row.Seconds
		}
		n := count(rows)
		var parts []string
		for _, s := range statuses[1:] {
			if n[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
			}
		}
		fmt.Fprintf(tw, "%s\t%d/%d pass\t%s\t%.0f s\n", check, n[Pass], len(rows), strings.Join(parts, ", "), secs)
	}
	tw.Flush()
}

func (r *Report) printTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tGOOS/GOARCH\tSTATUS\tFIGURES\tSECONDS\tDETAIL")
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\t%s\n", row.Check, row.target(), strings.ToUpper(row.Status),
			dash(row.Figures), row.Seconds, dash(oneLine(row.Detail)))
	}
	tw.Flush()
}

// printBlock writes a row with its whole detail, indented under it.
func printBlock(w io.Writer, row Row) {
	head := fmt.Sprintf("%-7s %s %s", strings.ToUpper(row.Status), row.Check, row.target())
	if row.Figures != "" {
		head += " (" + row.Figures + ")"
	}
	fmt.Fprintln(w, head)
	for _, l := range strings.Split(strings.TrimSpace(row.Detail), "\n") {
		if l != "" {
			fmt.Fprintf(w, "        %s\n", l)
		}
	}
}

func countsLine(n map[string]int) string {
	var parts []string
	for _, s := range statuses {
		if n[s] > 0 || s != Info {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

func (row Row) target() string {
	if row.GOOS == "-" && row.GOARCH == "-" {
		return "-"
	}
	return row.GOOS + "/" + row.GOARCH
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

package variants

import (
	"fmt"
	"strings"
	"time"

	"xaddref/tools/internal/report"
)

// A Diff is a scenario whose traces differ.
type Diff struct {
	scenario    string
	host, model string
	goos, fn    string
	variant     string
	scriptLabel string
	archName    string
}

// VariantResult is one mem_<variant>.go's comparison.
type VariantResult struct {
	Variant   string
	goos      []string       // every GOOS that builds the file, on any architecture
	ports     []string       // goos/goarch: the ports of the run's architectures
	funcs     map[string]int // scenarios per function
	Scenarios int
	NDiff     int
	diffFuncs map[string]int // differing scenarios per function
	Diffs     []Diff         // the first few
	seconds   float64
}

// Result is a whole run.
type Result struct {
	Seed     int64
	arches   string // "all", or the GOARCHes a run was limited to
	Variants []*VariantResult
}

const keepDiffs = 3

// Describe is a difference as the report prints it: its first line names
// the variant, the scenario and the first differing trace line.
func (d Diff) Describe() string {
	h, m := strings.Split(d.host, "\n"), strings.Split(d.model, "\n")
	first := ""
	for i := 0; i < len(h) || i < len(m); i++ {
		var hl, ml string
		if i < len(h) {
			hl = h[i]
		}
		if i < len(m) {
			ml = m[i]
		}
		if hl != ml {
			first = fmt.Sprintf("tree %q, model %q", hl, ml)
			break
		}
	}
	return fmt.Sprintf("mem_%s.go: %s %s on %s (%s) differs: %s; scenario:\n  %s\n"+
		"--- the tree's code (extracted)\n%s--- the C model\n%s",
		d.variant, d.goos, d.fn, d.archName, d.scriptLabel, first, d.scenario, indent(d.host), indent(d.model))
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("  " + l)
		}
	}
	return b.String()
}

// figures is a variant's counts for a report row.
func (vr *VariantResult) figures() string {
	var parts []string
	for _, f := range sortedFuncs(vr.funcs) {
		parts = append(parts, fmt.Sprintf("%s %d", f, vr.funcs[f]))
	}
	return fmt.Sprintf("%d scenarios (%s), %d differ", vr.Scenarios, strings.Join(parts, ", "), vr.NDiff)
}

// Rows runs Check and returns a row per variant (check "variants", GOOS the
// variant's OS), or one failing row naming the problem.
func Rows(dir, profile string, opts Options) []report.Row {
	start := time.Now()
	prof, err := ProfileNamed(profile)
	var res *Result
	if err == nil {
		res, err = Check(dir, prof, opts)
	}
	if err != nil {
		return []report.Row{{Check: "variants", GOOS: "-", GOARCH: "-", Status: report.Fail,
			Detail: err.Error(), Seconds: time.Since(start).Seconds()}}
	}
	return res.Rows()
}

// Rows is a row per variant.
func (res *Result) Rows() []report.Row {
	var rows []report.Row
	for _, vr := range res.Variants {
		row := report.Row{Check: "variants", GOOS: vr.Variant, GOARCH: res.arches, Status: report.Pass,
			Figures: vr.figures(), Seconds: vr.seconds,
			Detail: fmt.Sprintf("mem_%s.go for %s; seed %d", vr.Variant, strings.Join(vr.ports, ","), res.Seed)}
		if vr.Scenarios == 0 {
			row.Status, row.Detail = report.Fail, "no scenario ran for mem_"+vr.Variant+".go"
		}
		if vr.NDiff > 0 {
			row.Status = report.Fail
			row.Detail = vr.Diffs[0].Describe()
		}
		rows = append(rows, row)
	}
	return rows
}

package callers

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// A row of the ledger table: one site, over the ports that have it.
type siteRow struct {
	site    *Site
	ports   int
	reached int
	verdict string
}

// sites is the union of the ports' sites, in file order.
func (res *Result) sites() []*siteRow {
	byKey := map[string]*siteRow{}
	var out []*siteRow
	for _, pr := range res.Ports {
		for _, s := range pr.Sites {
			key := s.Pos() + "|" + s.Call
			r := byKey[key]
			if r == nil {
				r = &siteRow{site: s, verdict: s.Verdict}
				byKey[key] = r
				out = append(out, r)
			}
			r.ports++
			r.reached += pr.Reached[s.Pos()]
			if strings.HasPrefix(s.Verdict, "VIOLATION") {
				r.verdict = s.Verdict
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].site, out[j].site
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return out
}

// drove: some port ran fn as a driver.
func (res *Result) drove(fn string) bool {
	for _, pr := range res.Ports {
		if pr.Runs[fn] > 0 {
			return true
		}
	}
	return false
}

func (res *Result) analysed() (ok, failed int) {
	for _, pr := range res.Ports {
		if pr.Err != "" {
			failed++
		} else {
			ok++
		}
	}
	return
}

// Write prints the ledger as a table, a line per finding and per wrap,
// the findings beside the tree before the commit, and a summary line.
func (res *Result) Write(w io.Writer, verbose bool) {
	ok, failed := res.analysed()
	discharges := res.writeTable(w, ok, verbose)
	fmt.Fprintln(w)
	nf, nw, nv, runs, withFinding := res.writeFindings(w)
	res.writeBeside(w, verbose)
	nb, withBroken := res.writeReaders(w, verbose)
	fmt.Fprintf(w, "callers: %d port(s) analysed, %d could not be: %d site(s), %d discharge(s), %d violation(s); %d run(s) of the driven functions; %d finding(s) on %d port(s), %d wrap(s); %d reader(s), %d broken assumption(s) on %d port(s); %.1fs\n",
		ok, failed, len(res.sites()), discharges, nv, runs, nf, withFinding, nw, len(res.readerRows()), nb, withBroken,
		res.Seconds)
}

// writeTable prints the ledger, a site per row (ok ports analysed), and
// with verbose what go/types reported; it returns the discharges.
func (res *Result) writeTable(w io.Writer, ok int, verbose bool) int {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tFUNCTION\tCALL\tSTAT\tKIND\tROLE\tPORTS\tVERDICT")
	discharges := 0
	for _, r := range res.sites() {
		s := r.site
		ports := fmt.Sprint(r.ports)
		if r.ports == ok {
			ports = "all"
		}
		verdict := r.verdict
		switch {
		case r.reached > 0:
			verdict += fmt.Sprintf("; driven: reached in %d run(s)", r.reached)
		case s.Role == era.Discharge && res.drove(s.Function):
			verdict += "; driven: not reached"
		}
		call := s.Callee
		if verbose {
			call = s.Call
		}
		if s.Role == era.Discharge {
			discharges++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Pos(), s.Function, call, s.Stat, s.Kind, s.Role, ports, verdict)
	}
	tw.Flush()
	if verbose {
		for _, pr := range res.Ports {
			if len(pr.TypeErrors) > 0 {
				fmt.Fprintf(w, "\n%s: go/types reported %d error(s), the first: %s\n", pr.Port, len(pr.TypeErrors),
					strings.Join(pr.TypeErrors[:min(3, len(pr.TypeErrors))], "; "))
			}
		}
	}
	return discharges
}

// writeFindings prints a line per finding, wrap, unreached violation and
// port that could not be analysed, and counts them.
func (res *Result) writeFindings(w io.Writer) (nf, nw, nv, runs, withFinding int) {
	ported := map[string]bool{}
	for _, pr := range res.Ports {
		nv += len(pr.Violations)
		for _, n := range pr.Runs {
			runs += n
		}
		for _, f := range pr.Findings {
			nf++
			ported[pr.Port.String()] = true
			fmt.Fprintf(w, "FINDING %s/%s %s %s: %s, writes %q (%s)\n", f.GOOS, f.GOARCH, f.Where(), f.Function,
				f.What, f.Message, f.Scenario)
		}
	}
	for _, pr := range res.Ports {
		for _, f := range pr.Wraps {
			nw++
			fmt.Fprintf(w, "WRAPS %s/%s %s %s: %s (%s)\n", f.GOOS, f.GOARCH, f.Where(), f.Function, f.What, f.Scenario)
		}
	}
	for _, pr := range res.Ports {
		for _, v := range pr.Unreached {
			fmt.Fprintf(w, "UNREACHED %s %s %s: %s; no driven run reaches it\n", pr.Port, v.Pos(), v.Origin.Function,
				v.Origin.Local.describe())
		}
	}
	for _, pr := range res.Ports {
		if pr.Err != "" {
			fmt.Fprintf(w, "FAIL %s: %s\n", pr.Port, pr.Err)
		}
	}
	return nf, nw, nv, runs, len(ported)
}

// writeBeside prints each finding beside the same scenario on the tree
// before the commit (all of them, with their scenarios, when verbose).
func (res *Result) writeBeside(w io.Writer, verbose bool) {
	side := false
	for _, pr := range res.Ports {
		for _, f := range pr.Findings {
			if f.Before == "" && !verbose {
				continue
			}
			if !side {
				fmt.Fprintln(w, "\nEach finding, and the same scenario on the tree before the commit:")
				side = true
			}
			fmt.Fprintf(w, "  %s/%s %s %s (%d run(s)): chain %s\n", f.GOOS, f.GOARCH, f.Where(), f.Function, f.Runs, f.Chain)
			fmt.Fprintf(w, "    with 6ad33be: %s, writes %q\n", f.how, f.Message)
			if f.Before != "" {
				fmt.Fprintf(w, "    before:       %s\n", f.Before)
			}
			if verbose {
				fmt.Fprintf(w, "    scenario:     %s\n    model:        %s\n", f.ScenarioLine, f.Model)
			}
		}
	}
	if side {
		fmt.Fprintln(w)
	}
}

// JSON is the --json document.
type JSON struct {
	Sites    []JSONSite    `json:"sites"`
	Findings []JSONFinding `json:"findings"`
	Readers  []jsonReader  `json:"readers"`
}

type JSONSite struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Function string `json:"function"`
	Call     string `json:"call"`
	Stat     string `json:"stat"`
	Kind     string `json:"kind"`
}

type JSONFinding struct {
	GOOS     string `json:"goos"`
	GOARCH   string `json:"goarch"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Function string `json:"function"`
	Message  string `json:"message"`
	Scenario string `json:"scenario"`
}

// JSON is the result as the --json document: the sites of every port
// analysed (once each), the findings, and the readers.
func (res *Result) JSON() JSON {
	j := JSON{Sites: []JSONSite{}, Findings: []JSONFinding{}, Readers: res.jsonReaders()}
	for _, r := range res.sites() {
		s := r.site
		j.Sites = append(j.Sites, JSONSite{s.File, s.Line, s.Function, s.Call, s.Stat, string(s.Kind)})
	}
	for _, pr := range res.Ports {
		for _, f := range pr.Findings {
			j.Findings = append(j.Findings, JSONFinding{f.GOOS, f.GOARCH, f.File, f.Line, f.Function, f.Message, f.Scenario})
		}
	}
	return j
}

// WriteJSON writes the --json document to path.
func (res *Result) WriteJSON(path string) error {
	b, err := json.MarshalIndent(res.JSON(), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Rows is a report row per port (check "callers"): a finding where a run
// ends the program through a stat's check or a reader's assumption is
// broken, a failure where the port could not be analysed.
func (res *Result) Rows() []report.Row {
	var rows []report.Row
	for _, pr := range res.Ports {
		row := report.Row{Check: "callers", GOOS: pr.Port.GOOS, GOARCH: pr.Port.GOARCH, Seconds: pr.Seconds,
			Status: report.Pass}
		runs := 0
		for _, n := range pr.Runs {
			runs += n
		}
		row.Figures = fmt.Sprintf("%d sites, %d violations, %d runs, %d findings, %d wraps", len(pr.Sites),
			len(pr.Violations), runs, len(pr.Findings), len(pr.Wraps))
		switch {
		case pr.Err != "":
			row.Status, row.Detail = report.Fail, pr.Err
		case len(pr.Findings) > 0:
			f := pr.Findings[0]
			row.Status = report.Finding
			row.Detail = fmt.Sprintf("%s %s: %s, writes %q (%s)", f.Where(), f.Function, f.What, f.Message, f.Scenario)
			if r := pr.firstBroken(); r != nil {
				row.Detail += fmt.Sprintf("; and %s %s: %s", r.Where(), r.Function, r.finding())
			}
		case pr.firstBroken() != nil:
			r := pr.firstBroken()
			row.Status = report.Finding
			row.Detail = fmt.Sprintf("%s %s: %s", r.Where(), r.Function, r.finding())
		case len(pr.Wraps) > 0:
			f := pr.Wraps[0]
			row.Detail = fmt.Sprintf("no exit; %s %s: %s", f.Where(), f.Function, f.What)
		case len(pr.Unreached) > 0:
			v := pr.Unreached[0]
			row.Detail = fmt.Sprintf("no exit; %s %s: %s, and no driven run reaches it", v.Pos(), v.Origin.Function,
				v.Origin.Local.describe())
		case len(res.e.Ledger.Drivers) == 0:
			row.Detail = res.noDrivers()
		}
		rows = append(rows, row)
	}
	return rows
}

// firstBroken is the port's first reader whose assumption is broken, or nil.
func (pr *PortResult) firstBroken() *reader {
	for _, r := range pr.readers {
		if r.Verdict == broken {
			return r
		}
	}
	return nil
}

// noDrivers says why no caller is driven, and whether the variants could
// extract the era's code if one were.
func (res *Result) noDrivers() string {
	s := "no caller driven: " + res.e.Ledger.NoDrivers
	if _, err := variants.ProfileNamed(res.e.Name); err != nil {
		s += "; nor could one be: the variants cannot extract this era's code yet (" + err.Error() + ")"
	}
	return s
}

// Rows analyses every port of the tree at dir (the tree as tested) and
// returns a row per port, or one failing row naming why it could not
// start; before is the tree before the commit, or "".
func Rows(dir string, e *era.Era, before string) []report.Row {
	start := time.Now()
	fail := func(err error) []report.Row {
		return []report.Row{{Check: "callers", GOOS: "-", GOARCH: "-", Status: report.Fail, Detail: err.Error(),
			Seconds: time.Since(start).Seconds()}}
	}
	targets, _, err := tree.Load(dir).Ports()
	if err != nil {
		return fail(err)
	}
	res, err := Analyze(dir, e, targets, Options{Before: before})
	if err != nil {
		return fail(err)
	}
	return res.Rows()
}

package report

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Pinned is what a characterization keeps of a report: the verdict, each
// row's check, port, status and figures, and the tables' rows. These are
// what must not change when the kit's inside does; times, seeds and the
// wording of details may.
type Pinned struct {
	Verdict string              `json:"verdict"`
	Rows    []PinnedRow         `json:"rows"`
	Tables  map[string][]string `json:"tables,omitempty"` // title's first words -> rows, cells joined by " | "
}

// PinnedRow is one row as a characterization keeps it.
type PinnedRow struct {
	Check   string `json:"check"`
	Port    string `json:"port"`
	Status  string `json:"status"`
	Figures string `json:"figures,omitempty"`
}

func (p PinnedRow) String() string {
	s := p.Check + " " + p.Port + " " + p.Status
	if p.Figures != "" {
		s += " (" + p.Figures + ")"
	}
	return s
}

// seededFigures are the checks whose figures follow the run's seed: the
// stat check draws how many operations each scenario runs.
var seededFigures = map[string]bool{"diff stat": true}

// Pin returns what a characterization keeps of r.
func (r *Report) Pin() Pinned {
	p := Pinned{Verdict: r.Verdict}
	for _, row := range r.Rows {
		figures := row.Figures
		if seededFigures[row.Check] {
			figures = ""
		}
		p.Rows = append(p.Rows, PinnedRow{Check: row.Check, Port: row.target(), Status: row.Status, Figures: figures})
	}
	for _, t := range r.Tables {
		if p.Tables == nil {
			p.Tables = map[string][]string{}
		}
		key := t.Title
		if i := strings.IndexAny(key, "(:"); i > 0 {
			key = strings.TrimSpace(key[:i])
		}
		for _, cells := range t.Rows {
			p.Tables[key] = append(p.Tables[key], strings.Join(cells, " | "))
		}
	}
	return p
}

// ReadPinned reads a characterization written by WritePinned.
func ReadPinned(path string) (Pinned, error) {
	var p Pinned
	b, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	return p, json.Unmarshal(b, &p)
}

// WritePinned writes p to path, a row or a table row a line, so that a
// change of the data reads as a short diff.
func WritePinned(path string, p Pinned) error {
	var b strings.Builder
	line := func(v any) string {
		j, _ := json.Marshal(v)
		return string(j)
	}
	fmt.Fprintf(&b, "{\n \"verdict\": %s,\n \"rows\": [\n", line(p.Verdict))
	for i, r := range p.Rows {
		fmt.Fprintf(&b, "  %s%s\n", line(r), comma(i, len(p.Rows)))
	}
	b.WriteString(" ],\n \"tables\": {\n")
	var titles []string
	for t := range p.Tables {
		titles = append(titles, t)
	}
	sort.Strings(titles)
	for i, t := range titles {
		fmt.Fprintf(&b, "  %s: [\n", line(t))
		for k, r := range p.Tables[t] {
			fmt.Fprintf(&b, "   %s%s\n", line(r), comma(k, len(p.Tables[t])))
		}
		fmt.Fprintf(&b, "  ]%s\n", comma(i, len(titles)))
	}
	b.WriteString(" }\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}

// Changes lists how got differs from want: the verdict, rows missing or
// added (as multisets of check, port, status and figures), table rows
// missing or added. None means the same.
func (want Pinned) Changes(got Pinned) []string {
	var out []string
	if want.Verdict != got.Verdict {
		out = append(out, fmt.Sprintf("verdict %s, was %s", got.Verdict, want.Verdict))
	}
	var w, g []string
	for _, r := range want.Rows {
		w = append(w, r.String())
	}
	for _, r := range got.Rows {
		g = append(g, r.String())
	}
	out = append(out, LineChanges("row", w, g)...)
	titles := map[string]bool{}
	for t := range want.Tables {
		titles[t] = true
	}
	for t := range got.Tables {
		titles[t] = true
	}
	var sorted []string
	for t := range titles {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	for _, t := range sorted {
		out = append(out, LineChanges("table "+t+" row", want.Tables[t], got.Tables[t])...)
	}
	return out
}

// LineChanges lists the lines of want that got lacks ("gone") and those
// of got that want lacks ("new"), counting repeats, each named what.
func LineChanges(what string, want, got []string) []string {
	n := map[string]int{}
	for _, s := range want {
		n[s]++
	}
	for _, s := range got {
		n[s]--
	}
	var out []string
	for s, k := range n {
		for ; k > 0; k-- {
			out = append(out, fmt.Sprintf("%s gone: %s", what, s))
		}
		for ; k < 0; k++ {
			out = append(out, fmt.Sprintf("%s new:  %s", what, s))
		}
	}
	sort.Strings(out)
	return out
}

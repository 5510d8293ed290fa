package callers

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// A readerRow is one reader's assumption over the ports that have it.
type readerRow struct {
	r     *reader              // as the first port has it
	ports map[verdict][]string // verdict -> ports
	why   map[verdict]string   // verdict -> the first such port's reason
	at    map[verdict]*reader  // verdict -> the first such port's reader
}

// severity orders the verdicts: a row shows its worst.
var severity = map[verdict]int{holds: 0, brokenBefore: 1, undecided: 2, broken: 3}

// verdict is the row's worst verdict.
func (rr *readerRow) verdict() verdict {
	v := holds
	for w := range rr.ports {
		if severity[w] > severity[v] {
			v = w
		}
	}
	return v
}

// readerRows is the union of the ports' readers, in file order.
func (res *Result) readerRows() []*readerRow {
	byKey := map[string]*readerRow{}
	var out []*readerRow
	for _, pr := range res.Ports {
		for _, r := range pr.readers {
			key := strings.Join([]string{r.Function, r.Stat, r.Assumption}, "|")
			rr := byKey[key]
			if rr == nil {
				rr = &readerRow{r: r, ports: map[verdict][]string{}, why: map[verdict]string{}, at: map[verdict]*reader{}}
				byKey[key] = rr
				out = append(out, rr)
			}
			if _, ok := rr.why[r.Verdict]; !ok {
				rr.why[r.Verdict], rr.at[r.Verdict] = r.Why, r
			}
			rr.ports[r.Verdict] = append(rr.ports[r.Verdict], pr.Port.String())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].r.before(out[j].r) })
	return out
}

// writeReaders prints the readers, a row each with its verdicts over the
// ports (with verbose, what each assumes and why it holds or not), then a
// FINDING line per port and broken assumption; it returns how many
// such lines, and on how many ports.
func (res *Result) writeReaders(w io.Writer, verbose bool) (nb, ports int) {
	rows := res.readerRows()
	if len(rows) == 0 {
		return 0, 0
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "READER\tFUNCTION\tSTAT\tVERDICT")
	for _, rr := range rows {
		var vs []string
		for _, v := range []verdict{broken, undecided, brokenBefore, holds} {
			if n := len(rr.ports[v]); n > 0 {
				vs = append(vs, fmt.Sprintf("%s on %d", v, n))
			}
		}
		r := rr.at[rr.verdict()]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Where(), r.Function, r.Stat, strings.Join(vs, ", "))
		if verbose {
			fmt.Fprintf(tw, "\t  assumes: %s\n", r.Assumption)
			fmt.Fprintf(tw, "\t  %s: %s\n", rr.verdict(), r.Why)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	seen := map[string]bool{}
	for _, pr := range res.Ports {
		for _, r := range pr.readers {
			if r.Verdict == broken {
				nb++
				seen[pr.Port.String()] = true
				fmt.Fprintf(w, "FINDING %s %s %s: %s\n", pr.Port, r.Where(), r.Function, r.finding())
			}
		}
	}
	return nb, len(seen)
}

// finding is what a broken reader assumes and why that no longer holds.
func (r *reader) finding() string { return r.Assumption + "; " + r.Why }

// jsonReader is a reader in the --json document: its assumption's worst
// verdict over the ports, that verdict's reason on the first port that
// has it, and the ports that have it.
type jsonReader struct {
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Function   string   `json:"function"`
	Stat       string   `json:"stat"`
	Assumption string   `json:"assumption"`
	Verdict    string   `json:"verdict"`
	Why        string   `json:"why"`
	Ports      []string `json:"ports"`
}

func (res *Result) jsonReaders() []jsonReader {
	out := []jsonReader{}
	for _, rr := range res.readerRows() {
		v := rr.verdict()
		r := rr.at[v]
		out = append(out, jsonReader{r.File, r.Line, r.Function, r.Stat, r.Assumption, string(v), rr.why[v], rr.ports[v]})
	}
	return out
}

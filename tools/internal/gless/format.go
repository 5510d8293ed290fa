package gless

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
)

// Line is a target's line: "<goos>/<goarch> PASS" or
// "<goos>/<goarch> FAIL <root> -> ... -> <callee> [why]".
func (r Result) Line() string {
	s := r.Port.String() + " " + strings.ToUpper(r.Status)
	switch r.Status {
	case report.Skip:
		return s + " " + r.Skip
	case report.Fail:
		var parts []string
		if r.Chain != nil {
			parts = append(parts, fmt.Sprintf("%s [%s]", r.Chain, r.Chain.Reason))
		}
		if len(r.Split) > 0 {
			parts = append(parts, "roots not nosplit: "+strings.Join(r.Split, ", "))
		}
		s += " " + strings.Join(parts, "; ")
	}
	return s
}

// Detail is the row's detail: the chain and the roots that are not
// nosplit.
func (r Result) Detail() string {
	switch r.Status {
	case report.Skip:
		return r.Skip
	case report.Fail:
		return strings.TrimPrefix(r.Line(), r.Port.String()+" FAIL ")
	}
	return ""
}

// Row is the result as a report row (check "gless").
func (r Result) Row() report.Row {
	return report.Row{
		Check: "gless", GOOS: r.Port.GOOS, GOARCH: r.Port.GOARCH, Status: r.Status,
		Figures: fmt.Sprintf("%d roots, %d functions, %d notes", len(r.Roots), r.Reached, len(r.Notes)),
		Detail:  r.Detail(), Seconds: r.Seconds,
	}
}

// Summary: the G-less caller, what the OS layer needs, and what that
// says of the comment.
func (r RootFinding) Summary() string {
	var b strings.Builder
	b.WriteString(r.Root + ": ")
	if r.Caller != "" {
		b.WriteString("G-less caller " + r.Caller)
	} else {
		b.WriteString("no G-less caller (" + r.NoCaller + ")")
	}
	if r.OSLayer != nil {
		fmt.Fprintf(&b, "; its OS layer needs a G whatever the stat update does: %s [%s]", r.OSLayer, r.OSLayer.Reason)
	} else {
		b.WriteString("; its OS layer needs no G")
	}
	comment := "no \"may be invoked without a valid G\" comment"
	if len(r.Comments) > 0 {
		comment = "the comment \"may be invoked without a valid G\" on " + strings.Join(r.Comments, ", ")
	}
	switch {
	case len(r.Comments) == 0:
		fmt.Fprintf(&b, "; %s", comment)
	case r.Caller != "" && r.OSLayer == nil:
		fmt.Fprintf(&b, "; %s states what that caller relies on", comment)
	case r.Caller != "":
		fmt.Fprintf(&b, "; %s is not true here, and that caller relies on it", comment)
	case r.OSLayer != nil:
		fmt.Fprintf(&b, "; %s overstates it here: nothing calls it without a G, and it could not run without one", comment)
	default:
		fmt.Fprintf(&b, "; %s holds, but nothing here relies on it", comment)
	}
	return b.String()
}

// Write prints a line per target, then the notes, what was not followed,
// and the per-OS findings, each grouped across the targets that share it.
func Write(w io.Writer, results []Result, verbose bool) {
	for _, r := range results {
		fmt.Fprintln(w, r.Line())
		if verbose {
			for _, c := range r.Failures {
				fmt.Fprintf(w, "    %s [%s]\n", c, c.Reason)
			}
			for _, m := range r.Missing {
				fmt.Fprintf(w, "    root %s: not found for this target\n", m)
			}
		}
	}
	notes := newGroups()
	unf := newGroups()
	for _, r := range results {
		for _, n := range r.Notes {
			notes.add(fmt.Sprintf("%s [%s]; %s", n, n.Reason, n.Why), r.Port)
		}
		for _, u := range r.Unfollowed {
			unf.add(u, r.Port)
		}
	}
	if len(notes.keys) > 0 {
		fmt.Fprintln(w, "\nnotes: chains that would fail but are taken only on the way to the end of the program")
		fmt.Fprintln(w, "(an exit or a throw follows) or only when runtime/cgo is linked; they are not failures:")
		fmt.Fprintln(w, "without a G, such a path crashes where it would have printed its message and exited,")
		fmt.Fprintln(w, "or it needs cgo, with which the runtime's G-less caller (newosproc0) is not used.")
		notes.write(w)
	}
	if len(unf.keys) > 0 {
		fmt.Fprintln(w, "\nnot followed (calls on checked paths the analysis cannot resolve):")
		unf.write(w)
	}
	byOS := map[string]*groups{}
	var oses []string
	for _, r := range results {
		if r.Status == report.Skip {
			continue
		}
		g := byOS[r.Port.GOOS]
		if g == nil {
			g = newGroups()
			byOS[r.Port.GOOS] = g
			oses = append(oses, r.Port.GOOS)
		}
		for _, rf := range r.Finding.Roots {
			g.add(rf.Summary(), r.Port)
		}
	}
	if len(oses) > 0 {
		fmt.Fprintln(w, "\nper OS: G-less callers of sysAlloc/sysFree, and what the OS layer needs (stat updates left out):")
		sort.Strings(oses)
		for _, os := range oses {
			g := byOS[os]
			for _, k := range g.keys {
				var arches []string
				for _, t := range g.targets[k] {
					arches = append(arches, t.GOARCH)
				}
				fmt.Fprintf(w, "  %s (%s) %s\n", os, strings.Join(arches, " "), k)
			}
		}
	}
}

type groups struct {
	keys    []string
	targets map[string][]era.Port
}

func newGroups() *groups { return &groups{targets: map[string][]era.Port{}} }

func (g *groups) add(k string, t era.Port) {
	if _, ok := g.targets[k]; !ok {
		g.keys = append(g.keys, k)
	}
	g.targets[k] = append(g.targets[k], t)
}

func (g *groups) write(w io.Writer) {
	for _, k := range g.keys {
		var ts []string
		for _, t := range g.targets[k] {
			ts = append(ts, t.String())
		}
		fmt.Fprintf(w, "  [%s] %s\n", strings.Join(ts, " "), k)
	}
}

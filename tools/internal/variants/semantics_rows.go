package variants

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// A semKey is a row of the comparison: a file, function and pair of
// behaviours.
type semKey struct {
	ordinary              bool
	variant, fn, old, new string
}

// A semGroup is what a row gathers: the GOOSes, architecture classes and
// OS results it happens with.
type semGroup struct {
	goos, classes, oss map[string]bool
	conds              map[string]bool
	osOrder            []string
	n                  int
	example            string
}

// group adds the pair of runs of sc (traces ot and nt) to the row of
// their behaviours; false if they behave alike.
func group(groups map[semKey]*semGroup, sc *Scenario, ot, nt string, ob, nb behaviour) {
	withCalls := ob.calls != nb.calls
	k := semKey{sc.ordinary, sc.variant, sc.Func, ob.text(withCalls), nb.text(withCalls)}
	g := groups[k]
	if g == nil {
		g = &semGroup{goos: map[string]bool{}, classes: map[string]bool{}, oss: map[string]bool{},
			conds:   map[string]bool{},
			example: fmt.Sprintf("#%d: %s/%s stat=%#x n=%#x", sc.ID, sc.GOOS, sc.Arch.Name, sc.Stat, sc.N)}
		groups[k] = g
	}
	g.n++
	g.goos[sc.GOOS] = true
	g.classes[sc.Arch.class()] = true
	l, c := osLabel(sc, ot, nt)
	if !g.oss[l] {
		g.oss[l] = true
		g.osOrder = append(g.osOrder, l)
	}
	g.conds[c] = true
}

// semRows are the groups as rows, in the report's order.
func semRows(groups map[semKey]*semGroup, arches []Arch, old, cur *Profile) []semRow {
	allClasses := map[string]bool{}
	for _, a := range arches {
		allClasses[a.class()] = true
	}
	var rows []semRow
	for k, g := range groups {
		row := semRow{ordinary: k.ordinary, file: "mem_" + k.variant + ".go", fn: k.fn, old: k.old, new: k.new,
			scenarios: g.n, example: g.example, results: compactOS(g.osOrder), input: "any"}
		if len(g.conds) == 1 {
			row.input = sortedKeys(g.conds)[0]
		}
		if row.input == "" {
			row.input = "-"
		}
		row.arches = "all"
		if len(g.classes) < len(allClasses) {
			row.arches = strings.Join(sortedKeys(g.classes), ", ")
		}
		row.goos = "all"
		if len(g.goos) < len(old.modelGOOS[k.variant])-countOnly(old, cur, k.variant) {
			row.goos = strings.Join(sortedKeys(g.goos), ",")
		}
		rows = append(rows, row)
	}
	sortSemRows(rows)
	return rows
}

// sortSemRows orders rows: ordinary values first, then by file, function
// (funcOrder) and behaviours: a row's key, so that the order is the same
// in every run.
func sortSemRows(rows []semRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.ordinary != b.ordinary {
			return a.ordinary
		}
		if a.file != b.file {
			return a.file < b.file
		}
		if ra, rb := slices.Index(funcOrder, a.fn), slices.Index(funcOrder, b.fn); ra != rb {
			return ra < rb
		}
		if a.fn != b.fn {
			return a.fn < b.fn
		}
		if a.old != b.old {
			return a.old < b.old
		}
		return a.new < b.new
	})
}

// osLabel is what the OS did in a pair of runs: the script's results that
// either run consumed, and the inputs that choose a path (sysMap's
// reserved, plan9's freeing at the break).
func osLabel(sc *Scenario, traces ...string) (label, cond string) {
	consumed := make([]bool, len(sc.Script))
	for _, t := range traces {
		seen := map[string]int{}
		for _, l := range strings.Split(t, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == "call" {
				seen[f[1]]++
			}
		}
		k := map[string]int{}
		for i, st := range sc.Script {
			if k[st.prim] < seen[st.prim] {
				consumed[i] = true
			}
			k[st.prim]++
		}
	}
	var steps []Step
	for i, st := range sc.Script {
		if consumed[i] && st.Class != "ok" {
			steps = append(steps, st)
		}
	}
	switch {
	case sc.Func == "sysMap" && sc.Reserved:
		cond = "v reserved"
	case sc.Func == "sysMap":
		cond = "v not reserved"
	case sc.Func == "sysFree" && sc.GOOS == "plan9" && sc.Bloc == (sc.V+sc.N)&sc.Arch.Mask():
		cond = "v+n is the break"
	case sc.Func == "sysFree" && sc.GOOS == "plan9":
		cond = "v+n is not the break"
	}
	return scriptWords(steps), cond
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// compactOS joins OS-result labels, folding the failures of one
// primitive: "mmap failed with EPERM, ENOMEM or EACCES".
func compactOS(labels []string) string {
	var heads []string
	tails := map[string][]string{}
	var rest []string
	for _, l := range labels {
		head, tail, ok := strings.Cut(l, " failed with ")
		if ok && !strings.Contains(l, ", then ") {
			if _, seen := tails[head]; !seen {
				heads = append(heads, head)
			}
			tails[head] = append(tails[head], tail)
			continue
		}
		rest = append(rest, l)
	}
	var out []string
	for _, h := range heads {
		t := tails[h]
		if len(t) > 1 {
			t = append(t[:len(t)-2], t[len(t)-2]+" or "+t[len(t)-1])
		}
		out = append(out, h+" failed with "+strings.Join(t, ", "))
	}
	return strings.Join(append(out, rest...), "; ")
}

// countOnly is how many of variant's GOOSes one profile has and the other
// does not.
func countOnly(a, b *Profile, variant string) int {
	in := map[string]bool{}
	for _, g := range b.modelGOOS[variant] {
		in[g] = true
	}
	n := 0
	for _, g := range a.modelGOOS[variant] {
		if !in[g] {
			n++
		}
	}
	return n
}

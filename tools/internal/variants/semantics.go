package variants

import (
	"xaddref/tools/internal/osconv"

	"fmt"
	"math/rand"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A SemRow is one way the two profiles' models behave differently.
type SemRow struct {
	Ordinary         bool // with ordinary stat values (else next to a boundary, or random)
	File, GOOS, Func string
	OS               string // the scripted OS results
	Input            string // an input that chose the path: sysMap's reserved, plan9's break
	Arches           string // the architecture classes it happens on
	Example          string // one scenario's stat and n
	Old, New         string // 6ad33be's and Go 1.19's behaviour
	Scenarios        int
}

// SemResult is the semantics comparison.
type SemResult struct {
	Seed      int64
	Scenarios int // pairs of runs compared
	Same      int
	Rows      []SemRow
	// Findings are the 2015 ports whose OS conventions are not the ones
	// 6ad33be's code tests for, and what they make it do.
	Findings []PortFinding
	// Conventions are the two eras' tables the scenarios ran on.
	Conventions []*osconv.Table
}

// behaviour is what a trace shows of a run, relative to its scenario.
type behaviour struct {
	calls   string // the OS calls, by name
	effects string // how the stats moved
	outcome string
}

var numberRE = regexp.MustCompile(`-?(0x[0-9a-f]+|[0-9]+)`)

// cellValue reads a trace cell (8 bytes in memory order) as a's uint64.
func cellValue(hexBytes string, a Arch) (uint64, bool) {
	if len(hexBytes) != 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < 8; i++ {
		b, err := strconv.ParseUint(hexBytes[2*i:2*i+2], 16, 8)
		if err != nil {
			return 0, false
		}
		shift := uint(8 * i)
		if a.BE {
			shift = uint(8 * (7 - i))
		}
		v |= b << shift
	}
	return v, true
}

// delta describes the change from before to after of a stat charged (up,
// else uncharged) with n: +n, -n, or how a 32-bit word wrapped.
func delta(before, after, n uint64, a Arch, up bool) string {
	d := after - before
	plus, minus := "+n", "-n"
	if !up {
		n, plus, minus = -n, "-n", "+n"
	}
	switch {
	case d == 0:
		return ""
	case d == n:
		return plus
	case a.PtrSize == 4 && d == n-1<<32:
		return plus + "-2^32 (its low word wrapped)"
	case a.PtrSize == 4 && d == n+1<<32:
		return plus + "+2^32 (its low word wrapped)"
	case d == -n:
		return minus
	}
	return fmt.Sprintf("%+d", int64(d))
}

func summarize(trace string, sc *Scenario) behaviour {
	var b behaviour
	var calls, effects []string
	for _, l := range strings.Split(trace, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "call":
			calls = append(calls, f[1])
		case "cells":
			before := map[string]uint64{"stat": sc.Stat, "other_sys": sc.Other, "stacks_sys": sc.Stacks}
			for _, kv := range f[1:] {
				k, v, _ := strings.Cut(kv, "=")
				if k == "mappedReady" {
					after, _ := strconv.ParseUint(v, 10, 64)
					if d := delta(sc.Mapped, after, sc.N, Arch{PtrSize: 8}, sc.Func != "sysFree"); d != "" {
						effects = append(effects, "mappedReady "+d)
					}
					continue
				}
				if old, ok := before[k]; ok {
					if after, ok := cellValue(v, sc.Arch); ok {
						if d := delta(old, after, sc.N, sc.Arch, sc.Func != "sysFree"); d != "" {
							effects = append(effects, cellLabel(k, sc.Which)+" "+d)
						}
					}
				}
			}
		case "outcome":
			rest := strings.TrimPrefix(l, "outcome ")
			switch {
			case rest == "return 0x0":
				b.outcome = "returns nil"
			case strings.HasPrefix(rest, "return 0x"):
				b.outcome = "returns the memory"
			case rest == "return":
				b.outcome = "returns"
			case strings.HasPrefix(rest, "exit "):
				b.outcome = "exit(" + strings.TrimPrefix(rest, "exit ") + ")"
			case strings.HasPrefix(rest, "throw "):
				b.outcome = "throw(" + strings.TrimPrefix(rest, "throw ") + ")"
			default:
				b.outcome = rest
			}
		case "stderr":
			msg := strings.TrimPrefix(l, "stderr ")
			if msg != `""` && (strings.HasPrefix(b.outcome, "exit") || strings.HasPrefix(b.outcome, "throw")) {
				msg = strings.TrimSuffix(strings.TrimPrefix(msg, `"`), `\n"`)
				b.outcome += " after printing \"" + numberRE.ReplaceAllString(msg, "N") + "\""
			}
		}
	}
	if len(calls) == 0 {
		b.calls = "no OS call"
	} else {
		b.calls = "calls " + strings.Join(calls, ", ")
	}
	if len(effects) == 0 {
		b.effects = "stats unchanged"
	} else {
		b.effects = strings.Join(effects, ", ")
	}
	return b
}

// cellLabel names a cell relative to the sysStat argument: "stat" is the
// one passed, whichever memstats field it is.
func cellLabel(cell, which string) string {
	switch {
	case cell == which:
		return "stat"
	case cell == "stat":
		return "an unrelated stat"
	}
	return cell
}

func (b behaviour) text(withCalls bool) string {
	s := b.outcome + "; " + b.effects
	if withCalls {
		s = b.calls + "; " + s
	}
	return s
}

// Semantics runs the 6ad33be and Go 1.19 models over the same scenarios and
// returns where they behave differently: the table comes from the runs.
func Semantics(opts Options) (*SemResult, error) {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Random == 0 {
		opts.Random = 200
	}
	model := opts.Model
	var err error
	if model == nil {
		opts.logf("semantics: building the C model (bazel build //cref:variants)")
		if model, err = BuildModel(); err != nil {
			return nil, err
		}
	}
	old, cur := profile6ad33be, profileGo119
	for _, p := range []*Profile{old, cur} {
		if opts.Tables[p.Name] == nil {
			return nil, fmt.Errorf("no OS conventions of profile %s: give its tree", p.Name)
		}
	}
	arches, err := opts.arches(model)
	if err != nil {
		return nil, err
	}
	// The ports both eras have, each with each era's conventions: the
	// same scenario runs in each era on the port as that era has it.
	curRoots := map[string]bool{}
	for _, r := range cur.Roots {
		curRoots[r.Name] = true
	}
	targets := map[string][]target{}
	for _, v := range old.Variants {
		curGOOS := map[string]bool{}
		for _, g := range cur.ModelGOOS[v] {
			curGOOS[g] = true
		}
		for _, g := range old.ModelGOOS[v] {
			if !curGOOS[g] {
				continue
			}
			for _, po := range opts.Tables[old.Name].PortsOf(g) {
				pc := opts.Tables[cur.Name].Port(po.GOOS, po.GOARCH)
				if pc == nil || !hasArch(arches, po.GOARCH) {
					continue
				}
				a := arches[0]
				for _, x := range arches {
					if x.Name == po.GOARCH {
						a = x
					}
				}
				for _, r := range old.Roots {
					if curRoots[r.Name] {
						targets[old.Name] = append(targets[old.Name], target{variant: v, goos: g, fn: r.Name, arch: a, conv: po.ScenarioFields()})
						targets[cur.Name] = append(targets[cur.Name], target{variant: v, goos: g, fn: r.Name, arch: a, conv: pc.ScenarioFields()})
					}
				}
			}
		}
	}
	if len(targets[old.Name]) == 0 {
		return nil, fmt.Errorf("the two eras share no port on the architectures of the run")
	}
	// Explored in each era; the scripts of both, under the 6ad33be targets.
	scripts := map[target][][]Step{}
	for _, p := range []*Profile{old, cur} {
		s, err := explore(p.Name, targets[p.Name], model.Runner.Run)
		if err != nil {
			return nil, err
		}
		for i, t := range targets[p.Name] {
			key := targets[old.Name][i]
			have := map[string]bool{}
			for _, x := range scripts[key] {
				have[scriptKey(x)] = true
			}
			for _, x := range s[t] {
				if !have[scriptKey(x)] {
					scripts[key] = append(scripts[key], x)
				}
			}
		}
	}
	random := opts.Random
	if random < 0 {
		random = 0
	}
	scs := generate("", targets[old.Name], scripts, rand.New(rand.NewSource(opts.Seed)), random)
	conv := map[string]map[string]string{}
	for _, p := range []*Profile{old, cur} {
		conv[p.Name] = map[string]string{}
		for _, t := range targets[p.Name] {
			conv[p.Name][t.goos+"/"+t.arch.Name] = t.conv
		}
	}
	run := func(p *Profile) ([]string, error) {
		lines := make([]string, len(scs))
		for i, sc := range scs {
			sc.Profile, sc.Conv = p.Name, conv[p.Name][sc.GOOS+"/"+sc.Arch.Name]
			lines[i] = sc.Line()
		}
		return model.Runner.Run(lines)
	}
	ot, err := run(old)
	if err != nil {
		return nil, err
	}
	nt, err := run(cur)
	if err != nil {
		return nil, err
	}
	opts.logf("semantics: %d scenarios through both models, seed %d", len(scs), opts.Seed)

	res := &SemResult{Seed: opts.Seed, Conventions: []*osconv.Table{opts.Tables[old.Name], opts.Tables[cur.Name]}}
	if res.Findings, err = ConventionFindings(opts.Tables[old.Name], model); err != nil {
		return nil, err
	}
	// A row per file, function and pair of behaviours, with the GOOSes,
	// architecture classes and OS results it happens with.
	type key struct {
		ordinary              bool
		variant, fn, old, new string
	}
	type agg struct {
		goos, classes, oss map[string]bool
		conds              map[string]bool
		osOrder            []string
		n                  int
		example            string
	}
	groups := map[key]*agg{}
	compared := 0
	for i, sc := range scs {
		// A function one era has on a GOOS and the other has not
		// (newosproc0 on freebsd, Go 1.19's alone) is no difference of
		// behaviour.
		if strings.Contains(ot[i], "\noutcome unsupported") || strings.Contains(nt[i], "\noutcome unsupported") {
			continue
		}
		compared++
		ob, nb := summarize(ot[i], sc), summarize(nt[i], sc)
		if ob == nb {
			res.Same++
			continue
		}
		withCalls := ob.calls != nb.calls
		k := key{sc.Ordinary, sc.Variant, sc.Func, ob.text(withCalls), nb.text(withCalls)}
		g := groups[k]
		if g == nil {
			g = &agg{goos: map[string]bool{}, classes: map[string]bool{}, oss: map[string]bool{},
				conds:   map[string]bool{},
				example: fmt.Sprintf("%s/%s stat=%#x n=%#x", sc.GOOS, sc.Arch.Name, sc.Stat, sc.N)}
			groups[k] = g
		}
		g.n++
		g.goos[sc.GOOS] = true
		g.classes[sc.Arch.Class()] = true
		l, c := osLabel(sc, ot[i], nt[i])
		if !g.oss[l] {
			g.oss[l] = true
			g.osOrder = append(g.osOrder, l)
		}
		g.conds[c] = true
	}
	res.Scenarios = compared
	allClasses := map[string]bool{}
	for _, a := range arches {
		allClasses[a.Class()] = true
	}
	for k, g := range groups {
		row := SemRow{Ordinary: k.ordinary, File: "mem_" + k.variant + ".go", Func: k.fn, Old: k.old, New: k.new,
			Scenarios: g.n, Example: g.example, OS: compactOS(g.osOrder), Input: "any"}
		if len(g.conds) == 1 {
			row.Input = sortedKeys(g.conds)[0]
		}
		if row.Input == "" {
			row.Input = "-"
		}
		row.Arches = "all"
		if len(g.classes) < len(allClasses) {
			row.Arches = strings.Join(sortedKeys(g.classes), ", ")
		}
		row.GOOS = "all"
		if len(g.goos) < len(old.ModelGOOS[k.variant])-countOnly(old, cur, k.variant) {
			row.GOOS = strings.Join(sortedKeys(g.goos), ",")
		}
		res.Rows = append(res.Rows, row)
	}
	funcOrder := map[string]int{"sysAlloc": 0, "sysFree": 1, "sysMap": 2}
	sort.Slice(res.Rows, func(i, j int) bool {
		a, b := res.Rows[i], res.Rows[j]
		if a.Ordinary != b.Ordinary {
			return a.Ordinary
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Func != b.Func {
			return funcOrder[a.Func] < funcOrder[b.Func]
		}
		if a.Old != b.Old {
			return a.Old < b.Old
		}
		return a.New < b.New
	})
	return res, nil
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
			if k[st.Prim] < seen[st.Prim] {
				consumed[i] = true
			}
			k[st.Prim]++
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
	return ScriptLabel(steps), cond
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// compactOS joins OS-result labels, folding single results of one
// primitive: "mmap nil|e12".
func compactOS(labels []string) string {
	var prims []string
	classes := map[string][]string{}
	var rest []string
	for _, l := range labels {
		f := strings.Fields(l)
		if len(f) == 2 && !strings.Contains(l, ",") {
			if _, ok := classes[f[0]]; !ok {
				prims = append(prims, f[0])
			}
			classes[f[0]] = append(classes[f[0]], f[1])
			continue
		}
		rest = append(rest, l)
	}
	var out []string
	for _, p := range prims {
		out = append(out, p+" "+strings.Join(classes[p], "|"))
	}
	return strings.Join(append(out, rest...), "; ")
}

// countOnly is how many of variant's GOOSes one profile has and the other
// does not.
func countOnly(a, b *Profile, variant string) int {
	in := map[string]bool{}
	for _, g := range b.ModelGOOS[variant] {
		in[g] = true
	}
	n := 0
	for _, g := range a.ModelGOOS[variant] {
		if !in[g] {
			n++
		}
	}
	return n
}

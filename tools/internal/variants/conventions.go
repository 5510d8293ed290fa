package variants

import (
	"fmt"
	"strings"
	"time"

	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
)

// What 6ad33be's code tests a failed system call's result for, and so the
// conventions it was written for: mem_*.go's sysAlloc takes a result below
// 4096 for a failure and compares it with small positive errnos
// (uintptr(p) == _EACCES); mem_linux.go's addrspace_free compares
// mincore's with -_ENOMEM.
var expected = map[string]string{osconv.MmapFailure: osconv.Errno, osconv.MincoreFailure: osconv.NegErrno}

// A probe is a call of a variant with a refused system call, run through
// the model on a port's conventions and on the ones the code expects.
type probe struct {
	fn       string
	reserved bool
	script   []Step
	fact     string // the fact it shows
}

var probes = []probe{
	{"sysAlloc", false, []Step{{"mmap", "e12"}}, osconv.MmapFailure},
	{"sysAlloc", false, []Step{{"mmap", "e13"}}, osconv.MmapFailure},
	{"sysMap", true, []Step{{"mmap", "e12"}}, osconv.MmapFailure},
	{"sysMap", false, []Step{{"mmap", "wrong"}, {"mincore", "e12"}}, osconv.MincoreFailure},
}

// A portFinding is what a port's conventions make 6ad33be's code do where
// they are not the ones it tests for.
type portFinding struct {
	port    string   // goos/goarch
	facts   []string // "mmap failure -errno (measured)"
	effects []string // one per probe whose outcome differs
}

// Conventions derives the OS conventions of the tree at dir (osconv), folds
// in what the differential suite measured (runs), and runs 6ad33be's
// variants, through the C model, on each port's conventions where they are
// not the ones the code tests for. It returns the table, which the
// variants check then runs on, and a row per port (check "conventions": a
// finding where the conventions change what the code does, a failure where
// a measurement disagrees with the derivation or with the model). opts
// gives the model and the architectures, and the derivation (Table) where
// the caller made it already; the measurements go into it.
func Conventions(dir, profile string, runs []osconv.Run, opts Options) (*osconv.Table, []report.Row) {
	start := time.Now()
	failRow := func(err error) []report.Row {
		return []report.Row{{Check: "conventions", GOOS: "-", GOARCH: "-", Status: report.Fail,
			Detail: err.Error(), Seconds: time.Since(start).Seconds()}}
	}
	table := opts.Table
	if table == nil {
		var err error
		if table, err = osconv.Derive(dir, profile); err != nil {
			return nil, failRow(fmt.Errorf("deriving the OS conventions of %s: %v", dir, err))
		}
	}
	model, err := opts.modelFor("conventions")
	if err != nil {
		return table, failRow(err)
	}
	c := &convCheck{table: table, profile: profile, model: model, problems: map[string][]string{}, confirmed: map[string]string{}}
	for _, r := range runs {
		c.measured(r)
	}
	var rows []report.Row
	for _, p := range table.Ports {
		if len(opts.arches) > 0 && !contains(opts.arches, p.GOARCH) {
			continue
		}
		rows = append(rows, c.row(p))
	}
	if n := len(rows); n > 0 {
		rows[n-1].Seconds = time.Since(start).Seconds()
	}
	return table, rows
}

// A convCheck is the conventions check of one table: the problems and
// confirmations of each port (goos/goarch) so far.
type convCheck struct {
	table     *osconv.Table
	profile   string
	model     *Model
	problems  map[string][]string
	confirmed map[string]string
}

// measured folds a run's measurements into the table, and for 6ad33be
// confirms with the model what the real sysAlloc did.
func (c *convCheck) measured(r osconv.Run) {
	name := r.GOOS + "/" + r.GOARCH
	a, ok := archOf(c.model, r.GOARCH)
	if !ok {
		c.problems[name] = append(c.problems[name], "the model has no architecture "+r.GOARCH)
		return
	}
	for _, e := range c.table.Measure(r.GOOS, r.GOARCH, 8*a.ptrSize, r.How, r.Measurements) {
		c.problems[name] = append(c.problems[name], e.Error())
	}
	if c.profile != profile6ad33be.Name {
		return
	}
	conf, err := confirm(c.table.Port(r.GOOS, r.GOARCH), a, r, c.model)
	if err != nil {
		c.problems[name] = append(c.problems[name], err.Error())
	} else {
		c.confirmed[name] = conf
	}
}

// row is p's row: a finding where its conventions make 6ad33be's code do
// what it does not test for.
func (c *convCheck) row(p *osconv.Port) report.Row {
	row := report.Row{Check: "conventions", GOOS: p.GOOS, GOARCH: p.GOARCH, Status: report.Pass}
	f := portFinding{port: p.Name(), facts: failureFacts(p)}
	a, ok := archOf(c.model, p.GOARCH)
	if c.profile == profile6ad33be.Name && ok && hasVariant(p.GOOS) {
		effects, err := effectsOf(p, a, c.model)
		if err != nil {
			c.problems[p.Name()] = append(c.problems[p.Name()], err.Error())
		}
		f.effects = effects
	}
	detail := strings.Join(f.facts, ", ")
	if detail == "" {
		detail = "no mmap, munmap or mincore: its OS layer is another (VirtualAlloc, brk)"
	}
	if len(f.effects) > 0 {
		row.Status = report.Finding
		detail += ". On these conventions 6ad33be's code does what it does not test for: " + strings.Join(f.effects, "; ")
	}
	if conf, ok := c.confirmed[p.Name()]; ok {
		detail += ". " + conf
	}
	if ps := c.problems[p.Name()]; len(ps) > 0 {
		row.Status = report.Fail
		detail = strings.Join(ps, "; ") + ". " + detail
	}
	row.Detail = detail
	if n := measuredCount(p); n > 0 {
		row.Figures = fmt.Sprintf("%d facts, %d measured", len(p.Facts), n)
	} else {
		row.Figures = fmt.Sprintf("%d facts, derived", len(p.Facts))
	}
	return row
}

func measuredCount(p *osconv.Port) int {
	n := 0
	for _, f := range p.Facts {
		if f.How == osconv.Measured {
			n++
		}
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func archOf(model *Model, goarch string) (Arch, bool) {
	for _, a := range model.Arches {
		if a.Name == goarch {
			return a, true
		}
	}
	return Arch{}, false
}

// failureFacts are the port's failure facts, "mmap failure -errno (measured)".
func failureFacts(p *osconv.Port) []string {
	var out []string
	for _, fact := range []string{osconv.MmapFailure, osconv.MunmapFailure, osconv.MincoreFailure} {
		if x := p.Fact(fact); x != nil {
			out = append(out, fmt.Sprintf("%s %s (%s)", fact, x.Value, x.How))
		}
	}
	return out
}

// hasVariant: the GOOS has a 6ad33be variant that calls mmap.
func hasVariant(goos string) bool {
	for _, v := range []string{"bsd", "darwin", "linux"} {
		if contains(profile6ad33be.modelGOOS[v], goos) {
			return true
		}
	}
	return false
}

// probeLine is the scenario of a probe on a port's conventions.
func probeLine(p *osconv.Port, a Arch, pr probe, conv string) (*Scenario, string) {
	t := target{variant: "", goos: p.GOOS, fn: pr.fn, arch: a, conv: conv}
	sc := base(profile6ad33be.Name, t)
	sc.Reserved, sc.Script = pr.reserved, pr.script
	return sc, sc.Line()
}

// effectsOf runs the probes on the port's conventions and on the ones the
// code expects, and describes each that differs.
func effectsOf(p *osconv.Port, a Arch, model *Model) ([]string, error) {
	ref := p
	for fact, v := range expected {
		if p.Value(fact) != "" && p.Value(fact) != v {
			ref = ref.With(fact, v)
		}
	}
	if ref == p {
		return nil, nil
	}
	var lines []string
	var scs []*Scenario
	var used []probe
	for _, pr := range probes {
		if p.Value(pr.fact) == "" || (pr.fact == osconv.MincoreFailure && p.GOOS != "linux") {
			continue
		}
		sc, l := probeLine(p, a, pr, p.ScenarioFields())
		_, r := probeLine(ref, a, pr, ref.ScenarioFields())
		lines = append(lines, l, r)
		scs = append(scs, sc)
		used = append(used, pr)
	}
	traces, err := model.Runner.Run(lines)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, pr := range used {
		got, want := summarize(traces[2*i], scs[i]), summarize(traces[2*i+1], scs[i])
		if got == want {
			continue
		}
		withCalls := got.calls != want.calls
		what := pr.fn
		if pr.fn == "sysMap" {
			what += map[bool]string{true: " (reserved)", false: " (not reserved)"}[pr.reserved]
		}
		out = append(out, fmt.Sprintf("%s with %s: %s, where the code expects: %s",
			what, ScriptLabel(pr.script), got.text(withCalls), want.text(withCalls)))
	}
	return out, nil
}

// confirm compares the real sysAlloc the run measured (mmap refused) with
// what the model predicts on the port's conventions.
func confirm(p *osconv.Port, a Arch, r osconv.Run, model *Model) (string, error) {
	m, err := osconv.SysAlloc(r.Measurements)
	if err != nil {
		return "", err
	}
	t := target{goos: p.GOOS, fn: "sysAlloc", arch: a, conv: p.ScenarioFields()}
	sc := base(profile6ad33be.Name, t)
	sc.N, sc.Stat, sc.Script = m.N, m.Stat, []Step{{"mmap", fmt.Sprintf("e%d", m.Errno)}}
	traces, err := model.Runner.Run([]string{sc.Line()})
	if err != nil {
		return "", err
	}
	ret, stat, err := returnAndStat(traces[0], a)
	if err != nil {
		return "", err
	}
	if ret != m.Ret || stat != m.StatAfter {
		return "", fmt.Errorf("the real sysAlloc(%#x) under %s returned %#x and left the stat at %#x; the model on %s's conventions predicts %#x and %#x",
			m.N, r.How, m.Ret, m.StatAfter, p.Name(), ret, stat)
	}
	return fmt.Sprintf("The real runtime (%s) agrees: sysAlloc(%#x) with mmap refused (errno %d) returned %#x and left the stat at %#x, as the model predicts",
		r.How, m.N, m.Errno, m.Ret, m.StatAfter), nil
}

// returnAndStat reads a sysAlloc trace's returned value and stat cell.
func returnAndStat(trace string, a Arch) (ret, stat uint64, err error) {
	okRet, okStat := false, false
	for _, l := range strings.Split(trace, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) == 3 && f[0] == "outcome" && f[1] == "return":
			_, err := fmt.Sscanf(f[2], "0x%x", &ret)
			okRet = err == nil
		case len(f) > 1 && f[0] == "cells":
			for _, kv := range f[1:] {
				if strings.HasPrefix(kv, "stat=") {
					stat, okStat = cellValue(strings.TrimPrefix(kv, "stat="), a)
				}
			}
		}
	}
	if !okRet || !okStat {
		return 0, 0, fmt.Errorf("the model's trace has no returned value or stat:\n%s", trace)
	}
	return ret, stat, nil
}

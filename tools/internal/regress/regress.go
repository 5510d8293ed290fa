// Package regress runs a tree's own runtime test suite the way the tree's
// builders ran it, once on the series' base and once with the series
// applied, on every architecture the kit runs for the era, and compares
// the two test by test. A test that passes on the base and fails with the
// series is bisected to the patch that breaks it.
//
// In the 2015 tree, src/run.bash ends with `exec go tool dist test`, and
// cmd/dist/test.go:202-213 runs the runtime's tests three times, `go test
// -short -timeout=300s runtime -cpu=N` for N in 1, 2, 4, each with
// GOMAXPROCS=2 ("to test runtime bootstrap code, creation of first
// goroutines and first garbage collections in the parallel setting").
// regress builds the test binary once per tree and architecture and runs
// it so, once per -test.cpu value, under the architecture's launcher
// (era.Arch.Launcher), with -test.v to read each test's result.
//
// For users: docs/regress.md.
package regress

import (
	"fmt"
	"path"
	"strings"
	"time"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

// Options of a run.
type Options struct {
	Tree   *tree.Info // at the series' base
	Arches []string   // nil or "all": every architecture of the profile
	CPUs   []int      // the -test.cpu values, a run each; nil: 1, 2, 4
}

// distTimeout is cmd/dist's -timeout for the runtime's tests
// (cmd/dist/test.go:209, t.timeout(300)).
const distTimeout = 300 * time.Second

// Run compares the tree's own tests on the base and with the series and
// returns a row per test and architecture and a summary row each.
func Run(o Options) ([]report.Row, error) {
	p, err := era.ByName(o.Tree.Era.Name)
	if err != nil {
		return nil, cli.Usagef("%v", err)
	}
	s, err := baseSeries(o.Tree, p)
	if err != nil {
		return nil, err
	}
	arches, err := selectArches(p, o.Arches)
	if err != nil {
		return nil, err
	}
	cpus := o.CPUs
	if len(cpus) == 0 {
		cpus = []int{1, 2, 4}
	}
	hooks, err := hooksLine(p)
	if err != nil {
		return nil, err
	}
	rows := []report.Row{packagesRow(s)}
	bd := &scratchBuilder{tree: o.Tree}
	for _, a := range arches {
		c := config{cpus: cpus, reruns: 3, timeout: distTimeout * time.Duration(scale(a)), hooks: hooks}
		rows = append(rows, runArch(bd, s, p, a, c)...)
	}
	return rows, nil
}

// baseSeries loads the profile's series and checks that the tree is at
// its base: regress compares that base with the series applied.
func baseSeries(t *tree.Info, p *era.Era) (*series.Series, error) {
	if p.Series == "" {
		return nil, cli.Usagef("regress compares a tree at the series' base with the series applied; %s (profile %s) has no series: give the 2015 tree at 8566979972", t.Dir, p.Name)
	}
	s, err := series.Load(kit.Root(), p.Series)
	if err != nil {
		return nil, err
	}
	st, err := s.State(t.Dir)
	if err != nil {
		return nil, err
	}
	if st.Status != series.NotApplied {
		return nil, cli.Usagef("regress compares the series' base with the series applied, so the tree must be at the base: %s is %s (tools/xaddref series unapply --tree %s puts it back)", t.Dir, st.Line(), t.Dir)
	}
	return s, nil
}

func selectArches(p *era.Era, names []string) ([]era.Arch, error) {
	if len(names) == 0 || len(names) == 1 && names[0] == "all" {
		return p.Arches, nil
	}
	var out []era.Arch
	for _, n := range names {
		a, ok := p.Arch(n)
		if !ok {
			return nil, cli.Usagef("--arch %s: no such architecture in profile %s", n, p.Name)
		}
		out = append(out, a)
	}
	return out, nil
}

// scale multiplies cmd/dist's timeout as its timeoutScale did for slow
// builders (2 on arm, cmd/dist/test.go:97-99), and by 5 under an
// emulator: a run of the suite under qemu-aarch64 took 120 to 166 s here,
// about 4 times amd64's 33 to 47 s.
func scale(a era.Arch) int {
	switch {
	case a.Emulator() != "":
		return 5
	case a.GOARCH == "arm":
		return 2
	}
	return 1
}

// packagesRow says which packages the series touches: regress runs the
// runtime's tests, so a series that changes another package under
// runtime/ fails here rather than pass untested.
func packagesRow(s *series.Series) report.Row {
	pkgs := map[string]bool{}
	for _, f := range s.Files {
		if rest, ok := strings.CutPrefix(f, "src/"); ok {
			pkgs[path.Dir(rest)] = true
		}
	}
	row := report.Row{Check: "regress packages", Status: report.Pass, Figures: fmt.Sprintf("%d files", len(s.Files))}
	var others []string
	for pkg := range pkgs {
		if pkg == "." {
			others = append(others, "src/ itself")
		} else if pkg != "runtime" {
			others = append(others, pkg)
		}
	}
	if len(others) > 0 {
		row.Status = report.Fail
		row.Detail = "the series changes " + strings.Join(others, ", ") + ", whose tests regress does not run"
		return row
	}
	row.Detail = "the series changes package runtime only (src/runtime/*): its tests are the suite"
	return row
}

// runArch builds and runs both sides on one architecture, re-runs what
// failed, compares, and bisects each change.
func runArch(bd builder, s *series.Series, p *era.Era, a era.Arch, c config) []report.Row {
	start := time.Now()
	fail := func(what string, err error) []report.Row {
		return []report.Row{{Check: "regress suite", GOOS: "linux", GOARCH: a.GOARCH, Status: report.Fail,
			Detail: what + ": " + err.Error(), Seconds: time.Since(start).Seconds()}}
	}
	base, err := newSide(bd, 0, a, c, "on the base")
	if err != nil {
		return fail("the base", err)
	}
	with, err := newSide(bd, len(s.Patches), a, c, "with the series")
	if err != nil {
		return fail("with the series", err)
	}
	if err := recheck(a, base, with, c); err != nil {
		return fail("re-running the failed tests alone", err)
	}
	causes := map[string]string{}
	for _, cpu := range c.cpus {
		for name := range with.listed {
			cl := cell{name, cpu}
			if v := judge(cl, base, with); v.kind == changed && causes[name] == "" {
				causes[name] = cause(bd, s, a, cl, c, failureOutput(with, cl))
			}
		}
	}
	rows, t := testRows(a.GOARCH, base, with, c.cpus, causes, func(name string, o *outcome) string {
		return note(p, a, name, o, with.builders[name])
	})
	return append(rows, summaryRow(a, base, with, c, t, time.Since(start).Seconds()))
}

// failureOutput is all the cell printed where it failed with the series.
func failureOutput(s *side, c cell) string {
	var b strings.Builder
	for _, o := range append([]*outcome{s.runs[c.cpu].Tests[c.name]}, s.alone[c]...) {
		if o.failedRun() {
			b.WriteString(o.Output)
		}
	}
	return b.String()
}

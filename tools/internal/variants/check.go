package variants

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A Failure is a check that failed rather than could not run: a tree
// whose variants the harness cannot extract or compile, or a 2015 tree
// without the series.
type Failure struct{ Msg string }

func (f *Failure) Error() string { return f.Msg }

func failure(err error) error {
	if err == nil {
		return nil
	}
	return &Failure{err.Error()}
}

// patched reports whether a 2015 tree has the series: mSysStatInc in
// mstats.go.
func patched(dir string) (bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, "src", "runtime", "mstats.go"))
	if err != nil {
		return false, err
	}
	return strings.Contains(string(b), "func mSysStatInc("), nil
}

// Check extracts the variants of the tree at dir, runs every scenario
// through them and through the C model, and compares.
func Check(dir string, prof *Profile, opts Options) (*Result, error) {
	if err := refuseUnpatched(dir, prof, opts.NoApply); err != nil {
		return nil, err
	}
	opts.defaults(clockSeed())
	table, err := opts.conventions(dir, prof)
	if err != nil {
		return nil, err
	}
	opts.logf("variants: extracting from %s (profile %s)", dir, prof.Name)
	ex, err := Extract(dir, prof, table)
	if err != nil {
		return nil, failure(fmt.Errorf("extracting the variants: %v", err))
	}
	bin, err := ex.Build()
	if err != nil {
		return nil, failure(err)
	}
	model, err := opts.modelFor("variants")
	if err != nil {
		return nil, err
	}
	host := HostRunner(bin)
	// The host runs the tree's code: its crash is the tree's failure.
	hostRun := func(lines []string) ([]string, error) {
		t, err := host.Run(lines)
		return t, failure(err)
	}
	arches, err := opts.archesOf(model)
	if err != nil {
		return nil, err
	}
	all, err := scenarios(prof.Name, ex.Instances, arches, hostRun, &opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Seed: opts.Seed, arches: archesLabel(arches, model)}
	for _, v := range prof.Variants {
		vr, err := compare(v, ex, arches, all, hostRun, model.Runner.Run)
		if err != nil {
			return nil, err
		}
		res.Variants = append(res.Variants, vr)
	}
	return res, nil
}

// refuseUnpatched refuses a 2015 tree without the series, unless noApply.
func refuseUnpatched(dir string, prof *Profile, noApply bool) error {
	if prof.Name != profile6ad33be.Name || noApply {
		return nil
	}
	ok, err := patched(dir)
	if err != nil {
		return err
	}
	if !ok {
		return failure(fmt.Errorf("%s is a 2015 tree without the series (its runtime/mstats.go has no mSysStatInc): "+
			"give a tree with the series applied, or pass --no-apply to compare it as it is", dir))
	}
	return nil
}

// scenarios explores the OS results the instances' functions on arches can
// see, through the host, and generates the run's scenarios from them.
func scenarios(profile string, instances []*Instance, arches []Arch, run func([]string) ([]string, error), opts *Options) ([]*Scenario, error) {
	targets, err := portTargets(instances, arches)
	if err != nil {
		return nil, err
	}
	scripts, err := explore(profile, targets, run)
	if err != nil {
		return nil, err
	}
	all := generate(profile, targets, scripts, rand.New(rand.NewSource(opts.Seed)), opts.randoms())
	opts.logf("variants: %d scenarios, seed %d (rerun with --seed %d)", len(all), opts.Seed, opts.Seed)
	return all, nil
}

// archesLabel is "all", or the GOARCHes a run was limited to.
func archesLabel(arches []Arch, model *Model) string {
	if len(arches) >= len(model.Arches) {
		return "all"
	}
	var names []string
	for _, a := range arches {
		names = append(names, a.Name)
	}
	return strings.Join(names, ",")
}

// funcOrder is the order in which reports give the functions under test.
var funcOrder = []string{"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"}

// batch is how many scenarios one process of the host or the model runs.
const batch = 20000

// compare runs variant v's scenarios through the host and the model, a
// batch at a time, and counts where their traces differ.
func compare(v string, ex *Extraction, arches []Arch, all []*Scenario, host, model func([]string) ([]string, error)) (*VariantResult, error) {
	start := time.Now()
	vr := newVariantResult(v, ex, arches)
	var scs []*Scenario
	var lines []string
	for _, sc := range all {
		if sc.variant == v {
			scs = append(scs, sc)
			lines = append(lines, sc.Line())
		}
	}
	kinds := map[string]bool{} // the kept differences' function and script
	for lo := 0; lo < len(lines); lo += batch {
		hi := min(lo+batch, len(lines))
		ht, err := host(lines[lo:hi])
		if err != nil {
			return nil, err
		}
		mt, err := model(lines[lo:hi])
		if err != nil {
			return nil, err
		}
		for i := range ht {
			vr.add(scs[lo+i], lines[lo+i], ht[i], mt[i], kinds)
		}
	}
	vr.seconds = time.Since(start).Seconds()
	return vr, nil
}

// newVariantResult is v's result before any scenario: the GOOSes that
// build it and its ports on the run's architectures.
func newVariantResult(v string, ex *Extraction, arches []Arch) *VariantResult {
	vr := &VariantResult{Variant: v, goos: ex.goos[v], funcs: map[string]int{}, diffFuncs: map[string]int{}}
	for _, in := range ex.Instances {
		if in.Variant == v && hasArch(arches, in.GOARCH) {
			vr.ports = append(vr.ports, in.GOOS+"/"+in.GOARCH)
		}
	}
	return vr
}

// add counts a scenario and its traces; the first difference of each
// function and script is kept.
func (vr *VariantResult) add(sc *Scenario, line, host, model string, kinds map[string]bool) {
	vr.Scenarios++
	vr.funcs[sc.Func]++
	if host == model {
		return
	}
	vr.NDiff++
	vr.diffFuncs[sc.Func]++
	kind := sc.Func + "|" + ScriptLabel(sc.Script)
	if len(vr.Diffs) < keepDiffs && !kinds[kind] {
		kinds[kind] = true
		vr.Diffs = append(vr.Diffs, Diff{scenario: line, host: host, model: model,
			goos: sc.GOOS, fn: sc.Func, variant: vr.Variant, scriptLabel: ScriptLabel(sc.Script),
			archName: sc.Arch.Name})
	}
}

// portTargets are the functions of each instance whose architecture is
// one of arches, on its port, with its conventions.
func portTargets(instances []*Instance, arches []Arch) ([]target, error) {
	var out []target
	for _, in := range instances {
		var a *Arch
		for i := range arches {
			if arches[i].Name == in.GOARCH {
				a = &arches[i]
			}
		}
		if a == nil {
			continue
		}
		for _, f := range sortedFuncs(in.funcs) {
			out = append(out, target{variant: in.Variant, goos: in.GOOS, fn: f, arch: *a, conv: in.Port.ScenarioFields()})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no port of the tree is on an architecture of the run")
	}
	return out, nil
}

func hasArch(arches []Arch, goarch string) bool {
	for _, a := range arches {
		if a.Name == goarch {
			return true
		}
	}
	return false
}

func sortedFuncs(m map[string]int) []string {
	var out []string
	for _, f := range funcOrder {
		if _, ok := m[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

package variants

import (
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"

	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
)

// Options tune a run.
type Options struct {
	// Seed draws the random scenarios; 0 takes one from the clock. The seed
	// is printed so that a run reproduces.
	Seed int64
	// Random is the number of random scenarios per GOOS and function
	// (default 200; negative: none).
	Random int
	// NoApply compares a 2015 tree without the series as it is (its
	// variants then differ from the model's); without it such a tree is
	// refused.
	NoApply bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// Model, if set, is used instead of building //cref:variants.
	Model *Model
	// Arches, if set, limits the architectures to these GOARCHes.
	Arches []string
	// Table is the tree's OS conventions (osconv); nil derives them from
	// the tree.
	Table *osconv.Table
	// Tables are each profile's conventions, for Semantics (by profile
	// name).
	Tables map[string]*osconv.Table
}

// arches are the model's architectures that opts keeps.
func (o *Options) arches(m *Model) ([]Arch, error) {
	if len(m.Arches) == 0 {
		return nil, fmt.Errorf("the C model lists no architecture")
	}
	if len(o.Arches) == 0 {
		return m.Arches, nil
	}
	var out []Arch
	for _, name := range o.Arches {
		found := false
		for _, a := range m.Arches {
			if a.Name == name {
				out, found = append(out, a), true
			}
		}
		if !found {
			return nil, fmt.Errorf("the C model has no architecture %s", name)
		}
	}
	return out, nil
}

// A Diff is a scenario whose traces differ.
type Diff struct {
	Scenario    string
	Host, Model string
	GOOS, Func  string
	Variant     string
	ScriptLabel string
	ArchName    string
}

// VariantResult is one mem_<variant>.go's comparison.
type VariantResult struct {
	Variant   string
	GOOS      []string       // every GOOS that builds the file, on any architecture
	Ports     []string       // goos/goarch: the ports of the run's architectures
	Funcs     map[string]int // scenarios per function
	Scenarios int
	NDiff     int
	DiffFuncs map[string]int // differing scenarios per function
	Diffs     []Diff         // the first few
	Seconds   float64
}

// Result is a whole run.
type Result struct {
	Profile  string
	Seed     int64
	Arches   string // "all", or the GOARCHes a run was limited to
	Variants []*VariantResult
}

const keepDiffs = 3

func (o *Options) logf(format string, args ...interface{}) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, "xaddref: "+format+"\n", args...)
	}
}

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
	if prof.Name == profile6ad33be.Name && !opts.NoApply {
		ok, err := patched(dir)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, failure(fmt.Errorf("%s is a 2015 tree without the series (its runtime/mstats.go has no mSysStatInc): "+
				"give a tree with the series applied, or pass --no-apply to compare it as it is", dir))
		}
	}
	if opts.Seed == 0 {
		opts.Seed = time.Now().UnixNano()
	}
	if opts.Random == 0 {
		opts.Random = 200
	}
	table := opts.Table
	var err error
	if table == nil {
		opts.logf("variants: deriving the OS conventions of %s", dir)
		checkPorts(dir, prof)
		if table, err = osconv.Derive(dir, prof.Name); err != nil {
			return nil, failure(fmt.Errorf("deriving the OS conventions: %v", err))
		}
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
	model := opts.Model
	if model == nil {
		opts.logf("variants: building the C model (bazel build //cref:variants)")
		if model, err = BuildModel(); err != nil {
			return nil, err
		}
	}
	host := HostRunner(bin)
	// The host runs the tree's code: its crash is the tree's failure.
	hostRun := func(lines []string) ([]string, error) {
		t, err := host.Run(lines)
		return t, failure(err)
	}

	arches, err := opts.arches(model)
	if err != nil {
		return nil, err
	}
	targets, err := portTargets(ex.Instances, arches)
	if err != nil {
		return nil, err
	}
	scripts, err := explore(prof.Name, targets, hostRun)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewSource(opts.Seed))
	random := opts.Random
	if random < 0 {
		random = 0
	}
	all := generate(prof.Name, targets, scripts, rng, random)
	opts.logf("variants: %d scenarios, seed %d (rerun with --seed %d)", len(all), opts.Seed, opts.Seed)

	res := &Result{Profile: prof.Name, Seed: opts.Seed, Arches: "all"}
	if len(arches) < len(model.Arches) {
		var names []string
		for _, a := range arches {
			names = append(names, a.Name)
		}
		res.Arches = strings.Join(names, ",")
	}
	for _, v := range prof.Variants {
		start := time.Now()
		vr := &VariantResult{Variant: v, Funcs: map[string]int{}, DiffFuncs: map[string]int{}}
		for _, in := range ex.Instances {
			if in.Variant != v {
				continue
			}
			if len(vr.GOOS) == 0 || vr.GOOS[len(vr.GOOS)-1] != in.GOOS {
				vr.GOOS = append(vr.GOOS, in.GOOS)
			}
			if hasArch(arches, in.GOARCH) {
				vr.Ports = append(vr.Ports, in.GOOS+"/"+in.GOARCH)
			}
		}
		var scs []*Scenario
		var lines []string
		kinds := map[string]bool{} // the kept differences' function and script
		for _, sc := range all {
			if sc.Variant == v {
				scs = append(scs, sc)
				lines = append(lines, sc.Line())
			}
		}
		for lo := 0; lo < len(lines); lo += 20000 {
			hi := lo + 20000
			if hi > len(lines) {
				hi = len(lines)
			}
			ht, err := hostRun(lines[lo:hi])
			if err != nil {
				return nil, err
			}
			mt, err := model.Runner.Run(lines[lo:hi])
			if err != nil {
				return nil, err
			}
			for i := range ht {
				sc := scs[lo+i]
				vr.Scenarios++
				vr.Funcs[sc.Func]++
				if ht[i] == mt[i] {
					continue
				}
				vr.NDiff++
				vr.DiffFuncs[sc.Func]++
				kind := sc.Func + "|" + ScriptLabel(sc.Script)
				if len(vr.Diffs) < keepDiffs && !kinds[kind] {
					kinds[kind] = true
					vr.Diffs = append(vr.Diffs, Diff{Scenario: lines[lo+i], Host: ht[i], Model: mt[i],
						GOOS: sc.GOOS, Func: sc.Func, Variant: v, ScriptLabel: ScriptLabel(sc.Script),
						ArchName: sc.Arch.Name})
				}
			}
		}
		vr.Seconds = time.Since(start).Seconds()
		res.Variants = append(res.Variants, vr)
	}
	return res, nil
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
		for _, f := range sortedFuncs(in.Funcs) {
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
	order := []string{"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"}
	var out []string
	for _, f := range order {
		if _, ok := m[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// Describe is a difference as the report prints it: its first line names
// the variant, the scenario and the first differing trace line.
func (d Diff) Describe() string {
	h, m := strings.Split(d.Host, "\n"), strings.Split(d.Model, "\n")
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
		d.Variant, d.GOOS, d.Func, d.ArchName, d.ScriptLabel, first, d.Scenario, indent(d.Host), indent(d.Model))
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

// Figures is a variant's counts for a report row.
func (vr *VariantResult) Figures() string {
	var parts []string
	for _, f := range sortedFuncs(vr.Funcs) {
		parts = append(parts, fmt.Sprintf("%s %d", f, vr.Funcs[f]))
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
		row := report.Row{Check: "variants", GOOS: vr.Variant, GOARCH: res.Arches, Status: report.Pass,
			Figures: vr.Figures(), Seconds: vr.Seconds,
			Detail: fmt.Sprintf("mem_%s.go for %s; seed %d", vr.Variant, strings.Join(vr.Ports, ","), res.Seed)}
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

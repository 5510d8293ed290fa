package callers

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// Options tune Analyze.
type Options struct {
	// Before is the tree before the commit (the one the series was applied
	// to); its runs are shown beside each finding. "" for none.
	Before string
	// Model, if set, is used instead of building //cref:variants.
	Model *variants.Model
	// Log receives progress lines; nil discards them.
	Log     io.Writer
	Workers int // ports analysed at once (default: the CPUs)
}

func (o *Options) logf(format string, args ...interface{}) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, "xaddref: callers: "+format+"\n", args...)
	}
}

// A Finding is a run that ends the program through a stat's check (or,
// as a wrap, one where a discharge silently wraps the stat).
type Finding struct {
	GOOS, GOARCH string
	File         string
	Line         int
	Function     string
	What         string
	Message      string // the bytes written to fd 2 by the stat's check
	Scenario     string
	Chain        string
	Runs         int    // runs that reach the same site so
	Before       string // the same scenario on the tree before the commit
	// Static: found by the ledger, run on the stat function alone (the
	// caller is not driven).
	Static bool
	// Line of the scenario, for the host (xrhost) and the model.
	ScenarioLine string
	// Model says what the C model does with the stat function the run
	// ended in (see confirm).
	Model string

	outer *call
	run   *run
	sc    *variants.Scenario
	how   string // the era's way of ending
}

// Where is the finding's site.
func (f *Finding) Where() string { return fmt.Sprintf("%s:%d", f.File, f.Line) }

// PortResult is one GOOS/GOARCH's analysis.
type PortResult struct {
	Port       era.Port
	Sites      []*Site
	Violations []*Violation
	Findings   []*Finding
	Wraps      []*Finding
	// Unreached are violations in a driven function that no run reached
	// (nacl's sysReserve, for one, always returns the address asked for).
	Unreached  []*Violation
	TypeErrors []string
	Runs       map[string]int // driven function -> runs
	Reached    map[string]int // discharge site (file:line) -> runs that reached it
	// Err says why the port could not be analysed.
	Err     string
	Seconds float64

	// readers are the functions that read the stats, each with what it
	// assumes of them and whether that holds here.
	readers  []*reader
	port     *tree.Checked
	ledger   *ledger
	instance string // the GOOS of the host instance that runs the port
	conv     string // its OS conventions, as scenario fields (osconv)
	arch     variants.Arch
}

// Result is a whole analysis.
type Result struct {
	Ports   []*PortResult
	Seconds float64

	e *era.Era
}

func (pr *PortResult) fail(format string, args ...interface{}) {
	if pr.Err == "" {
		pr.Err = fmt.Sprintf(format, args...)
	}
}

// Analyze studies every target of the tree at dir (the tree as analysed:
// with the series applied where it applies), of era e.
func Analyze(dir string, e *era.Era, targets []era.Port, opts Options) (*Result, error) {
	start := time.Now()
	if e.Ledger == nil {
		return nil, fmt.Errorf("callers: the kit has no stat ledger for era %s", e.Name)
	}
	if _, err := driversOf(e); err != nil {
		return nil, err
	}
	res := &Result{e: e, Ports: staticPorts(dir, e, targets, opts)}
	opts.logf("ledger of %d port(s) in %.1fs", len(targets), time.Since(start).Seconds())

	need := len(e.Ledger.Drivers) > 0
	for _, pr := range res.Ports {
		need = need || len(pr.Violations) > 0 || pr.chargersToRun(e)
	}
	if need {
		if err := drive(dir, e, res.Ports, opts); err != nil {
			return nil, err
		}
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// staticPorts analyses the targets of the tree at dir statically, opts.Workers
// at once: each port's ledger, sites and readers.
func staticPorts(dir string, e *era.Era, targets []era.Port, opts Options) []*PortResult {
	src := tree.Load(dir)
	var before *tree.Source
	if opts.Before != "" {
		before = tree.Load(opts.Before)
	}
	ports := make([]*PortResult, len(targets))
	kit.Each(len(targets), opts.Workers, func(i int) {
		kit.OnCPU(func() { ports[i] = staticPort(src, before, targets[i], e) })
	})
	return ports
}

// staticPort builds the port's ledger, judges its sites and its
// readers; before is the tree before the commit, or nil.
func staticPort(src, before *tree.Source, t era.Port, e *era.Era) *PortResult {
	start := time.Now()
	pr := &PortResult{Port: t, Runs: map[string]int{}, Reached: map[string]int{}}
	defer func() { pr.Seconds += time.Since(start).Seconds() }()
	p, err := src.Check(t)
	if err != nil {
		pr.fail("%v", err)
		return pr
	}
	pr.port, pr.TypeErrors = p, p.TypeErrors
	g, err := callgraph.Of(src, t)
	if err != nil {
		pr.fail("%v", err)
		return pr
	}
	pr.ledger = buildLedger(g, e)
	pr.Violations = pr.ledger.judge()
	pr.Sites = pr.ledger.sites
	pr.readers = pr.ledger.readers(beforeLedger(before, t, e))
	return pr
}

// beforeLedger builds the port's ledger on the tree before the commit
// when first asked; nil without such a tree.
func beforeLedger(before *tree.Source, t era.Port, e *era.Era) func() *ledger {
	if before == nil {
		return nil
	}
	var l *ledger
	done := false
	return func() *ledger {
		if !done {
			done = true
			if g, err := callgraph.Of(before, t); err == nil {
				l = buildLedger(g, e)
			}
		}
		return l
	}
}

// instanceOf is the host instance that runs the port's mem_<variant>.go:
// the port's where the host has it, else the one of the GOOS the variant is
// named after, on the port's GOARCH (android runs mem_linux.go).
func instanceOf(pr *PortResult, prof *variants.Profile, ex *variants.Extraction) (*variants.Instance, error) {
	for _, in := range ex.Instances {
		if in.GOOS == pr.Port.GOOS && in.GOARCH == pr.Port.GOARCH {
			return in, nil
		}
	}
	for _, f := range pr.port.Files {
		name := filepath.Base(pr.port.Fset.Position(f.Pos()).Filename)
		for _, v := range prof.Variants {
			if name != "mem_"+v+".go" {
				continue
			}
			for _, in := range ex.Instances {
				if in.Variant == v && in.GOOS == v && in.GOARCH == pr.Port.GOARCH {
					return in, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("the host has no mem_<os>.go variant that %s builds", pr.Port)
}

// host is an extraction built for running.
type host struct {
	ex     *variants.Extraction
	runner *variants.Runner
}

// buildHost extracts the callers of the tree at dir for the ports, with
// their OS conventions (osconv; an android port's variant is linux's, on
// its GOARCH).
func buildHost(dir string, prof *variants.Profile, targets []era.Port) (*host, error) {
	var ports []era.Port
	seen := map[era.Port]bool{}
	for _, t := range targets {
		for _, p := range []era.Port{t, {GOOS: "linux", GOARCH: t.GOARCH}} {
			if !seen[p] && (p == t || t.GOOS == "android") {
				seen[p] = true
				ports = append(ports, p)
			}
		}
	}
	table, err := osconv.DerivePorts(dir, prof.Name, ports)
	if err != nil {
		return nil, fmt.Errorf("deriving the OS conventions of %s: %v", dir, err)
	}
	ex, err := variants.Extract(dir, prof, table)
	if err != nil {
		return nil, fmt.Errorf("extracting the callers from %s: %v", dir, err)
	}
	bin, err := ex.Build()
	if err != nil {
		return nil, err
	}
	return &host{ex, variants.HostRunner(bin)}, nil
}

// runLines runs scenario lines through r in batches.
func runLines(r *variants.Runner, lines []string) ([]string, error) {
	var out []string
	for lo := 0; lo < len(lines); lo += 20000 {
		hi := lo + 20000
		if hi > len(lines) {
			hi = len(lines)
		}
		t, err := r.Run(lines[lo:hi])
		if err != nil {
			return nil, err
		}
		out = append(out, t...)
	}
	return out, nil
}

// A job is one scenario of a port: a driven function in a state, with a
// script, or a stat function run alone for a violation.
type job struct {
	pr    *PortResult
	fn    string
	label string
	sc    *variants.Scenario
	viol  *Violation
}

// drive runs the drivers and the violations' stat functions on every port
// the static analysis could read, and the same scenarios on the tree
// before the commit.
func drive(dir string, e *era.Era, ports []*PortResult, opts Options) error {
	prof, err := hostProfile(e)
	if err != nil {
		return err
	}
	var live []*PortResult
	for _, pr := range ports {
		if pr.Err == "" {
			live = append(live, pr)
		}
	}
	if len(live) == 0 {
		return nil
	}
	failAll := func(err error) {
		for _, pr := range live {
			pr.fail("%v", err)
		}
	}
	opts.logf("extracting the driven functions (%s) and building the host", driverNames(e))
	h, before, err := buildHosts(dir, prof, live, opts)
	if err != nil {
		failAll(err)
		return nil
	}
	model, err := opts.model()
	if err != nil {
		return err
	}
	jobs, err := plan(e, prof, h, model, live, opts)
	if err != nil {
		failAll(err)
		return nil
	}
	if err := runJobs(e, h, before, jobs, opts); err != nil {
		failAll(err)
		return nil
	}
	if err := runReaders(e, prof, h, before, model, live, opts); err != nil {
		failAll(err)
		return nil
	}
	for _, pr := range live {
		sortFindings(pr.Findings)
		sortFindings(pr.Wraps)
		for _, v := range pr.Violations {
			if e.Ledger.Drives(v.Origin.Function) && pr.Err == "" && pr.Reached[v.Pos()] == 0 {
				pr.Unreached = append(pr.Unreached, v)
			}
		}
	}
	return confirm(e, model, live, opts)
}

// buildHosts builds the host of the tree at dir for the ports, and the
// one of the tree before the commit (nil if there is none).
func buildHosts(dir string, prof *variants.Profile, live []*PortResult, opts Options) (h, before *host, err error) {
	var targets []era.Port
	for _, pr := range live {
		targets = append(targets, pr.Port)
	}
	if h, err = buildHost(dir, prof, targets); err != nil {
		return nil, nil, err
	}
	if opts.Before != "" {
		if before, err = buildHost(opts.Before, prof, targets); err != nil {
			return nil, nil, fmt.Errorf("the tree before the commit: %v", err)
		}
	}
	return h, before, nil
}

// plan lists the scenarios to run: every driver in every state on every
// port, with every script of OS results that exploring it finds; and each
// violation's stat function alone, from the local's start.
func plan(e *era.Era, prof *variants.Profile, h *host, model *variants.Model, live []*PortResult, opts Options) ([]*job, error) {
	starts, startJobs := startsOf(e, prof, h, model, live)
	hostRun := func(lines []string) ([]string, error) { return runLines(h.runner, lines) }
	opts.logf("exploring the OS results of %d start(s)", len(starts))
	scripts, err := variants.Explore(starts, addrClasses(), hostRun)
	if err != nil {
		return nil, err
	}
	var jobs []*job
	for i, j := range startJobs {
		if j.pr.Err != "" {
			continue
		}
		for _, s := range scripts[i] {
			sc := *j.sc
			sc.Script = s
			jobs = append(jobs, &job{pr: j.pr, fn: j.fn, label: j.label, sc: &sc})
		}
	}
	for _, pr := range live {
		if pr.Err != "" || pr.instance == "" {
			continue
		}
		for _, v := range pr.Violations {
			// A driven function's violation is decided by its runs.
			if e.Ledger.Drives(v.Origin.Function) {
				continue
			}
			if j := violationJob(pr, e, v); j != nil {
				jobs = append(jobs, j)
			}
		}
	}
	return jobs, nil
}

// bind sets what the port's scenarios run on: the host instance of its
// mem_<os>.go, its OS conventions, the C model's architecture; or fails
// the port.
func (pr *PortResult) bind(prof *variants.Profile, h *host, model *variants.Model) bool {
	in, err := instanceOf(pr, prof, h.ex)
	if err != nil {
		pr.fail("%v", err)
		return false
	}
	pr.instance, pr.conv = in.GOOS, in.Port.ScenarioFields()
	for _, a := range model.Arches {
		if a.Name == pr.Port.GOARCH {
			pr.arch = a
			return true
		}
	}
	pr.fail("the C model has no architecture %s", pr.Port.GOARCH)
	return false
}

// startsOf are the starts: every driver in every state on every port
// the host and the model can run.
func startsOf(e *era.Era, prof *variants.Profile, h *host, model *variants.Model, live []*PortResult) ([]*variants.Scenario, []*job) {
	var starts []*variants.Scenario
	var jobs []*job
	ds, _ := driversOf(e) // Analyze checked them
	for _, pr := range live {
		if !pr.bind(prof, h, model) {
			continue
		}
		for _, d := range ds {
			states, err := d.States(pr.port)
			if err != nil {
				pr.fail("driving %s: %v", d.Func, err)
				break
			}
			for _, st := range states {
				sc := baseScenario(pr, e, d.Func)
				st.Set(sc)
				starts = append(starts, sc)
				jobs = append(jobs, &job{pr: pr, fn: d.Func, label: st.Label, sc: sc})
			}
		}
	}
	return starts, jobs
}

// runJobs runs the jobs on the host (and on the tree before the commit)
// and collects what each run found.
func runJobs(e *era.Era, h, before *host, jobs []*job, opts Options) error {
	lines := make([]string, len(jobs))
	for i, j := range jobs {
		j.sc.ID = i
		lines[i] = j.sc.Line()
	}
	opts.logf("running %d scenario(s)", len(lines))
	traces, err := runLines(h.runner, lines)
	if err != nil {
		return err
	}
	var beforeTraces []string
	if before != nil {
		if beforeTraces, err = runLines(before.runner, lines); err != nil {
			return fmt.Errorf("the tree before the commit: %v", err)
		}
	}
	findings := map[string]*Finding{}
	for i, j := range jobs {
		if j.pr.Err != "" {
			continue
		}
		r, err := parseRun(traces[i])
		if err != nil {
			j.pr.fail("%s: %v", j.fn, err)
			continue
		}
		if j.viol == nil {
			j.pr.Runs[j.fn]++
		}
		var br *run
		if beforeTraces != nil {
			if br, err = parseRun(beforeTraces[i]); err != nil {
				j.pr.fail("the tree before the commit: %s: %v", j.fn, err)
				continue
			}
		}
		collect(e, j, r, br, lines[i], findings)
	}
	return nil
}

func driverNames(e *era.Era) string {
	if len(e.Ledger.Drivers) == 0 {
		return "none; the violations' stat functions only"
	}
	return strings.Join(e.Ledger.Drivers, ", ")
}

func sortFindings(fs []*Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		return fs[i].Line < fs[j].Line
	})
}

// baseScenario is an ordinary scenario of fn on the port: the variants'
// ordinary values (stats at 1 MiB, far from every boundary).
func baseScenario(pr *PortResult, e *era.Era, fn string) *variants.Scenario {
	return &variants.Scenario{
		Profile: e.Name, GOOS: pr.instance, Func: fn, Arch: pr.arch, Conv: pr.conv,
		N: 0x1000, V: 0x20000000, Fresh: 0x30000000, Stat: 0x100000, Other: 0x100000,
		Stacks: 0x100000, Align: 8, Fn: 0x401000, FnArg: 0x1234, Which: "stat",
	}
}

// model is the C model the options give, or the one Bazel builds.
func (o Options) model() (*variants.Model, error) {
	if o.Model != nil {
		return o.Model, nil
	}
	o.logf("building the C model (bazel build //cref:variants)")
	return variants.BuildModel()
}

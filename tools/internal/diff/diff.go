// Package diff is the differential suite: the runtime's exported
// Xadduintptr and its stat updater (through the test hooks: on the 2015
// tree mSysStatInc/mSysStatDec, from Go 1.19 on (*sysMemStat).add)
// against the C model, through cgo, on every architecture the machine can
// run: natively, on 386, and under qemu-user; and what a program reads of
// MemStats after the runtime's own newosproc0, against what the readers
// analysis and the C model predict (readers.go).
//
// For users: docs/diff.md.
package diff

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// Options of a run.
type Options struct {
	Tree    *tree.Info
	NoApply bool     // test the tree exactly as given
	Arches  []string // nil: every architecture of the era
	Ops     int      // operations of the value test per architecture
	Seed    int64    // 0: a fresh seed per test, printed
	Mutant  string   // a deliberately broken runtime (see mutants.go), for self-tests
	// TreeTests prepares a copy for the tree's own test suite (regress,
	// treetests.go): the first Patches patches of the series, the test
	// hooks that change how the tree builds and runs, the tree's own
	// tests and none of the kit's.
	TreeTests bool
	Patches   int
	// Model is the C model the readers check's prediction runs (nil:
	// built with Bazel); tests give a broken one.
	Model *variants.Model
}

// Prepared is a scratch GOROOT ready for `go test -c runtime`.
type Prepared struct {
	*tree.Scratch
	Era *era.Era
	// BuildErr is set when the scratch copy could not be made ready: the
	// series did not apply (NotApplied) or the tree's toolchain did not
	// build. A failed check, not an environment error.
	BuildErr   string
	NotApplied bool
}

// FailedStep names the step BuildErr is of, for a report row's check.
func (pr *Prepared) FailedStep() string {
	if pr.NotApplied {
		return "apply series"
	}
	return "build toolchain"
}

// Failure is BuildErr with the step that failed, in a sentence.
func (pr *Prepared) Failure() string {
	if pr.NotApplied {
		return pr.BuildErr
	}
	return "the tree's toolchain did not build: " + pr.BuildErr
}

// Prepare makes (or reuses) the scratch copy: series and test hooks for
// the 2015 tree, the overlay, the toolchain.
func Prepare(o Options) (*Prepared, error) {
	p := o.Tree.Era
	key, err := scratchKey(o, p)
	if err != nil {
		return nil, err
	}
	prep := &Prepared{Era: p}
	var buildErr error
	s, err := tree.NewScratch(o.Tree, key, func(dir string) error {
		if err := shape(dir, p, o); err != nil {
			return err
		}
		switch p.GoCommand {
		case era.DebianGo:
			return tree.LinkToolchain(dir, kit.Go119Root)
		case era.TreeGo:
			return tree.LinkToolchain(dir, o.Tree.Dir)
		}
		buildErr = makeBash(dir, p)
		return buildErr
	})
	var be *buildError
	if errors.As(err, &be) {
		prep.BuildErr, prep.NotApplied = be.out, be.notApplied
		return prep, nil
	}
	if err != nil {
		return nil, err
	}
	prep.Scratch = s
	return prep, nil
}

// PrepareSource makes (or reuses) a scratch copy of the tree's sources with
// the series and the test hooks applied (unless NoApply), and nothing
// built: for the checks that only read the runtime's code (callers), so
// that they need no make.bash.
func PrepareSource(o Options) (*Prepared, error) {
	p := o.Tree.Era
	key, err := scratchKey(o, p)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(key + "\x00sources only"))
	prep := &Prepared{Era: p}
	s, err := tree.NewScratch(o.Tree, hex.EncodeToString(h[:])[:24], func(dir string) error {
		return applyPatches(dir, p, o.NoApply)
	})
	var be *buildError
	if errors.As(err, &be) {
		prep.BuildErr, prep.NotApplied = be.out, be.notApplied
		return prep, nil
	}
	if err != nil {
		return nil, err
	}
	prep.Scratch = s
	return prep, nil
}

// shape puts into a fresh copy what the kit tests there: the series and
// the test hooks, the overlay, a mutant; or what the tree's own tests need.
func shape(dir string, p *era.Era, o Options) error {
	if o.TreeTests {
		return prepareTreeTests(dir, p, o)
	}
	if err := applyPatches(dir, p, o.NoApply); err != nil {
		return err
	}
	if err := installOverlay(dir, p); err != nil {
		return err
	}
	return mutate(dir, p, o.Mutant)
}

// buildError is a scratch copy that could not be made ready; notApplied:
// because the series did not apply.
type buildError struct {
	out        string
	notApplied bool
}

func (e *buildError) Error() string { return "make.bash failed" }

// scratchKey hashes the tree's content and everything the kit does to it.
func scratchKey(o Options, p *era.Era) (string, error) {
	kit.Progress("hashing %s ...", o.Tree.Dir)
	content, err := o.Tree.ContentHash()
	if err != nil {
		return "", cli.Usagef("reading %s: %v", o.Tree.Dir, err)
	}
	if o.TreeTests {
		return treeTestsKey(content, o, p)
	}
	inputs, err := overlayInputs(p)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00noapply=%v\x00", content, p.Name, o.NoApply)
	if o.Mutant != "" {
		m, _ := p.Mutant(o.Mutant)
		fmt.Fprintf(h, "mutant=%+v\x00", m)
	}
	for _, f := range inputs {
		b := f.data
		if f.src != "" {
			if b, err = os.ReadFile(f.src); err != nil {
				return "", cli.Usagef("kit file missing: %v", err)
			}
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f.rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// applyPatches applies the series (unless noApply) and the test hooks.
func applyPatches(dir string, p *era.Era, noApply bool) error {
	names := []string{p.Series, p.TestHooks}
	if noApply {
		names = names[1:]
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		s, err := series.Load(kit.Root(), name)
		if err != nil {
			return err
		}
		kit.Progress("applying %s in the scratch copy ...", name)
		if _, err := s.Apply(dir); err != nil {
			return notApplied(s, dir, name == p.Series, err)
		}
	}
	return nil
}

// notApplied is the failure of series s on the scratch copy dir: which
// patch failed (check's dry run, on the copy apply restored) and, for the
// series under test, that --no-apply tests the tree without it.
func notApplied(s *series.Series, dir string, underTest bool, err error) error {
	why := err.Error()
	if res, cerr := s.Check(dir); cerr == nil && res.Failing() != "" {
		why = res.Failing()
	}
	msg := fmt.Sprintf("series %s did not apply to the tree: %s", s.Name, why)
	if underTest {
		msg += "; --no-apply takes the tree as given"
	}
	return &buildError{out: msg, notApplied: true}
}

// makeBash builds the 2015 tree's toolchain with Go 1.19 as bootstrap.
func makeBash(dir string, p *era.Era) error {
	defer kit.Step("building the tree's toolchain (make.bash)")()
	env := append([]string{"GOROOT_BOOTSTRAP=" + kit.Go119Root, "GO111MODULE=off", "CGO_ENABLED=1", "GOROOT=", "GOFLAGS="}, p.CGOEnv...)
	r := kit.Run(filepath.Join(dir, "src"), env, false, "./make.bash")
	if r.Err != nil {
		return &buildError{out: "make.bash: " + kit.Tail(r.Output, 25)}
	}
	return nil
}

// goEnv is the environment of the scratch GOROOT's go command.
func (pr *Prepared) goEnv(a era.Arch) []string {
	env := []string{
		"GOROOT=" + pr.Dir, "GOPATH=" + filepath.Join(filepath.Dir(pr.Dir), "gopath"),
		"GOCACHE=" + filepath.Join(kit.CacheDir(), "gocache", pr.Era.Name),
		"GOFLAGS=", "GO111MODULE=off", "GOPROXY=off", "GOOS=linux", "GOARCH=" + a.GOARCH,
		"PATH=" + filepath.Join(pr.Dir, "bin") + ":" + os.Getenv("PATH"),
	}
	if a.CC != "" {
		env = append(env, "CGO_ENABLED=1", "CC="+a.CC)
		env = append(env, pr.Era.CGOEnv...)
	} else {
		env = append(env, "CGO_ENABLED=0")
	}
	return append(env, a.Env...)
}

// Run runs the suite and returns its rows.
func Run(o Options) ([]report.Row, error) {
	rows, _, err := RunMeasured(o)
	return rows, err
}

// RunMeasured runs the suite and returns its rows, and, per architecture
// where the tree's test hooks let it measure them, the OS conventions the
// test binary measured (osconv).
func RunMeasured(o Options) ([]report.Row, []osconv.Run, error) {
	if _, err := selectArches(o.Tree.Era, o.Arches); err != nil {
		return nil, nil, err
	}
	start := time.Now()
	pr, err := Prepare(o)
	if err != nil {
		return nil, nil, err
	}
	return RunOn(pr, o, start)
}

// RunOn is RunMeasured on the copy Prepare(o) returned, which began at
// start. The architectures build and run beside each other, a CPU each
// (kit.OnCPU), and their rows come in the era's order.
func RunOn(pr *Prepared, o Options, start time.Time) ([]report.Row, []osconv.Run, error) {
	arches, err := selectArches(o.Tree.Era, o.Arches)
	if err != nil {
		return nil, nil, err
	}
	if pr.BuildErr != "" {
		return []report.Row{{Check: "diff: " + pr.FailedStep(), Status: report.Fail, Detail: pr.BuildErr, Seconds: time.Since(start).Seconds()}}, nil, nil
	}
	plans := pr.predictReaders(o, arches)
	outs := make([]outcome, len(arches))
	kit.Each(len(arches), 0, func(i int) { outs[i] = pr.runArch(arches[i], o, plans[arches[i].GOARCH]) })
	var rows []report.Row
	var runs []osconv.Run
	for i, a := range arches {
		out := outs[i]
		rows = append(rows, out.rows...)
		if len(out.measured) > 0 {
			how := "linux/" + a.GOARCH + ", natively"
			if emu := a.Emulator(); emu != "" {
				how = "linux/" + a.GOARCH + " under " + emu
			}
			runs = append(runs, osconv.Run{GOOS: "linux", GOARCH: a.GOARCH, How: how, Measurements: out.measured})
		}
	}
	return rows, runs, nil
}

func selectArches(p *era.Era, names []string) ([]era.Arch, error) {
	if len(names) == 0 || len(names) == 1 && names[0] == "all" {
		return p.Arches, nil
	}
	var out []era.Arch
	for _, n := range names {
		a, ok := p.Arch(n)
		if !ok {
			var known []string
			for _, a := range p.Arches {
				known = append(known, a.GOARCH)
			}
			return nil, cli.Usagef("--arch %s: no such architecture in era %s (known: %s, or all)", n, p.Name, strings.Join(known, ","))
		}
		out = append(out, a)
	}
	return out, nil
}

func (pr *Prepared) runArch(a era.Arch, o Options, rp readersPlan) outcome {
	row := func(check, status, figures, detail string, secs float64) report.Row {
		return report.Row{Check: check, GOOS: "linux", GOARCH: a.GOARCH, Status: status, Figures: figures, Detail: detail, Seconds: secs}
	}
	for _, tool := range []string{a.CC, a.Emulator()} {
		if tool == "" {
			continue
		}
		if _, err := exec.LookPath(tool); err != nil {
			return outcome{rows: []report.Row{row("diff", report.Skip, "", tool+" is not installed (tools/xaddref setup installs it)", 0)}}
		}
	}
	var bin string
	var secs float64
	var reused bool
	var err error
	kit.OnCPU(func() {
		defer kit.Step("diff linux/%s: building the runtime's test binary", a.GOARCH)()
		bin, secs, reused, err = pr.testBinary(a)
	})
	if err != nil {
		return outcome{rows: []report.Row{row("diff build", report.Fail, "", err.Error(), secs)}}
	}
	detail := cgoNote(a)
	if note := a.AltNote(); note != "" {
		detail = strings.TrimPrefix(detail+"; "+note, "; ")
	}
	if reused {
		detail = strings.TrimPrefix(detail+"; reused: built by an earlier run with the same compilers and environment", "; ")
	}
	rows := []report.Row{row("diff build", report.Pass, "", detail, secs)}
	if !runnable(a) {
		return outcome{rows: append(rows, row("diff", report.Skip, "", "built, not run: "+a.Note, 0)), built: true}
	}

	runRE := "^(TestXaddref"
	for _, t := range pr.Era.Upstream {
		runRE += "|" + t + "$"
	}
	runRE += ")"
	args := append([]string{"-test.run", runRE, "-test.v", "-xaddref.ops", strconv.Itoa(o.Ops)}, rp.args()...)
	if o.Seed != 0 {
		args = append(args, "-xaddref.seed", strconv.FormatInt(o.Seed, 10))
	}
	var env []string
	if a.CC == "" {
		vec, err := pr.vectors(a, o)
		if err != nil {
			return outcome{rows: append(rows, row("diff", report.Fail, "", err.Error(), 0)), built: true}
		}
		env = append(env, "XADDREF_VECTORS="+vec)
	}
	name, argv := bin, args
	if prefix, penv := a.Launcher(); prefix != nil {
		name, argv = prefix[0], append(append(prefix[1:len(prefix):len(prefix)], bin), args...)
		// The tests that run the binary again (the stat test's
		// children) start it the same way.
		env = append(append(env, penv...), "XADDREF_EXEC="+strings.Join(prefix, " "))
	}
	var run kit.Result
	kit.OnCPU(func() {
		defer kit.Step("diff linux/%s: running", a.GOARCH)()
		run = kit.Run(filepath.Join(pr.Dir, "src", "runtime"), env, false, name, argv...)
	})
	out := parseResults(run, a.GOARCH, pr.Era.Expected(a), row, rp)
	out.rows = append(rows, out.rows...)
	out.measured = osconv.ParseMeasurements(run.Output)
	return out
}

// runnable: natively on this amd64 host (amd64, and 386 where the kernel
// runs it, else under qemu-i386), or under qemu-user.
func runnable(a era.Arch) bool {
	return a.QEMU != "" || a.GOARCH == "amd64" || a.GOARCH == "386"
}

func cgoNote(a era.Arch) string {
	if a.CC == "" {
		return "without cgo: " + a.Note
	}
	return ""
}

// vectors writes the model's precomputed expectations for a runtime that
// cannot call it through cgo (cref's vectors binary).
func (pr *Prepared) vectors(a era.Arch, o Options) (string, error) {
	r := kit.Bazel(false, "build", "--noshow_progress", "//cref:vectors")
	if r.Err != nil {
		return "", fmt.Errorf("building //cref:vectors: %s", kit.Tail(r.Output, 10))
	}
	seed := o.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	kit.Progress("diff linux/%s: model vectors, seed %d", a.GOARCH, seed)
	path := filepath.Join(filepath.Dir(pr.Dir), "vectors-"+a.GOARCH+".txt")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	cmd := exec.Command(filepath.Join(kit.Root(), "bazel-bin", "cref", "vectors"),
		"--arch", a.GOARCH, "--seed", strconv.FormatInt(seed, 10), "--n", strconv.Itoa(o.Ops/2),
		// The model's eras are its print eras (2015, go1.19), and its stat
		// updaters split where they do: mSysStatInc/Dec, (*sysMemStat).add.
		"--era", pr.Era.PrintEra, "--checks", strings.Join(pr.Era.VectorChecks, ","))
	cmd.Stdout = f
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("vectors: %v: %s", err, stderr.String())
	}
	return path, nil
}

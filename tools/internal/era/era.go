// Package era is what the kit knows of each era of the Go runtime it
// checks, one file per era (go2015.go, go119.go, go126.go): where its files are,
// which architectures its tests run on and how, how it prints, its stat
// ledger (which functions charge the system stats, how their check ends
// the program, which callers are driven), and whether it claims that
// sysAlloc needs no G. And the
// vocabulary the kit's packages share: a Port (GOOS/GOARCH), an Arch (a
// GOARCH as this machine builds and runs it), a Toolchain.
//
// For users: docs/eras.md.
package era

import (
	"fmt"
	"sort"
	"strings"
)

// Arch says how the differential suite runs on one GOARCH.
type Arch struct {
	GOARCH  string
	Env     []string // extra environment for go test -c (GOARM, ...)
	CC      string   // the C compiler for cgo; "" builds without cgo
	QEMU    string   // the qemu-user binary; "" runs natively where the kernel can (Emulator)
	Sysroot string   // qemu -L: the target's C library
	// Why the architecture is built but not run, or run without cgo.
	Note string
}

// Era is one era of the runtime.
type Era struct {
	Name string
	// About says which trees the era is, for a user who gave another.
	About string
	// Recognize says whether a tree is of the era (tree.Identify asks each
	// era in turn); an error is a tree close to the era that the kit
	// cannot take, saying why.
	Recognize func(t Tree) (bool, error)
	// GoCommand is how a scratch copy of a tree of the era gets its go
	// command: BuildGo, DebianGo or TreeGo.
	GoCommand string
	// Series names patches/<Series> and TestHooks patches/<TestHooks>.
	Series, TestHooks string
	// TestFiles are goruntime_tests/ files installed into src/runtime.
	TestFiles []string
	// KeepTests are the tree's own external tests of src/runtime kept in
	// the scratch copy; the others are removed to keep builds short.
	KeepTests []string
	// Arches of the differential suite, in report order.
	Arches []Arch
	// Checks are the suite's checks on an architecture with cgo, as its
	// test files name them in their result lines; VectorChecks those that
	// run without cgo, from the model's precomputed vectors.
	Checks, VectorChecks []string
	// OSChecks run with or without cgo and need no vectors: they call the
	// tree's own functions (its wrappers, newosproc0) through its exports
	// and compare with what the kit derives from the tree.
	OSChecks []string
	// Upstream are the tree's own tests of the commit that the suite runs
	// with its checks; each must run and pass.
	Upstream []string
	// CGOEnv are the cgo flags the tree's toolchain needs with gcc 12; an
	// architecture's Env overrides them.
	CGOEnv []string
	// GlessGate: the era claims sysAlloc/sysFree need no G (6ad33be's
	// comments), so verify fails a target where a G-less caller's path
	// needs one.
	GlessGate bool
	// Ledger is what the stat ledger knows of the era; nil where the kit
	// has no ledger for it.
	Ledger *Ledger
	// PrintEra is the cref print era of the runtime's messages.
	PrintEra string
	// Mutants are the era's deliberately broken runtimes, for the
	// differential suite's self-test.
	Mutants []Mutant
	// CrossBuild is the go command's verb for verify's cross builds of
	// the runtime: "build" where the go command has a build cache (Go
	// 1.10 on, and the linked-in pkg/ is Debian's, never written),
	// "install" where it has none, so that the scratch copy's own pkg/
	// keeps each port's runtime.a and a second run finds it up to date.
	CrossBuild string
}

// How a scratch copy gets its go command.
const (
	BuildGo  = "make.bash" // built from the tree's sources, Go 1.19 the bootstrap
	DebianGo = "debian"    // Debian's go1.19.8 binaries (golang-1.19-go), linked in
	TreeGo   = "tree"      // the tree's own binaries, linked in: a whole GOROOT
)

// Tree is what an era's recognition looks at.
type Tree struct {
	Version string                // the VERSION file's first line, "" without one
	Has     func(rel string) bool // whether the tree has the path
	// Fingerprints hashes, per file, the declarations a Touch names in
	// the tree (tree.Source.Fingerprints).
	Fingerprints func(t Touch) (map[string]string, error)
}

// A Touch is what an era's checks depend on in a tree: the declarations
// (a regexp of their names: "f", "T.f", an assembly symbol) of the files
// a glob under src/ matches.
type Touch struct{ Files, Decls string }

func (t Touch) String() string { return t.Files + " " + t.Decls }

// sameAs lists the files of the tree where the declarations an era depends
// on (touches) differ from the era's recorded fingerprints, or that one of
// them has and the other lacks.
func sameAs(t Tree, touches []Touch, recorded map[string]string) ([]string, error) {
	got := map[string]string{}
	for _, touch := range touches {
		fps, err := t.Fingerprints(touch)
		if err != nil {
			return nil, err
		}
		for file, fp := range fps {
			got[file] = fp
		}
	}
	var differ []string
	for file, fp := range got {
		if want, ok := recorded[file]; !ok {
			differ = append(differ, file+" (new)")
		} else if fp != want {
			differ = append(differ, file)
		}
	}
	for file := range recorded {
		if _, ok := got[file]; !ok {
			differ = append(differ, file+" (gone)")
		}
	}
	sort.Strings(differ)
	return differ, nil
}

// Recognize returns the era of a tree, or an error naming the eras the
// kit knows.
func Recognize(t Tree) (*Era, error) {
	for _, e := range All {
		ok, err := e.Recognize(t)
		if err != nil {
			return nil, err
		}
		if ok {
			return e, nil
		}
	}
	v := t.Version
	if v == "" {
		v = "unknown (no VERSION file)"
	}
	var known []string
	for _, e := range All {
		known = append(known, e.About)
	}
	return nil, fmt.Errorf("unsupported Go version %s; xaddref knows %s", v, strings.Join(known, "; "))
}

// minor is N of a version go1.N[.x], 0 for anything else.
func minor(version string) int {
	rest, ok := strings.CutPrefix(version, "go1.")
	if !ok {
		return 0
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// A Mutant is a deliberately broken runtime of an era, made by one
// textual edit of a scratch copy: the differential suite's self-test runs
// the suite against each and expects a failure, since a differential test
// that cannot fail proves nothing.
type Mutant struct {
	Name     string
	File     string // under src/runtime
	Old, New string
	// CaughtBy are the checks meant to catch the mutant: each must fail
	// with operations that differ from the model.
	CaughtBy []string
	// Arches are where the self-test runs it (nil: amd64).
	Arches []string
}

// Mutant returns the era's mutant called name.
func (e *Era) Mutant(name string) (Mutant, bool) {
	for _, m := range e.Mutants {
		if m.Name == name {
			return m, true
		}
	}
	return Mutant{}, false
}

// testFiles are the kit's test files every era installs into src/runtime:
// with the readers check's (ReadersCheck).
var testFiles = []string{"xaddref_common_test.go", "xaddref_model_test.go", "xaddref_vectors_test.go",
	"xaddref_readers_linux_test.go"}

// ReadersCheck, an OSCheck of every era: MemStats.Sys against the sum of
// its parts as a user program reads them, after the runtime's own
// newosproc0 (runtime.NewOSProc0, which each era's export_linux_test.go
// exports), against what the readers analysis and the C model predict.
const ReadersCheck = "readers"

// statFiles are the stat check's, in every era that runs it: its cases
// from the model with cgo, or from the vectors without, and its children.
// With them goes the file of the era's stat updater (xaddrefStatCall).
// The children's exits must reach no signal handler (the sigchld files).
var statFiles = []string{"xaddref_stat_test.go", "xaddref_stat_vectors_test.go", "xaddref_statchild_test.go",
	"xaddref_sigchld_test.go", "xaddref_sigchld_linux_386_test.go"}

// modernTestFiles are those of the eras after 2015: benchmarks and Go's
// native fuzzing need Go 1.18 or newer (and the files say so); the stat
// check, of (*sysMemStat).add (Go 1.19 on).
var modernTestFiles = join(testFiles, statFiles,
	[]string{"xaddref_sysmemstat_test.go", "xaddref_bench_test.go", "xaddref_fuzz_test.go"})

// join is a new slice of lists' elements, in order.
func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// All are the eras the kit knows, newest first.
var All = []*Era{Go126, Go119, Go2015}

// ByName returns the era called name.
func ByName(name string) (*Era, error) {
	for _, p := range All {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no era %q", name)
}

// Expected lists the rows the differential suite must report for an
// architecture it runs: "diff <check>" for each check, and "upstream
// <test>" for each of the tree's own tests. A row missing from a run, or
// one not listed here, fails the run.
func (p *Era) Expected(a Arch) []string {
	checks := p.Checks
	if a.CC == "" {
		checks = p.VectorChecks
	}
	var out []string
	for _, c := range append(append([]string(nil), checks...), p.OSChecks...) {
		out = append(out, "diff "+c)
	}
	for _, t := range p.Upstream {
		out = append(out, "upstream "+t)
	}
	return out
}

// Arch returns the era's entry for goarch.
func (p *Era) Arch(goarch string) (Arch, bool) {
	for _, a := range p.Arches {
		if a.GOARCH == goarch {
			return a, true
		}
	}
	return Arch{}, false
}

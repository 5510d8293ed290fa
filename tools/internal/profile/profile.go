// Package profile is the data of each Go era the kit knows: where its files
// are, which architectures its tests run on and how. Adding an era adds a
// table here, not conditions across the code.
package profile

import "fmt"

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

// Profile is one era.
type Profile struct {
	Name string
	// MakeBash: the tree's toolchain is built from source (else Debian's
	// matching go1.19.8 binaries are linked in).
	MakeBash bool
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
	// tree's own wrappers.
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
	// PrintEra is the cref print era of the runtime's messages.
	PrintEra string
	// CrossBuild is the go command's verb for verify's cross builds of
	// the runtime: "build" where the go command has a build cache (Go
	// 1.10 on, and the linked-in pkg/ is Debian's, never written),
	// "install" where it has none, so that the scratch copy's own pkg/
	// keeps each port's runtime.a and a second run finds it up to date.
	CrossBuild string
}

var testFiles = []string{"xaddref_common_test.go", "xaddref_model_test.go", "xaddref_vectors_test.go"}

// Go119 is Debian's Go 1.19.8, the default target.
var Go119 = &Profile{
	Name: "go1.19",
	// Benchmarks and Go's native fuzzing need Go 1.18 (and the files say
	// so): for this profile only.
	TestFiles: append(append([]string{}, testFiles...), "xaddref_bench_test.go", "xaddref_fuzz_test.go"),
	Arches: []Arch{
		withCgo("amd64"),
		withCgo("386"),
		withCgo("arm", "GOARM=7"),
		withCgo("arm64"),
		withCgo("mips"),
		withCgo("mipsle"),
		withCgo("mips64"),
		withCgo("mips64le"),
		withCgo("ppc64le"),
		withCgo("s390x"),
		withCgo("riscv64"),
		withoutCgo("ppc64", "linux/ppc64 has no cgo in Go 1.19 (external linking not supported)"),
	},
	Checks:       []string{"values", "layout", "concurrent"},
	VectorChecks: []string{"values", "layout", "concurrent"},
	PrintEra:     "go1.19",
	CrossBuild:   "build",
}

// Hist is the 2015 tree at 6ad33be (its parent 8566979972 plus the series).
// Its test binaries run under qemu-user with the test hooks' _CLONE_SYSVSEM
// (patches/testhooks/6ad33be/0002), linux/ppc64 with their backport of the
// compiler's big-endian fix (0003); its cgo writes stubs that -Wextra
// -Werror accept (0005).
var Hist = &Profile{
	Name:      "6ad33be",
	MakeBash:  true,
	GlessGate: true,
	Series:    "6ad33be",
	TestHooks: "testhooks/6ad33be",
	TestFiles: append(append([]string{}, testFiles...), "xaddref_stat_test.go", "xaddref_statchild_test.go",
		"xaddref_stat_vectors_test.go", "xaddref_conv_linux_test.go"),
	KeepTests: []string{"atomic_test.go"},
	Arches: []Arch{
		withCgo("amd64"),
		withCgo("386"),
		withoutCgo("arm", "the 2015 linker cannot link cgo on arm: its external linking leaves runtime.tlsg's "+
			"relocations without a symbol (\"runtime.save_g: missing xsym in relocation\")", "GOARM=7"),
		// (Not the profile's CGO_CFLAGS: -mrelax-relocations is the x86
		// assembler's option.)
		withCgo("arm64", "CGO_CFLAGS=-g -O2 -fPIC"),
		withoutCgo("ppc64", "the 2015 linker has no external linking on ppc64 (\"unknown relocation type 26\")"),
		withoutCgo("ppc64le", "the 2015 linker has no external linking on ppc64le (\"unknown relocation type 26\")"),
	},
	CGOEnv: []string{
		"CGO_LDFLAGS=-no-pie",
		"CGO_CFLAGS=-g -O2 -fPIC -Wa,-mrelax-relocations=no",
	},
	Checks:       []string{"values", "layout", "concurrent", "stat"},
	VectorChecks: []string{"values", "layout", "concurrent", "stat"},
	// The wrappers' conventions, measured (verify judges what they return).
	OSChecks:   []string{"conventions"},
	Upstream:   []string{"TestXadduintptr", "TestXadduintptrOnUint64"},
	PrintEra:   "2015",
	CrossBuild: "install",
}

// ByName returns the profile called name.
func ByName(name string) (*Profile, error) {
	for _, p := range []*Profile{Go119, Hist} {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no profile %q", name)
}

// Expected lists the rows the differential suite must report for an
// architecture it runs: "diff <check>" for each check, and "upstream
// <test>" for each of the tree's own tests. A row missing from a run, or
// one not listed here, fails the run.
func (p *Profile) Expected(a Arch) []string {
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

// Arch returns the profile's entry for goarch.
func (p *Profile) Arch(goarch string) (Arch, bool) {
	for _, a := range p.Arches {
		if a.GOARCH == goarch {
			return a, true
		}
	}
	return Arch{}, false
}

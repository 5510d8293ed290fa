package era

import (
	"fmt"
	"strings"
)

// Go126 is Go 1.26, the Go people run today: the user's own Go (a whole
// GOROOT, `go env GOROOT`, with its toolchain), the default target when it
// is the go first on PATH. 6ad33be's descendants are its
// internal/runtime/atomic.Xadduintptr, which export_test.go still exports,
// and sysMemStat.add (mstats.go), which throws "sysMemStat overflow" as Go
// 1.19's does.
var Go126 = &Era{
	Name:      "go1.26",
	About:     "go1.26.x (a whole GOROOT with its toolchain, such as the go first on PATH)",
	Recognize: recognizeGo126,
	GoCommand: TreeGo,
	// G-less chains are findings, not failures. The tree still writes
	// 6ad33be's claim, "Don't split the stack as this function may be
	// invoked without a valid G", on sysAlloc (mem.go:45), sysFree
	// (mem.go:127), sysUnreserve (mem.go:255) and the OS layers under them
	// (mem_linux.go:17, mem_bsd.go:13, ...), and newosproc0 is still the
	// "Version of newosproc that doesn't require a valid G" (os_linux.go:
	// 203) that the library entry calls when runtime/cgo is not linked
	// (asm_amd64.s:78 and its twins). But the tree also says that caller
	// never runs: "newosproc0 is currently unreachable because builds
	// utilizing c-shared/c-archive force external linking"
	// (os_freebsd.go:245), and an external link imports runtime/cgo
	// (cmd/link/internal/ld/lib.go:586-591), whose _cgo_sys_thread_create
	// the entry calls instead (asm_amd64.s:48). So a chain from sysAlloc
	// that needs a G (linux: sysAllocOS -> setVMAName, which Go 1.25 added
	// without //go:nosplit) shows the comment overstating what the code
	// guarantees, while no program takes that path without a G: a finding.
	// (cmd/link leaves darwin/amd64 out of that import, lib.go:586; there
	// sysAlloc and newosproc0 reach nothing that needs a G.)
	GlessGate: false,
	Ledger: &Ledger{
		// Go 1.19's, with the VMA names Go 1.25 added to sysAlloc
		// (mem.go:49), sysMap (mem.go:277) and sysReserve (mem.go:172),
		// after the stat and amount, and sysUnreserve (mem.go:259), which
		// returns a reservation without touching any stat.
		StatFuncs: []StatFunc{
			{Name: "sysAlloc", Stat: 1, Amount: 0, Role: Charge},
			{Name: "sysFree", Stat: 2, Amount: 1, Role: Discharge},
			{Name: "sysMap", Stat: 2, Amount: 1, Role: Charge},
			{Name: "sysUsed", Stat: NoArg, Amount: 2, Role: Charge, Implicit: "gcController.mappedReady"},
			{Name: "sysUnused", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
			{Name: "sysFault", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
			{Name: "sysReserve", Stat: NoArg, Amount: 1, Role: Reserve},
			{Name: "sysUnreserve", Stat: NoArg, Amount: 1, Role: Reserve},
			{Name: "add", Recv: "sysMemStat", Stat: Receiver, Amount: 0},
		},
		// sysMemStat.add (mstats.go:659) throws as Go 1.19's does.
		Ends:    []string{"sysAlloc", "sysFree", "sysMap"},
		EndsHow: "throw sysMemStat overflow",
		NoDrivers: "as in Go 1.19, every discharge in the ledger is of a global or followed to one " +
			"((*mheap).sysAlloc returns a failed hint with sysUnreserve, which charges nothing)",
	},
	// Exports (*sysMemStat).add (patches/testhooks/go1.26/0001).
	TestHooks: "testhooks/go1.26",
	TestFiles: modernTestFiles,
	Arches: []Arch{
		withCgo("amd64"),
		withCgo("386"),
		withCgo("arm", "GOARM=7"),
		withCgo("arm64"),
		withoutCgo("loong64", "Debian 12 has no C compiler for loong64"),
		withCgo("mips"),
		withCgo("mipsle"),
		withCgo("mips64"),
		withCgo("mips64le"),
		withCgo("ppc64le"),
		withCgo("s390x"),
		withCgo("riscv64"),
		withoutCgo("ppc64", "linux/ppc64 has no cgo in Go 1.26 (go tool dist list: CgoSupported false)"),
	},
	Checks:       []string{"values", "layout", "concurrent", "stat"},
	VectorChecks: []string{"values", "layout", "concurrent", "stat"},
	OSChecks:     []string{ReadersCheck},
	PrintEra:     "go1.19",
	CrossBuild:   "build",
	// The self-test's mutants (mutants.go): the 32-bit adder on 64-bit
	// architectures of both byte orders (on s390x it adds to the word's
	// high half).
	Mutants: []Mutant{
		xadd32Mutant("go1.26-xadd32", "amd64", "arm64", "s390x"),
		nonatomicMutant("go1.26-nonatomic", "amd64"),
		statInvertedMutant("go1.26-stat-inverted", "amd64"),
	},
}

// recognizeGo126 takes Go 1.26.x, and a later release whose declarations
// that the kit's checks depend on (go126Touches) are those of go1.26.8: it
// is checked as this era. A later release where any differs is refused,
// naming them, until an era file covers it.
func recognizeGo126(t Tree) (bool, error) {
	if strings.HasPrefix(t.Version, "go1.26") {
		return true, nil
	}
	if minor(t.Version) <= 26 {
		return false, nil
	}
	differ, err := sameAs(t, go126Touches, go126Fingerprints)
	if err != nil {
		return false, err
	}
	if len(differ) > 0 {
		return false, fmt.Errorf("%s is later than the eras the kit knows, and what its checks depend on differs from go1.26.8 in %s; an era file must cover it first",
			t.Version, strings.Join(differ, "; "))
	}
	return true, nil
}

// go126Touches are the declarations of Go 1.26 that the kit's checks
// depend on: the stat functions and their OS layers, the stat updater,
// persistentalloc, newosproc0, and Xadduintptr in Go and assembly.
var go126Touches = []Touch{
	{"runtime/mem.go", `^sys(Alloc|Free|Map|Used|Unused|Fault|Reserve)$`},
	{"runtime/mem_*.go", `^sys\w*OS$`},
	{"runtime/mstats.go", `^sysMemStat\.`},
	{"runtime/malloc.go", `^persistentalloc1?$`},
	{"runtime/os_linux.go", `^newosproc0$`},
	{"internal/runtime/atomic/atomic_*.go", `^Xadduintptr$`},
	{"internal/runtime/atomic/atomic_*.s", `Xadduintptr$`},
}

// go126Fingerprints are go1.26.8's, per file (tree.Source.Fingerprints);
// TestGo126Fingerprints (package tree) recomputes them from /usr/local/go
// when it is go1.26.8.
var go126Fingerprints = map[string]string{
	"internal/runtime/atomic/atomic_386.go":           "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_386.s":            "5c50fb17fc6aa267",
	"internal/runtime/atomic/atomic_amd64.go":         "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_amd64.s":          "f046db40c7227817",
	"internal/runtime/atomic/atomic_andor_generic.go": "e3b0c44298fc1c14",
	"internal/runtime/atomic/atomic_arm.go":           "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_arm.s":            "8fb3bd7b1020260e",
	"internal/runtime/atomic/atomic_arm64.go":         "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_arm64.s":          "717005953cd645a0",
	"internal/runtime/atomic/atomic_loong64.go":       "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_loong64.s":        "f046db40c7227817",
	"internal/runtime/atomic/atomic_mips64x.go":       "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_mips64x.s":        "f046db40c7227817",
	"internal/runtime/atomic/atomic_mipsx.go":         "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_mipsx.s":          "5c50fb17fc6aa267",
	"internal/runtime/atomic/atomic_ppc64x.go":        "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_ppc64x.s":         "dfb75d93cdcb6433",
	"internal/runtime/atomic/atomic_riscv64.go":       "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_riscv64.s":        "f046db40c7227817",
	"internal/runtime/atomic/atomic_s390x.go":         "6548a7590ec1df05",
	"internal/runtime/atomic/atomic_s390x.s":          "dfb75d93cdcb6433",
	"internal/runtime/atomic/atomic_wasm.go":          "cc0a0f9f7d106b66",
	"internal/runtime/atomic/atomic_wasm.s":           "e3b0c44298fc1c14",
	"runtime/malloc.go":                               "ea336a0e6712feea",
	"runtime/mem.go":                                  "31c501a9796c1e5e",
	"runtime/mem_aix.go":                              "72b77fbc652eccdf",
	"runtime/mem_bsd.go":                              "3e7efff5ad71fda5",
	"runtime/mem_darwin.go":                           "a047b2946a565d70",
	"runtime/mem_js.go":                               "e3b0c44298fc1c14",
	"runtime/mem_linux.go":                            "c45f2bcfcb9fcad6",
	"runtime/mem_nonsbrk.go":                          "e3b0c44298fc1c14",
	"runtime/mem_plan9.go":                            "e3b0c44298fc1c14",
	"runtime/mem_sbrk.go":                             "4e2bb194d9f392f4",
	"runtime/mem_wasip1.go":                           "e3b0c44298fc1c14",
	"runtime/mem_wasm.go":                             "e3b0c44298fc1c14",
	"runtime/mem_windows.go":                          "de2320856d7bf2c9",
	"runtime/mstats.go":                               "2d28f090c198658c",
	"runtime/os_linux.go":                             "2ec6a30a3a05da47",
}

// Go126Fingerprints returns the touches and the recorded fingerprints,
// for the test that recomputes them.
func Go126Fingerprints() ([]Touch, map[string]string) { return go126Touches, go126Fingerprints }

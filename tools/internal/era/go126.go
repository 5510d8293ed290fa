package era

import "strings"

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
	TestFiles: append(append([]string{}, testFiles...), "xaddref_bench_test.go", "xaddref_fuzz_test.go"),
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
	Checks:       []string{"values", "layout", "concurrent"},
	VectorChecks: []string{"values", "layout", "concurrent"},
	PrintEra:     "go1.19",
	CrossBuild:   "build",
}

func recognizeGo126(t Tree) (bool, error) {
	return strings.HasPrefix(t.Version, "go1.26"), nil
}

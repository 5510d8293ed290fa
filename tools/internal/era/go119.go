package era

import (
	"fmt"
	"strings"
)

// Go119 is Debian's Go 1.19.8 (2022), a descendant of 6ad33be whose
// runtime still exports Xadduintptr.
var Go119 = &Era{
	Name:      "go1.19",
	About:     "go1.19.8 (Debian's, or a tree of the same version)",
	Recognize: recognizeGo119,
	// Tested with Debian's go1.19.8 binaries, which must match the tree.
	GoCommand: DebianGo,
	Ledger: &Ledger{
		StatFuncs: []StatFunc{
			{Name: "sysAlloc", Stat: 1, Amount: 0, Role: Charge},
			{Name: "sysFree", Stat: 2, Amount: 1, Role: Discharge},
			{Name: "sysMap", Stat: 2, Amount: 1, Role: Charge},
			{Name: "sysUsed", Stat: NoArg, Amount: 2, Role: Charge, Implicit: "gcController.mappedReady"},
			{Name: "sysUnused", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
			{Name: "sysFault", Stat: NoArg, Amount: 1, Role: Discharge, Implicit: "gcController.mappedReady"},
			{Name: "sysReserve", Stat: NoArg, Amount: 1, Role: Reserve},
			{Name: "add", Recv: "sysMemStat", Stat: Receiver, Amount: 0},
		},
		// sysMemStat.add is a method, which the host does not record: a
		// run's innermost recorded call is the sys* function that called it.
		Ends:    []string{"sysAlloc", "sysFree", "sysMap"},
		EndsHow: "throw sysMemStat overflow",
		NoDrivers: "every discharge in the ledger is of a global or followed to one (mheap.go's sysAlloc " +
			"frees with no stat, through sysFreeOS), so no caller needs driving",
	},
	// (*sysMemStat).add is the same as in Go 1.26, and so is the test hook
	// that exports it.
	TestHooks: "testhooks/go1.26",
	TestFiles: modernTestFiles,
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
	Checks:       []string{"values", "layout", "concurrent", "stat"},
	VectorChecks: []string{"values", "layout", "concurrent", "stat"},
	OSChecks:     []string{ReadersCheck},
	PrintEra:     "go1.19",
	CrossBuild:   "build",
	// The self-test's mutants (mutants.go). The non-atomic adder runs on
	// 386 too: its threads run under qemu-i386 where the kernel cannot
	// start it, with the environment that needs.
	Mutants: []Mutant{
		xadd32Mutant("go1.19-xadd32", "amd64"),
		nonatomicMutant("go1.19-nonatomic", "amd64", "386"),
		statInvertedMutant("go1.19-stat-inverted", "amd64"),
	},
}

func recognizeGo119(t Tree) (bool, error) {
	switch {
	case t.Version == "go1.19.8":
		return true, nil
	case strings.HasPrefix(t.Version, "go1.19"):
		return false, fmt.Errorf("%s is not supported: a Go 1.19 tree is tested with Debian's go1.19.8 toolchain, so it must be go1.19.8", t.Version)
	}
	return false, nil
}

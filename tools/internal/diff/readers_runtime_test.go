package diff

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// TestReadersOnTheRuntime runs the readers check on linux/amd64 runtimes
// built from $XADDREF_GO_TREE (8566979972) with the series applied: a
// finding, the runtime's Sys minus its parts growing by the 0x800000 the
// C model's newosproc0 charges; the same runtime against a model whose
// newosproc0 charges nothing, a failure naming both; and two runtimes
// changed after the series, as the self-test's mutants are: newosproc0
// charging a local again as before the commit, and readmemstats_m fixed
// as Go 1.5 did (StackSys += StackInuse): each a pass, the finding gone.
// Each changed runtime is a make.bash (minutes), kept in the kit's cache
// for the next run:
//
//	XADDREF_GO_TREE=/path/to/go XADDREF_DIFF_READERS=1 go test -run ReadersOnTheRuntime -timeout 60m ./internal/diff
func TestReadersOnTheRuntime(t *testing.T) {
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" || os.Getenv("XADDREF_DIFF_READERS") == "" {
		t.Skip("set XADDREF_GO_TREE (a tree at 8566979972) and XADDREF_DIFF_READERS=1 to build the 2015 runtimes")
	}
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): no C model, no cgo package")
	}
	info, err := tree.Identify(src)
	if err != nil {
		t.Fatal(err)
	}
	if info.Era != era.Go2015 || BeforeTree(info, false) == "" {
		t.Skipf("XADDREF_GO_TREE=%s is not the 2015 tree without the series", src)
	}
	// The era with the two changed runtimes as mutants of its own, not
	// the self-test's.
	e := *era.Go2015
	e.Mutants = []era.Mutant{
		{Name: "readers-newosproc0-local", File: "os1_linux.go",
			Old: "\tstack := sysAlloc(stacksize, &memstats.stacks_sys)\n",
			New: "\tvar dummy uint64\n\tstack := sysAlloc(stacksize, &dummy)\n"},
		{Name: "readers-go1.5-fix", File: "mstats.go",
			Old: "\tstats.StackSys = stats.StackInuse\n", New: "\tstats.StackSys += stats.StackInuse\n"},
	}
	info.Era = &e
	m, err := variants.BuildModel()
	if err != nil {
		t.Fatal(err)
	}
	run := func(mutant string, model *variants.Model) report.Row {
		t.Helper()
		rows, err := Run(Options{Tree: info, Arches: []string{"amd64"}, Ops: 1000, Mutant: mutant, Model: model})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Check == readersRow {
				return r
			}
		}
		t.Fatalf("no %s row: %+v", readersRow, rows)
		return report.Row{}
	}
	expect := func(what string, r report.Row, status, figures, detail string) {
		t.Helper()
		t.Logf("%s: %s (%s) %s", what, r.Status, r.Figures, r.Detail)
		if r.Status != status || r.Figures != figures || !strings.Contains(r.Detail, detail) {
			t.Errorf("%s: %s (%s) %q, want %s (%s) with %q", what, r.Status, r.Figures, r.Detail, status, figures, detail)
		}
	}
	expect("the commit's runtime", run("", m), report.Finding, "gap 0 -> 8388608, predicted +8388608",
		"the runtime agrees: Sys minus the sum of its parts 0 -> 8388608 after newosproc0(0x800000)")
	zero := &variants.Model{Arches: m.Arches, Runner: &variants.Runner{Name: "a model whose newosproc0 charges nothing",
		Argv: []string{"sh", "-c", `"$0" | sed s/stacks_sys=0000800000000000/stacks_sys=0000000000000000/`, m.Runner.Argv[0]}}}
	expect("a model whose newosproc0 charges nothing", run("", zero), report.Fail, "gap 0 -> 8388608, predicted +0",
		"the tree's code leaves it at 0x800000, the C model at 0x0")
	expect("newosproc0 charging a local", run("readers-newosproc0-local", m), report.Pass, "gap 0 -> 0, predicted +0",
		"newosproc0 charges nothing the sum leaves out); the runtime agrees: Sys minus the sum of its parts 0 -> 0")
	expect("readmemstats_m fixed as Go 1.5 did", run("readers-go1.5-fix", m), report.Pass, "gap 0 -> 0, predicted +0",
		"readmemstats_m sets them so that Sys minus their sum is 0); the runtime agrees")
}

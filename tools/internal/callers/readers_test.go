package callers

import (
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/wants"
)

// TestReaders finds the readers of testdata/readers on ports that break
// their assumptions and on ports that do not, and compares every verdict
// with the `// want` comments there: the sum MemStats.Sys where
// newosproc0 charges stacks_sys (linux) and where nothing does
// (windows), a sum that holds, a whole uint64 on 64-bit, 32-bit
// little-endian and 32-bit big-endian ports (mips adds to the high half),
// and an update under arm's lock.
func TestReaders(t *testing.T) {
	src := tree.Load(filepath.Join("testdata", "readers"))
	// The tree before the commit: newosproc0 charges a local, as
	// 8566979972's does.
	dir := t.TempDir()
	kittest.CopyTree(t, filepath.Join("testdata", "readers"), dir)
	edit(t, dir, "os_linux.go", "\tsysAlloc(stacksize, &memstats.stacks_sys)\n",
		"\tvar dummy uint64\n\tsysAlloc(stacksize, &dummy)\n")
	for _, s := range []string{"linux/amd64", "linux/386", "linux/mips", "linux/mipsle", "linux/arm", "windows/amd64"} {
		p, err := era.ParsePort(s)
		if err != nil {
			t.Fatal(err)
		}
		g, err := callgraph.Of(src, p)
		if err != nil {
			t.Fatal(err)
		}
		if errs := g.Checked.TypeErrors; len(errs) > 0 {
			t.Fatalf("%s: testdata/readers does not type-check: %v", p, errs)
		}
		l := buildLedger(g, era.Go2015)
		l.judge()
		var diags []wants.Diag
		whole := 0
		for _, r := range l.readers(beforeLedger(tree.Load(dir), p, era.Go2015)) {
			// The whole reads that hold, and the values derived, are
			// counted, not compared: there is one per stat read.
			if r.Verdict == holds && (r.kind == "whole" || r.kind == "derived") {
				whole++
				continue
			}
			diags = append(diags, wants.Diag{Pos: r.Where(), Msg: r.Stat + " " + string(r.Verdict) + ": " + r.finding()})
		}
		if p.GOARCH != "mips" && whole == 0 {
			t.Errorf("%s: no reader of a stat, or of a value derived from one, holds", p)
		}
		var files []*tree.File
		for _, pkg := range g.Pkgs {
			files = append(files, pkg.Go...)
		}
		wants.Check(t, p, files, diags)
	}
}

// Without the tree before the commit, a sum that a charge breaks is not
// pinned on the commit.
func TestReadersWithoutBefore(t *testing.T) {
	g, err := callgraph.Of(tree.Load(filepath.Join("testdata", "readers")), era.Port{GOOS: "linux", GOARCH: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	l := buildLedger(g, era.Go2015)
	for _, r := range l.readers(nil) {
		if r.Stat == "MemStats.Sys" && r.Function == "readmemstats_m" &&
			(r.Verdict != undecided || !strings.Contains(r.Why, "whether the commit added that is not known")) {
			t.Errorf("%s: %s: %s", r.Where(), r.Verdict, r.Why)
		}
	}
}

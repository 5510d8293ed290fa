package callers

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// The tests on the 2015 tree: the commit's one caller that now exits,
// upstream's fix, the tree before the commit, and discharges planted at
// other call sites; each against the C model.

var (
	modelOnce sync.Once
	model     *variants.Model
	modelErr  error
)

func testModel(t *testing.T) *variants.Model {
	t.Helper()
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): the C model cannot be built")
	}
	modelOnce.Do(func() { model, modelErr = variants.BuildModel() })
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return model
}

// histRuntime copies $XADDREF_GO_TREE's src/runtime and its dist's list of
// ports (all the analysis reads) into a new tree, with the series applied or not, and returns
// its top; or skips, saying why.
func histRuntime(t *testing.T, applied bool) string {
	t.Helper()
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" {
		t.Skip("XADDREF_GO_TREE is not set: give the historical tree (8566979972, with or without the series) to run the 2015 cases")
	}
	dir := t.TempDir()
	kittest.CopyTree(t, filepath.Join(src, "src", "runtime"), filepath.Join(dir, "src", "runtime"))
	kittest.CopyTree(t, filepath.Join(src, "src", "cmd", "dist", "build.go"), filepath.Join(dir, "src", "cmd", "dist", "build.go"))
	s, err := series.Load(kit.Root(), "6ad33be")
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.State(dir)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case applied && st.Status == series.NotApplied:
		_, err = s.Apply(dir)
	case !applied && st.Status == series.Applied:
		_, err = s.Unapply(dir)
	case st.Status != series.NotApplied && st.Status != series.Applied:
		t.Fatalf("XADDREF_GO_TREE is %s: give 8566979972 with or without the series", st.Line())
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// edit replaces the one occurrence of old in the tree's runtime file.
func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, "src", "runtime", file)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", file, old, n)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// The process's Source of the tree holds the old parse.
	tree.Forget(dir)
}

func targetsOf(t *testing.T, targets ...string) []era.Port {
	t.Helper()
	var ts []era.Port
	for _, s := range targets {
		tg, err := era.ParsePort(s)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tg)
	}
	return ts
}

func analyze(t *testing.T, dir, before string, m *variants.Model, targets ...string) *Result {
	t.Helper()
	res, err := Analyze(dir, era.Go2015, targetsOf(t, targets...), Options{Before: before, Model: m})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fakeStat is malloc.go's zero fake stat in mHeap_SysAlloc, and
// 97dc591534's change to it.
const (
	fakeStat      = "\t\t\t\tvar stat uint64\n\t\t\t\tsysFree((unsafe.Pointer)(p), p_size, &stat)\n"
	fakeStatFixed = "\t\t\t\t// We haven't added this allocation to\n\t\t\t\t// the stats, so subtract it from a\n" +
		"\t\t\t\t// fake stat (but avoid underflow).\n\t\t\t\tstat := uint64(p_size)\n" +
		"\t\t\t\tsysFree((unsafe.Pointer)(p), p_size, &stat)\n"
	underflow32 = "runtime: stat underflow: val 4026531840, n 268435456\n"
)

// With the series, mHeap_SysAlloc's sysFree of a reservation outside the
// arena exits on 386 and arm (golang/go#13143), and the tree before the
// commit wraps the same stat silently.
func TestMHeapSysAllocExits(t *testing.T) {
	applied, base := histRuntime(t, true), histRuntime(t, false)
	m := testModel(t)
	res := analyze(t, applied, base, m, "linux/386", "linux/arm", "linux/ppc64")
	for _, pr := range res.Ports {
		if pr.Err != "" {
			t.Fatalf("%s: %s", pr.Port, pr.Err)
		}
		if pr.Port.GOARCH == "ppc64" {
			// Big-endian: 6ad33be keeps xadd64, which wraps.
			if len(pr.Findings) != 0 || len(pr.Wraps) != 1 || pr.Wraps[0].Function != "mHeap_SysAlloc" {
				t.Errorf("linux/ppc64: findings %v, wraps %v; want the wrap in mHeap_SysAlloc only", pr.Findings, pr.Wraps)
			}
			continue
		}
		if len(pr.Findings) != 1 {
			t.Fatalf("%s: %d findings, want 1: %+v", pr.Port, len(pr.Findings), pr.Findings)
		}
		f := pr.Findings[0]
		if f.File != "malloc.go" || f.Function != "mHeap_SysAlloc" || f.Message != underflow32 ||
			!strings.Contains(f.Scenario, "far") || f.Chain != "mHeap_SysAlloc -> sysFree -> mSysStatDec" || f.Static {
			t.Errorf("%s: %+v", pr.Port, *f)
		}
		if !strings.Contains(f.Before, "wraps silently") || !strings.Contains(f.Model, "same bytes") {
			t.Errorf("%s: before %q, model %q", pr.Port, f.Before, f.Model)
		}
		s := pr.siteAt(f.Where())
		if s == nil || s.Kind != Local || !strings.HasPrefix(s.Verdict, "VIOLATION") || pr.Reached[f.Where()] == 0 {
			t.Errorf("%s: the ledger's site %+v, reached %d times", pr.Port, s, pr.Reached[f.Where()])
		}
	}
}

// 97dc591534's fake stat, set to the size: the finding is gone, and none
// comes in its place.
func TestFixedFakeStat(t *testing.T) {
	dir := histRuntime(t, true)
	m := testModel(t)
	edit(t, dir, "malloc.go", fakeStat, fakeStatFixed)
	res := analyze(t, dir, "", m, "linux/386", "linux/arm")
	for _, pr := range res.Ports {
		if pr.Err != "" || len(pr.Findings)+len(pr.Wraps)+len(pr.Violations)+len(pr.Unreached) != 0 {
			t.Errorf("%s: error %q, findings %v, wraps %v, violations %v", pr.Port, pr.Err, pr.Findings, pr.Wraps, pr.Violations)
		}
		if pr.Runs["mHeap_SysAlloc"] == 0 || len(pr.Reached) == 0 {
			t.Errorf("%s: nothing driven: %v %v", pr.Port, pr.Runs, pr.Reached)
		}
	}
}

// 8566979972 itself: the path wraps silently, it does not exit.
func TestBaseWraps(t *testing.T) {
	dir := histRuntime(t, false)
	res := analyze(t, dir, "", testModel(t), "linux/386")
	pr := res.Ports[0]
	if pr.Err != "" || len(pr.Findings) != 0 || len(pr.Wraps) != 1 {
		t.Fatalf("error %q, findings %v, wraps %v", pr.Err, pr.Findings, pr.Wraps)
	}
	w := pr.Wraps[0]
	if w.Where() != pr.Violations[0].Pos() || !strings.Contains(w.What, "from 0x0 to 0xfffffffff0000000") {
		t.Errorf("wrap %+v", *w)
	}
}

// A discharge planted against a fresh zero stat at another call site is
// found, by a run, with the model's bytes.
func TestPlantedDischarge(t *testing.T) {
	histRuntime(t, true)
	m := testModel(t)
	for _, c := range []struct {
		file, old, fn, msg string
	}{
		{"trace.go", "\t\tsysFree(unsafe.Pointer(block), unsafe.Sizeof(traceAllocBlock{}), &memstats.other_sys)\n",
			"traceAlloc.drop", "runtime: stat underflow: val 4294901760, n 65536\n"},
		{"mheap.go", "\t\t\t\tsysFree(unsafe.Pointer(h.allspans), uintptr(cap(h_allspans))*ptrSize, &memstats.other_sys)\n",
			"recordspan", "runtime: stat underflow: val 4294959104, n 8192\n"},
		{"stack1.go", "\t\t\tsysFree(v, n, &memstats.stacks_sys)\n", "stackfree", "runtime: stat underflow: val 4294959104, n 8192\n"},
	} {
		t.Run(c.fn, func(t *testing.T) {
			dir := histRuntime(t, true)
			planted := strings.Replace(c.old, "&memstats.", "&fake", 1)
			planted = planted[:strings.Index(planted, "&fake")] + "&fake)\n"
			indent := c.old[:len(c.old)-len(strings.TrimLeft(c.old, "\t"))]
			edit(t, dir, c.file, c.old, indent+"var fake uint64\n"+planted)
			res := analyze(t, dir, "", m, "linux/386")
			pr := res.Ports[0]
			if pr.Err != "" {
				t.Fatal(pr.Err)
			}
			var got *Finding
			for _, f := range pr.Findings {
				if f.File == c.file {
					got = f
				}
			}
			if got == nil || got.Function != c.fn || got.Message != c.msg || !got.Static ||
				got.Chain != c.fn+" -> sysFree -> mSysStatDec" {
				t.Fatalf("no finding in %s's %s with %q: %+v", c.file, c.fn, c.msg, pr.Findings)
			}
			if len(pr.Findings) != 2 {
				t.Errorf("%d findings, want mHeap_SysAlloc's and the planted one", len(pr.Findings))
			}
		})
	}
}

// The model is the source of truth for the message: a tree whose message
// differs from the model's, or a model that differs from the tree, fails
// the port rather than passing a finding with the tree's bytes.
func TestMessageFromModel(t *testing.T) {
	histRuntime(t, true)
	m := testModel(t)
	t.Run("a changed message in the tree", func(t *testing.T) {
		dir := histRuntime(t, true)
		edit(t, dir, "mstats.go", `print("runtime: stat underflow: val "`, `print("runtime: stat underflow: value "`)
		pr := analyze(t, dir, "", m, "linux/386").Ports[0]
		if !strings.Contains(pr.Err, "the C model") || !strings.Contains(pr.Err, "malloc.go:412") {
			t.Errorf("error %q, want the model's disagreement at malloc.go:412", pr.Err)
		}
	})
	t.Run("a broken model", func(t *testing.T) {
		broken := &variants.Model{Arches: m.Arches, Runner: &variants.Runner{Name: "a broken model",
			Argv: []string{"sh", "-c", `"$0" | sed s/underflow/overflow/`, m.Runner.Argv[0]}}}
		pr := analyze(t, histRuntime(t, true), "", broken, "linux/386").Ports[0]
		if !strings.Contains(pr.Err, "the C model") || !strings.Contains(pr.Err, "stat overflow") {
			t.Errorf("error %q, want the model's disagreement", pr.Err)
		}
	})
}

// 6ad33be charges newosproc0's stack to stacks_sys, which readmemstats_m
// counts in MemStats.Sys and leaves out of StackSys: the sum breaks where
// the library entry calls newosproc0 (linux/amd64), with the tree's
// newosproc0 and the C model agreeing on what it charges; where nothing
// calls it (linux/ppc64), only stackalloc charges stacks_sys, under
// GODEBUG=efence=1, as before the commit.
func TestReadmemstatsSum(t *testing.T) {
	applied, base := histRuntime(t, true), histRuntime(t, false)
	res := analyze(t, applied, base, testModel(t), "linux/amd64", "linux/ppc64")
	want := map[string]verdict{"linux/amd64": broken, "linux/ppc64": brokenBefore}
	for _, pr := range res.Ports {
		if pr.Err != "" {
			t.Fatalf("%s: %s", pr.Port, pr.Err)
		}
		var sum *reader
		for _, r := range pr.readers {
			if r.Function == "readmemstats_m" && r.Stat == "MemStats.Sys" {
				sum = r
			}
		}
		if sum == nil || sum.Verdict != want[pr.Port.String()] {
			t.Fatalf("%s: readmemstats_m's MemStats.Sys: %+v, want %s", pr.Port, sum, want[pr.Port.String()])
		}
		if pr.Port.GOARCH != "amd64" {
			continue
		}
		for _, w := range []string{"StackSys, which held mstats.stacks_sys, is set anew at mstats.go:179",
			"the commit charges it at os1_linux.go:149 (newosproc0, called from rt0_linux_amd64.s:39)",
			"the tree's newosproc0(0x800000) leaves it at 0x800000, as the C model does (before the commit: at 0x0)"} {
			if !strings.Contains(sum.Why, w) {
				t.Errorf("%s: the reason %q lacks %q", pr.Port, sum.Why, w)
			}
		}
		if sum.Where() != "mstats.go:179" || pr.firstBroken() != sum {
			t.Errorf("%s: %s, broken %v", pr.Port, sum.Where(), pr.firstBroken())
		}
	}
	// The model is the source of truth for what newosproc0 charges: one
	// that charges nothing fails the port.
	m := testModel(t)
	broken := &variants.Model{Arches: m.Arches, Runner: &variants.Runner{Name: "a model whose newosproc0 charges nothing",
		Argv: []string{"sh", "-c", `"$0" | sed s/stacks_sys=0000800000000000/stacks_sys=0000000000000000/`, m.Runner.Argv[0]}}}
	pr := analyze(t, applied, base, broken, "linux/amd64").Ports[0]
	if !strings.Contains(pr.Err, "newosproc0 from stacks_sys 0: the tree's code leaves it at 0x800000, the C model at 0x0") {
		t.Errorf("error %q, want the model's disagreement", pr.Err)
	}
}

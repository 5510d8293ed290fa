package callers

import (
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/variants"
)

// The differential suite's readers check compares the runtime with
// Predict. On the 2015 tree with the series, newosproc0 charges its stack
// to stacks_sys, which readmemstats_m leaves out of StackSys: the C model's
// newosproc0(0x800000) adds 0x800000 to Sys minus the parts, as the tree's
// code does on the host. Before the commit it charged a local: no change.
// With readmemstats_m fixed as Go 1.5 did (StackSys += StackInuse) the sum
// holds. A model whose newosproc0 charges nothing is caught: its
// prediction is 0, and it disagrees with the tree's code.
func TestPredict(t *testing.T) {
	applied, base := histRuntime(t, true), histRuntime(t, false)
	m := testModel(t)
	predict := func(dir, before string, model *variants.Model) *Prediction {
		t.Helper()
		ps, err := Predict(dir, era.Go2015, targetsOf(t, "linux/amd64"), Options{Before: before, Model: model})
		if err != nil {
			t.Fatal(err)
		}
		return ps[0]
	}
	p := predict(applied, base, m)
	if p.Err != "" || p.Verdict != string(broken) || p.Reader != "mstats.go:179 readmemstats_m" ||
		strings.Join(p.Cells, ",") != "stacks_sys" || p.Gap != ReaderStack || p.Host != ReaderStack {
		t.Errorf("the commit's tree: %+v, want broken at mstats.go:179, +0x800000 through stacks_sys", p)
	}
	if got := strings.Join(p.Parts, "+"); got != "HeapSys+StackSys+MSpanSys+MCacheSys+BuckHashSys+GCSys+OtherSys" {
		t.Errorf("parts %s", got)
	}
	wantClone := "_CLONE_VM|_CLONE_FS|_CLONE_FILES|_CLONE_SIGHAND|_CLONE_THREAD"
	if got := strings.Join(p.Clone.Names, "|"); got != wantClone || !strings.HasPrefix(p.Clone.At, "os1_linux.go:") {
		t.Errorf("clone %+v, want %s at os1_linux.go", p.Clone, wantClone)
	}

	if p := predict(base, "", m); p.Err != "" || len(p.Cells) != 0 || p.Gap != 0 || p.Verdict != string(undecided) {
		t.Errorf("the tree before the commit: %+v, want no change (newosproc0 charges a local)", p)
	}

	edit(t, applied, "mstats.go", "\tstats.StackSys = stats.StackInuse\n", "\tstats.StackSys += stats.StackInuse\n")
	if p := predict(applied, base, m); p.Err != "" || !p.Holds() || p.Gap != 0 || len(p.Cells) != 0 {
		t.Errorf("readmemstats_m fixed as Go 1.5 did: %+v, want the sum to hold", p)
	}
	edit(t, applied, "mstats.go", "\tstats.StackSys += stats.StackInuse\n", "\tstats.StackSys = stats.StackInuse\n")

	zero := &variants.Model{Arches: m.Arches, Runner: &variants.Runner{Name: "a model whose newosproc0 charges nothing",
		Argv: []string{"sh", "-c", `"$0" | sed s/stacks_sys=0000800000000000/stacks_sys=0000000000000000/`, m.Runner.Argv[0]}}}
	p = predict(applied, base, zero)
	if p.Gap != 0 || p.Host != ReaderStack ||
		!strings.Contains(p.Err, "newosproc0(0x800000) from stacks_sys 0: the tree's code leaves it at 0x800000, the C model at 0x0") {
		t.Errorf("a model whose newosproc0 charges nothing: %+v, want its 0 and the disagreement", p)
	}
}

package diff

import (
	"strings"
	"testing"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
)

// What the runtime's test binaries printed (linux/amd64): the 2015 tree
// with the series, where newosproc0 charges its stack to stacks_sys and
// readmemstats_m leaves that out of StackSys; the tree before the commit,
// where it charged a local; the series with readmemstats_m fixed as Go
// 1.5 did (StackSys += StackInuse); Go 1.26, which counts stacks_sys in
// StackSys.
const (
	readersApplied = "XADDREF readers goarch=amd64 stack=8388608 thread=started parts=HeapSys,StackSys,MSpanSys,MCacheSys,BuckHashSys,GCSys,OtherSys sys=3148024,11536632 gap=0,8388608"
	readersBase    = "XADDREF readers goarch=amd64 stack=8388608 thread=started parts=HeapSys,StackSys,MSpanSys,MCacheSys,BuckHashSys,GCSys,OtherSys sys=3148024,3148024 gap=0,0"
	readersFixed   = readersBase
	readersGo126   = "XADDREF readers goarch=amd64 stack=8388608 thread=started parts=HeapSys,StackSys,MSpanSys,MCacheSys,BuckHashSys,GCSys,OtherSys sys=7164944,15553552 gap=0,0"
)

var sysParts = []string{"HeapSys", "StackSys", "MSpanSys", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys"}

// predicted is a prediction of the 2015 tree's kind: verdict, the cells
// newosproc0 charges, and what the C model's run adds.
func predicted(verdict string, gap int64, cells ...string) *callers.Prediction {
	return &callers.Prediction{Reader: "mstats.go:179 readmemstats_m", Verdict: verdict, Parts: sysParts,
		Assumption: "MemStats.Sys is the sum of HeapSys, ...", Cells: cells, Gap: gap, Host: gap}
}

// TestReadersJudge: the row is a finding where the runtime shows the gap
// the prediction gives a broken sum, a pass where the sum holds and the
// runtime agrees, and fails for the reason meant otherwise: a runtime
// whose sum holds against a prediction of a broken one (the tree fixed,
// the analysis not), a model whose newosproc0 charges nothing against a
// runtime where it does, a test that sums other fields, a thread that
// never ran; and a skip only where the kit asked for none.
func TestReadersJudge(t *testing.T) {
	brokenModel := predicted("broken", 0, "stacks_sys")
	brokenModel.Host = 0x800000
	brokenModel.Err = "newosproc0(0x800000) from stacks_sys 0: the tree's code leaves it at 0x800000, the C model at 0x0"
	cases := []struct {
		name, line string
		plan       readersPlan
		status     string
		mismatch   bool
		want       string
	}{
		{"the commit's tree", readersApplied, plan(predicted("broken", 0x800000, "stacks_sys")), report.Finding, false,
			"the runtime agrees: Sys minus the sum of its parts 0 -> 8388608 after newosproc0(0x800000) (Sys 3148024 -> 11536632)"},
		{"the tree before the commit", readersBase, plan(predicted("undecided", 0)), report.Pass, false,
			"newosproc0 charges nothing the sum leaves out); the runtime agrees: Sys minus the sum of its parts 0 -> 0"},
		{"Go 1.26", readersGo126, plan(predicted("holds", 0)), report.Pass, false, "the runtime agrees"},
		{"readmemstats_m fixed in the runtime, not in the prediction", readersFixed, plan(predicted("broken", 0x800000, "stacks_sys")),
			report.Fail, true, "a change of +0; the readers analysis and the C model predict +8388608"},
		{"a model whose newosproc0 charges nothing", readersApplied, plan(brokenModel), report.Fail, true,
			"the prediction cannot be trusted: newosproc0(0x800000) from stacks_sys 0: the tree's code leaves it at 0x800000, the C model at 0x0"},
		{"a claim that holds, a runtime where it does not", readersApplied, plan(predicted("holds", 0)), report.Fail, true,
			"a change of +8388608; the readers analysis and the C model predict +0"},
		{"the test sums other fields", strings.Replace(readersApplied, ",OtherSys ", " ", 1), plan(predicted("broken", 0x800000, "stacks_sys")),
			report.Fail, false, "the test sums HeapSys+StackSys+MSpanSys+MCacheSys+BuckHashSys+GCSys; the analysis' claim names"},
		{"the thread never ran", strings.Replace(readersApplied, "thread=started", "thread=not-started", 1), plan(predicted("broken", 0x800000, "stacks_sys")),
			report.Fail, false, "newosproc0's thread did not start in 5s"},
		{"not asked, not run", "XADDREF readers goarch=amd64 not asked", readersPlan{pred: predicted("broken", 0x800000), skip: "why"},
			report.Skip, false, "why"},
		{"asked, not run", "XADDREF readers goarch=amd64 not asked", plan(predicted("broken", 0x800000)), report.Fail, false,
			"the test did not run newosproc0, though the kit asked it to"},
		{"run, not asked", readersApplied, readersPlan{pred: predicted("broken", 0x800000), skip: "why"}, report.Fail, false,
			"the test ran newosproc0, which the kit did not ask of it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := readersRE.FindStringSubmatch(c.line + "\n")
			r, mismatch := c.plan.row(m, "amd64", testRow("amd64"))
			if r.Status != c.status || mismatch != c.mismatch || !strings.Contains(r.Detail, c.want) {
				t.Errorf("%s (mismatch %v) %q, want %s (mismatch %v) with %q", r.Status, mismatch, r.Detail, c.status, c.mismatch, c.want)
			}
		})
	}
}

func plan(p *callers.Prediction) readersPlan { return readersPlan{pred: p, stack: callers.ReaderStack} }

// TestReadersPlan: natively the test runs newosproc0; under qemu-user only
// where its clone has every flag qemu asks of a thread, else the row is a
// skip that says which flag is missing and why that matters.
func TestReadersPlan(t *testing.T) {
	flags2015 := []string{"_CLONE_VM", "_CLONE_FS", "_CLONE_FILES", "_CLONE_SIGHAND", "_CLONE_THREAD"}
	p2015 := &callers.Prediction{Clone: callers.Clone{At: "os1_linux.go:157", Names: flags2015}}
	p119 := &callers.Prediction{Clone: callers.Clone{At: "os_linux.go:200", Names: append(flags2015, "_CLONE_SYSVSEM")}}
	amd64, _ := era.Go2015.Arch("amd64")
	arm64, _ := era.Go2015.Arch("arm64")
	if rp := planReaders(amd64, p2015); rp.stack != callers.ReaderStack || rp.skip != "" {
		t.Errorf("2015 amd64: %+v, want newosproc0 run natively", rp)
	}
	if rp := planReaders(arm64, p119); rp.stack != callers.ReaderStack || rp.skip != "" {
		t.Errorf("arm64 with _CLONE_SYSVSEM: %+v, want newosproc0 run under qemu", rp)
	}
	rp := planReaders(arm64, p2015)
	want := "newosproc0 clones with _CLONE_VM|_CLONE_FS|_CLONE_FILES|_CLONE_SIGHAND|_CLONE_THREAD (os1_linux.go:157), " +
		"without _CLONE_SYSVSEM, and qemu-aarch64 refuses a thread clone without it"
	if rp.stack != 0 || !strings.Contains(rp.skip, want) || rp.args()[1] != "0" {
		t.Errorf("2015 arm64: %+v, want a skip with %q", rp, want)
	}
}

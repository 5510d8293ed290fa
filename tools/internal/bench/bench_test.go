package bench

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"xaddref/tools/internal/memo"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// A round as the runtime's test binary prints it.
const round = `goos: linux
goarch: amd64
pkg: runtime
cpu: AMD EPYC
BenchmarkXaddrefRaw-2       	20000000	         4.000 ns/op
BenchmarkXaddrefChecked-2   	20000000	         8.000 ns/op
BenchmarkXaddrefDraw-2      	20000000	         1.500 ns/op	         1.000 isa-avx512
PASS
`

func TestParse(t *testing.T) {
	got, isa, err := parse(round)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"Raw": 4, "Checked": 8, "Draw": 1.5}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got %v, want %v", name, got[name], w)
		}
	}
	if isa != "avx512" {
		t.Errorf("isa %q, want avx512", isa)
	}
	if _, _, err := parse(strings.Replace(round, "BenchmarkXaddrefDraw-2", "BenchmarkXaddrefOther-2", 1)); err == nil {
		t.Errorf("a round without BenchmarkXaddrefDraw parsed")
	}
	if _, _, err := parse(strings.ReplaceAll(round, "	         1.000 isa-avx512", "")); err == nil {
		t.Errorf("a round that does not name the draw's batch loop parsed")
	}
}

func TestFill(t *testing.T) {
	r1, _, _ := parse(round)
	// A second and third round with a raw loop twice as fast: the ratios
	// are the medians of the rounds' own ratios.
	r2, _, _ := parse(strings.Replace(round, "4.000 ns/op", "2.000 ns/op", 1))
	r3, _, _ := parse(strings.Replace(round, "4.000 ns/op", "2.000 ns/op", 1))
	var f Figures
	f.fill([]map[string]float64{r1, r2, r3})
	cases := []struct {
		name      string
		got, want float64
	}{
		{"p1_ratio (raw over checked time)", f.P1Ratio, 0.25},
		{"p1_raw_ns_per_op", f.P1RawNsPerOp, 2},
		{"p1_checked_ops_per_second", f.P1CheckedOpsPerSecond, 1e9 / 8},
		{"p1_draw_ns_per_op", f.P1DrawNsPerOp, 1.5},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRowsGoals(t *testing.T) {
	p3 := func(cold, warm float64, coldVerdict, warmVerdict string) Figures {
		return Figures{P1Ratio: 0.6,
			P3Cold: &VerifyRun{Seconds: cold, Verdict: coldVerdict, Phases: []Phase{{Family: "gless", Rows: 47, RowSeconds: 90}}},
			P3Warm: &VerifyRun{Seconds: warm, Verdict: warmVerdict, Phases: []Phase{{Family: "gless", Rows: 47, Reused: 47}}}}
	}
	cases := []struct {
		name string
		f    Figures
		want []string // P1, draw, P3 cold, P3 warm, P3 verdicts, the phases
	}{
		{"P1 missed, both P3 goals met", p3(240, 20, "pass", "pass"),
			[]string{report.Fail, report.Info, report.Pass, report.Pass, report.Pass, report.Info, report.Info}},
		{"cold too slow", p3(241, 20, "pass", "pass"),
			[]string{report.Pass, report.Info, report.Fail, report.Pass, report.Pass, report.Info, report.Info}},
		{"warm too slow", p3(100, 21, "pass", "pass"),
			[]string{report.Pass, report.Info, report.Pass, report.Fail, report.Pass, report.Info, report.Info}},
		// The goals go by the figures; a verify that failed fails the
		// verdicts' row.
		{"cold verify failed", p3(100, 10, "fail: exit status 1, verdict FAIL: variants -/-", "pass"),
			[]string{report.Pass, report.Info, report.Pass, report.Pass, report.Fail, report.Info, report.Info}},
		{"warm verify failed", p3(100, 10, "pass", "fail: exit status 1, verdict FAIL"),
			[]string{report.Pass, report.Info, report.Pass, report.Pass, report.Fail, report.Info, report.Info}},
		{"not measured", Figures{P1Ratio: 0.6}, []string{report.Pass, report.Info, report.Skip}},
	}
	cases[0].f.P1Ratio = 0.49
	for _, c := range cases {
		rows := c.f.Rows()
		if len(rows) != len(c.want) {
			t.Fatalf("%s: %d rows, want %d", c.name, len(rows), len(c.want))
		}
		for i, r := range rows {
			if r.Status != c.want[i] {
				t.Errorf("%s: %s: %s, want %s (%s)", c.name, r.Check, r.Status, c.want[i], r.Detail)
			}
			if r.Status == report.Skip && r.Detail == "" {
				t.Errorf("%s: %s: a skip without its reason", c.name, r.Check)
			}
		}
	}
}

// fakeVerify is a verify that answers at once: it writes its arguments to
// args, a report with the verdict given to --json's file, a step to its
// log, and exits with code.
func fakeVerify(t *testing.T, code, verdict, args string) string {
	fake := filepath.Join(t.TempDir(), "xaddref")
	row := `{"check": "diff values", "goos": "linux", "goarch": "amd64", "status": "` + verdict + `", "seconds": 2}`
	script := "#!/bin/sh\n" +
		"echo \"$*\" > " + args + "\n" +
		"while [ $# -gt 0 ]; do if [ \"$1\" = --json ]; then out=$2; fi; shift; done\n" +
		"printf '{\"verdict\": \"" + verdict + "\", \"rows\": [" + row + "]}\\n' > \"$out\"\n" +
		"echo 'xaddref: gless: every port: done in 1.5s' >&2\n" +
		"exit " + code + "\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return fake
}

// P3 runs verify twice, as a user does (no --arch for all, --tree for a
// target other than the default), and reads each run's verdict and phases.
func TestMeasureVerify(t *testing.T) {
	t.Setenv("XADDREF_CACHE_DIR", t.TempDir())
	cases := []struct {
		name, code, verdict string
		want                string // the verdicts' row status, or "error"
	}{
		{"both pass", "0", "pass", report.Pass},
		{"verify fails", "1", "fail", report.Fail},
		// Exit 0 with a failing report is not taken for a pass.
		{"exit 0, report FAIL", "0", "fail", report.Fail},
		{"exit 1, report PASS", "1", "pass", report.Fail},
		{"a usage error", "2", "fail", "error"},
	}
	for _, c := range cases {
		args := filepath.Join(t.TempDir(), "args")
		var f Figures
		err := f.measureVerify(Options{VerifyArches: []string{"all"}, Self: fakeVerify(t, c.code, c.verdict, args)})
		if c.want == "error" {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if b, _ := os.ReadFile(args); !strings.HasPrefix(string(b), "verify --json ") {
			t.Errorf("%s: verify ran with %q, want no flags but --json", c.name, b)
		}
		r := f.Rows()[4]
		if r.Status != c.want {
			t.Errorf("%s: %s %s, want %s (%s)", c.name, r.Check, r.Status, c.want, r.Detail)
		}
		if c.verdict == "fail" && !strings.Contains(r.Detail, "diff values linux/amd64") {
			t.Errorf("%s: the verdicts' detail does not name the failed check: %s", c.name, r.Detail)
		}
		want := []Phase{{Family: "diff run", Rows: 1, RowSeconds: 2}, {Family: "gless", Steps: 1, StepSeconds: 1.5}}
		if got := f.P3Warm.Phases; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: phases %+v, want %+v", c.name, got, want)
		}
	}
	args := filepath.Join(t.TempDir(), "args")
	var f Figures
	tr := &tree.Info{Dir: "/some/go"}
	if err := f.measureVerify(Options{Tree: tr, VerifyArches: []string{"amd64", "arm"}, Self: fakeVerify(t, "0", "pass", args)}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(args); !strings.HasPrefix(string(b), "verify --tree /some/go --arch amd64,arm --json ") {
		t.Errorf("verify ran with %q, want --tree /some/go --arch amd64,arm", b)
	}
}

// A report's rows and a log's steps, summed by family: the suite's rows
// in two, its per-architecture steps left out, the reused rows counted,
// a step without rows a phase of its own.
func TestPhases(t *testing.T) {
	rep := &report.Report{Rows: []report.Row{
		{Check: "series state", Seconds: 0.1},
		{Check: "model: bazel test //cref/...", Seconds: 7},
		{Check: "diff build", GOARCH: "amd64", Seconds: 20},
		{Check: "diff values", GOARCH: "amd64"},
		{Check: "diff stat", GOARCH: "amd64", Seconds: 3},
		{Check: "diff build", GOARCH: "arm", Seconds: 30},
		{Check: "gless", GOOS: "linux", Detail: "a chain; " + memo.Reused},
		{Check: "gless", GOOS: "darwin", Detail: memo.Reused},
	}}
	log := `xaddref: preparing the scratch copy ...
xaddref: preparing the scratch copy: done in 4.0s
xaddref: diff linux/amd64: building the runtime's test binary: done in 20.0s
xaddref: model: bazel test //cref/...: done in 7.5s
xaddref: gless: every port: done in 0.0s
`
	want := []Phase{
		{Family: "series state", Rows: 1, RowSeconds: 0.1},
		{Family: "model", Rows: 1, RowSeconds: 7, Steps: 1, StepSeconds: 7.5},
		{Family: "diff build", Rows: 2, RowSeconds: 50},
		{Family: "diff run", Rows: 2, RowSeconds: 3},
		{Family: "gless", Rows: 2, Reused: 2, Steps: 1},
		{Family: "prepare", Steps: 1, StepSeconds: 4},
	}
	if got := phases(rep, log); !reflect.DeepEqual(got, want) {
		t.Errorf("phases:\n got %+v\nwant %+v", got, want)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{7}, 7}} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

package bench

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/report"
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
	p3 := func(ratio float64, cold, warm string) Figures {
		c, w := 400.0, 400*ratio
		return Figures{P1Ratio: 0.6, P3ColdSeconds: &c, P3WarmSeconds: &w, P3WarmOverCold: &ratio,
			P3ColdVerdict: cold, P3WarmVerdict: warm}
	}
	cases := []struct {
		name string
		f    Figures
		want []string // P1, draw, P3
	}{
		{"P1 missed, P3 too slow", p3(0.3, "pass", "pass"), []string{report.Fail, report.Info, report.Fail}},
		{"both met", p3(0.1, "pass", "pass"), []string{report.Pass, report.Info, report.Pass}},
		// A verify that fails is not a fast one: P3 fails whatever the ratio.
		{"cold verify failed", p3(0.1, "fail: exit status 1, verdict FAIL: diff values linux/amd64", "pass"),
			[]string{report.Pass, report.Info, report.Fail}},
		{"warm verify failed", p3(0.1, "pass", "fail: exit status 1, verdict FAIL"),
			[]string{report.Pass, report.Info, report.Fail}},
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

// P3 runs verify twice and passes only if both runs end PASS: a fake
// verify that answers quickly, with the exit status and the report it is
// given, stands in for the real one.
func TestMeasureVerify(t *testing.T) {
	t.Setenv("XADDREF_CACHE_DIR", t.TempDir())
	cases := []struct {
		name, code, verdict string
		want                string // the P3 row's status, or "error"
	}{
		{"both pass", "0", "pass", report.Pass},
		{"verify fails", "1", "fail", report.Fail},
		// Exit 0 with a failing report is not taken for a pass.
		{"exit 0, report FAIL", "0", "fail", report.Fail},
		{"exit 1, report PASS", "1", "pass", report.Fail},
		{"a usage error", "2", "fail", "error"},
	}
	for _, c := range cases {
		fake := filepath.Join(t.TempDir(), "xaddref")
		script := "#!/bin/sh\n" +
			"# verify --arch amd64 --json FILE\n" +
			"printf '{\"verdict\": \"" + c.verdict + "\", \"rows\": [{\"check\": \"diff values\", \"goos\": \"linux\", \"goarch\": \"amd64\", \"status\": \"" + c.verdict + "\"}]}\\n' > \"$5\"\n" +
			"exit " + c.code + "\n"
		if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		var f Figures
		err := f.measureVerify(Options{VerifyArches: []string{"amd64"}, Self: fake})
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
		// The fake answers at once: the ratio meets its goal.
		*f.P3WarmOverCold = 0.1
		r := f.Rows()[2]
		if r.Status != c.want {
			t.Errorf("%s: P3 %s, want %s (%s)", c.name, r.Status, c.want, r.Detail)
		}
		if c.verdict == "fail" && !strings.Contains(r.Detail, "diff values linux/amd64") {
			t.Errorf("%s: P3's detail does not name the failed check: %s", c.name, r.Detail)
		}
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

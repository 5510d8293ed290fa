package bench

import (
	"math"
	"strings"
	"testing"

	"xaddref/tools/internal/report"
)

// A round as the runtime's test binary prints it.
const round = `goos: linux
goarch: amd64
pkg: runtime
cpu: AMD EPYC
BenchmarkXaddrefRaw-2               	20000000	         4.000 ns/op
BenchmarkXaddrefChecked-2           	20000000	         8.000 ns/op
BenchmarkXaddrefLoop-2              	20000000	         5.000 ns/op	         4.000 loop-ns/op
BenchmarkXaddrefContended-2         	20000000	        12.00 ns/op	        10.00 loop-ns/op
BenchmarkXaddrefNative-2            	20000000	         3.000 ns/op	         3.000 loop-ns/op
BenchmarkXaddrefNativeContended-2   	20000000	        11.00 ns/op	        11.00 loop-ns/op
PASS
`

func TestParse(t *testing.T) {
	got, err := parse(round)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{
		"Raw": {4, 0}, "Checked": {8, 0}, "Loop": {5, 4}, "Contended": {12, 10},
		"Native": {3, 3}, "NativeContended": {11, 11},
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got %v, want %v", name, got[name], w)
		}
	}
	if _, err := parse(strings.Replace(round, "BenchmarkXaddrefNative-2", "BenchmarkXaddrefOther-2", 1)); err == nil {
		t.Errorf("a round without BenchmarkXaddrefNative parsed")
	}
}

func TestFill(t *testing.T) {
	r1, _ := parse(round)
	// A second and third round with a raw loop twice as fast: the ratios
	// are the medians of the rounds' own ratios.
	r2, _ := parse(strings.Replace(round, "4.000 ns/op", "2.000 ns/op", 1))
	r3, _ := parse(strings.Replace(round, "4.000 ns/op", "2.000 ns/op", 1))
	var f Figures
	f.fill([]map[string][2]float64{r1, r2, r3})
	cases := []struct {
		name      string
		got, want float64
	}{
		{"p1_ratio (raw over checked time)", f.P1Ratio, 0.25},
		{"p1_raw_ns_per_op", f.P1RawNsPerOp, 2},
		{"p1_checked_ops_per_second", f.P1CheckedOpsPerSecond, 1e9 / 8},
		{"p2_ratio (C over Go, loop-ns/op)", f.P2Ratio, 0.75},
		{"p2_ratio_contended", f.P2RatioContended, 1.1},
		{"p2_go_ns_per_op", f.P2GoNsPerOp, 4},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRowsGoals(t *testing.T) {
	cold, warm, ratio := 400.0, 120.0, 0.3
	f := Figures{P1Ratio: 0.49, P2Ratio: 1.1, P3ColdSeconds: &cold, P3WarmSeconds: &warm, P3WarmOverCold: &ratio}
	want := []string{report.Fail, report.Pass, report.Pass, report.Fail}
	rows := f.Rows()
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		if r.Status != want[i] {
			t.Errorf("%s: %s, want %s (%s)", r.Check, r.Status, want[i], r.Detail)
		}
	}
	f.P3WarmOverCold = nil
	if r := f.Rows()[3]; r.Status != report.Skip || r.Detail == "" {
		t.Errorf("P3 not measured: %+v, want a skip with its reason", r)
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

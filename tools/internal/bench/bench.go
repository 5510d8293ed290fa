// Package bench measures the kit on a target tree (the default target
// unless told otherwise; P1 on linux/amd64) and reports what it measured,
// in one run, as rows: a figure with a goal passes or fails by it, one
// without is info.
//
//   - P1: the differential check's throughput (operations the values check
//     draws afresh, runs through the runtime's Xadduintptr and checks
//     against the model, a batch per cgo call) over the throughput of a
//     plain loop of the runtime's Xadduintptr; goal at least 0.5. With it,
//     the part of the check spent drawing (info).
//   - P3: tools/xaddref verify on the target, every architecture unless
//     told otherwise, with a fresh cache directory (cold), then with the
//     same one again (warm); goals: cold at most 240 s, warm at most 20 s.
//     With each figure, its phases (the seconds of each family of
//     verify's checks, from its report's rows and its log's steps), the
//     CPU time the run took and the load average around it; and whether
//     both runs passed (verify.go).
//
// (There is no P2. It timed C11's atomic_fetch_add against the runtime's
// Xadduintptr: the same LOCK XADD on amd64, so it met its goal (C at most
// 1.1 times Go) by construction. The model itself is byte arithmetic on a
// cell, a specification that is not atomic: timing it against the
// runtime measures nothing either has to meet. What the model costs the
// check is in P1.)
//
// The benchmarks are goruntime_tests/xaddref_bench_test.go, run through
// the runtime's test binary the differential suite builds. They run in
// interleaved rounds, and each ratio is the median of the rounds' ratios,
// so that a change in the machine's load weighs on both sides alike.
//
// For users: docs/bench.md.
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// P1Goal is P1's: checked over raw throughput, at least. (P3's are in
// verify.go.)
const P1Goal = 0.5

// Options of a run.
type Options struct {
	Tree   *tree.Info // the target
	Rounds int        // interleaved rounds of the benchmarks
	Ops    int        // operations per benchmark and round
	// VerifyArches are verify's --arch for P3 (all: every architecture,
	// as verify runs with no flags); nil skips P3.
	VerifyArches []string
	// Self is the xaddref binary P3 runs.
	Self string
}

// Figures are what a run measured. Times are nanoseconds per operation
// (medians over the rounds) or seconds; ratios are medians of the rounds'.
type Figures struct {
	Target      string `json:"target"`
	Rounds      int    `json:"rounds"`
	OpsPerRound int    `json:"ops_per_benchmark_and_round"`
	LoadAverage string `json:"load_average"`

	P1Ratio               float64 `json:"p1_ratio"`
	P1RawNsPerOp          float64 `json:"p1_raw_ns_per_op"`
	P1CheckedNsPerOp      float64 `json:"p1_checked_ns_per_op"`
	P1RawOpsPerSecond     float64 `json:"p1_raw_ops_per_second"`
	P1CheckedOpsPerSecond float64 `json:"p1_checked_ops_per_second"`

	P1DrawNsPerOp float64 `json:"p1_draw_ns_per_op"`
	P1DrawISA     string  `json:"p1_draw_isa"`

	P3Command       string     `json:"p3_command,omitempty"`
	P3ColdSeconds   *float64   `json:"p3_cold_seconds,omitempty"`
	P3WarmSeconds   *float64   `json:"p3_warm_seconds,omitempty"`
	P3Cold          *VerifyRun `json:"p3_cold,omitempty"`
	P3Warm          *VerifyRun `json:"p3_warm,omitempty"`
	P3SkippedReason string     `json:"p3_skipped,omitempty"`
}

// benchmarks of goruntime_tests/xaddref_bench_test.go, each a round.
var benchmarks = []string{"Raw", "Checked", "Draw"}

var (
	benchRE = regexp.MustCompile(`(?m)^BenchmarkXaddref(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)
	isaRE   = regexp.MustCompile(`(?m)^BenchmarkXaddrefDraw\S*\s.*\s1(?:\.0+)? isa-(\w+)`)
)

// Run measures P1, and P3 unless o.VerifyArches is nil.
func Run(o Options) (*Figures, error) {
	info := o.Tree
	f := &Figures{
		Target: "linux/amd64, " + info.Describe(), Rounds: o.Rounds, OpsPerRound: o.Ops,
		LoadAverage: loadAverage(),
	}
	done := kit.Step("bench: preparing the target's runtime test binary")
	pr, err := diff.Prepare(diff.Options{Tree: info})
	if err != nil {
		return nil, err
	}
	if pr.BuildErr != "" {
		return nil, cli.Failf("bench: the target does not build: %s", pr.BuildErr)
	}
	bin, err := pr.TestBinary("amd64")
	done()
	if err != nil {
		return nil, cli.Failf("bench: %v", err)
	}
	rounds := make([]map[string]float64, 0, o.Rounds)
	pattern := "^BenchmarkXaddref(" + strings.Join(benchmarks, "|") + ")$"
	for i := 0; i < o.Rounds; i++ {
		kit.Progress("bench: round %d of %d (P1)", i+1, o.Rounds)
		r := kit.Run(filepath.Join(pr.Dir, "src", "runtime"), nil, false, bin,
			"-test.run", "^$", "-test.bench", pattern, "-test.benchtime", strconv.Itoa(o.Ops)+"x")
		if r.Err != nil {
			return nil, cli.Failf("bench: the benchmarks failed: %s", kit.Tail(r.Output, 20))
		}
		got, isa, err := parse(r.Output)
		if err != nil {
			return nil, cli.Failf("bench: %v", err)
		}
		rounds = append(rounds, got)
		f.P1DrawISA = isa
	}
	f.fill(rounds)
	if o.VerifyArches != nil {
		if err := f.measureVerify(o); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// parse reads a round's benchmark lines: per benchmark, its ns/op; and
// the copy of the batch loop the draw ran.
func parse(out string) (map[string]float64, string, error) {
	got := map[string]float64{}
	for _, m := range benchRE.FindAllStringSubmatch(out, -1) {
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return nil, "", fmt.Errorf("BenchmarkXaddref%s: %v", m[1], err)
		}
		got[m[1]] = ns
	}
	for _, b := range benchmarks {
		if _, ok := got[b]; !ok {
			return nil, "", fmt.Errorf("BenchmarkXaddref%s did not report: %s", b, kit.Tail(out, 10))
		}
	}
	m := isaRE.FindStringSubmatch(out)
	if m == nil {
		return nil, "", fmt.Errorf("BenchmarkXaddrefDraw did not name its batch loop: %s", kit.Tail(out, 10))
	}
	return got, m[1], nil
}

func (f *Figures) fill(rounds []map[string]float64) {
	series := func(fn func(r map[string]float64) float64) float64 {
		var xs []float64
		for _, r := range rounds {
			xs = append(xs, fn(r))
		}
		return median(xs)
	}
	ns := func(b string) func(map[string]float64) float64 {
		return func(r map[string]float64) float64 { return r[b] }
	}
	f.P1RawNsPerOp, f.P1CheckedNsPerOp = series(ns("Raw")), series(ns("Checked"))
	f.P1RawOpsPerSecond, f.P1CheckedOpsPerSecond = 1e9/f.P1RawNsPerOp, 1e9/f.P1CheckedNsPerOp
	f.P1DrawNsPerOp = series(ns("Draw"))
	// Throughputs: checked over raw is raw time over checked time.
	f.P1Ratio = series(func(r map[string]float64) float64 { return r["Raw"] / r["Checked"] })
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// Rows are the figures as report rows: a row per figure, passing where
// its goal holds, info where it has none.
func (f *Figures) Rows() []report.Row {
	rows := []report.Row{
		goalRow("bench P1: checked/raw throughput", fmt.Sprintf("%.2f", f.P1Ratio), f.P1Ratio >= P1Goal, ">= 0.5",
			fmt.Sprintf("checked %.2f ns/op (%.3g ops/s), raw Xadduintptr %.2f ns/op (%.3g ops/s); every operand drawn afresh",
				f.P1CheckedNsPerOp, f.P1CheckedOpsPerSecond, f.P1RawNsPerOp, f.P1RawOpsPerSecond)),
		{Check: "bench P1: draw ns per op", GOOS: "linux", GOARCH: "amd64", Status: report.Info,
			Figures: fmt.Sprintf("%.2f", f.P1DrawNsPerOp),
			Detail: fmt.Sprintf("no goal: of the checked ns/op, drawing two operands and the model's result "+
				"(the batch loop's %s copy)", f.P1DrawISA)},
	}
	rows[0].GOOS, rows[0].GOARCH = "linux", "amd64"
	return append(rows, f.p3Rows()...)
}

// goalRow is a figure with a goal: passing where it is met (ok), failing
// where it is missed; the detail says which, then detail.
func goalRow(check, figures string, ok bool, goal, detail string) report.Row {
	st, d := report.Pass, "goal "+goal+": met"
	if !ok {
		st, d = report.Fail, "goal "+goal+": missed"
	}
	return report.Row{Check: check, GOOS: "-", GOARCH: "-", Status: st, Figures: figures, Detail: d + "; " + detail}
}

// CheckArches validates verify's --arch list for P3 against the target's
// era, before any work.
func CheckArches(e *era.Era, list []string) error {
	for _, a := range list {
		if a == "all" {
			continue
		}
		if _, ok := e.Arch(a); !ok {
			var known []string
			for _, k := range e.Arches {
				known = append(known, k.GOARCH)
			}
			return cli.Usagef("--verify-arch %s: no such architecture in era %s (known: %s, or all)", a, e.Name, strings.Join(known, ","))
		}
	}
	return nil
}

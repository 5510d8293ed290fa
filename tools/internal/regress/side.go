package regress

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
)

// newSide builds the tree with the series' first k patches for a and runs
// its suite once per -test.cpu value.
func newSide(bd builder, k int, a era.Arch, c config, name string) (*side, error) {
	start := time.Now()
	bin, err := bd.build(k, a)
	if err != nil {
		return nil, err
	}
	names, err := bin.tests()
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("the test binary %s has no tests", bin.path)
	}
	builds, err := builders(bin.dir)
	if err != nil {
		return nil, err
	}
	s := &side{name: name, bin: bin, listed: map[string]bool{}, builders: builds, runs: map[int]*run{}, alone: map[cell][]*outcome{}}
	for _, n := range names {
		s.listed[n] = true
	}
	for _, cpu := range c.cpus {
		done := kit.Step("regress linux/%s %s: %d tests, -test.cpu=%d", a.GOARCH, name, len(names), cpu)
		r, err := bin.suite(cpu, c)
		done()
		if err != nil {
			return nil, err
		}
		s.runs[cpu] = r
	}
	s.secs = time.Since(start).Seconds()
	return s, nil
}

// recheck runs every test that failed, or killed its binary, on either
// side alone on each side, to tell a flake from a change: c.reruns times
// when it failed on one side only; once when on both, and c.reruns times
// after all if then it fails alone with the series only, a change that
// the base's failure in its full run would hide.
func recheck(a era.Arch, base, with *side, c config) error {
	cells, both := failedCells(base, with, c.cpus)
	if len(cells) == 0 {
		return nil
	}
	defer kit.Step("regress linux/%s: %d failed tests at a -test.cpu, each alone on each side", a.GOARCH, len(cells))()
	for _, cl := range cells {
		n := c.reruns
		if both[cl] {
			n = 1
		}
		for _, s := range []*side{base, with} {
			if err := s.runAlone(cl, n, c); err != nil {
				return err
			}
		}
		if both[cl] && base.aloneFailures(cl) == 0 && with.aloneFailures(cl) > 0 {
			for _, s := range []*side{base, with} {
				if err := s.runAlone(cl, c.reruns, c); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// failedCells lists, in order, the cells that failed on either side in
// a full run, and which of them failed on both.
func failedCells(base, with *side, cpus []int) ([]cell, map[cell]bool) {
	var cells []cell
	both := map[cell]bool{}
	for _, cpu := range cpus {
		seen := map[string]bool{}
		for _, s := range []*side{base, with} {
			for name, o := range s.runs[cpu].Tests {
				if o.failedRun() && !seen[name] {
					seen[name] = true
					cl := cell{name, cpu}
					cells = append(cells, cl)
					both[cl] = base.runs[cpu].Tests[name].failedRun() && with.runs[cpu].Tests[name].failedRun()
				}
			}
		}
	}
	sort.Slice(cells, func(i, j int) bool {
		return cells[i].name < cells[j].name || cells[i].name == cells[j].name && cells[i].cpu < cells[j].cpu
	})
	return cells, both
}

// runAlone runs the cell's test alone until it has n such runs on the side.
func (s *side) runAlone(cl cell, n int, c config) error {
	if !s.listed[cl.name] {
		return nil
	}
	start := time.Now()
	for i := len(s.alone[cl]); i < n; i++ {
		o, err := s.bin.alone(cl.name, cl.cpu, i, c)
		if err != nil {
			return err
		}
		s.alone[cl] = append(s.alone[cl], o)
	}
	s.secs += time.Since(start).Seconds()
	return nil
}

// summaryRow counts an architecture's tests and says how they ran. It
// fails when a test changed or a test of a binary never ran.
func summaryRow(a era.Arch, base, with *side, c config, t tally, secs float64) report.Row {
	row := report.Row{Check: "regress suite", GOOS: "linux", GOARCH: a.GOARCH, Status: report.Pass, Seconds: secs,
		Figures: fmt.Sprintf("%d tests run, %d compared, %d changed; %d fail on both, %d flaky, %d skipped on both, %d new",
			t.tests, t.compared, t.changed, t.both, t.flaky, t.skipped, t.added)}
	if t.changed > 0 || t.notRun > 0 {
		row.Status = report.Fail
	}
	how := "natively"
	if prefix, env := a.Launcher(); prefix != nil {
		how = "under " + strings.Join(append(env, prefix...), " ")
	}
	var cpus []string
	for _, cpu := range c.cpus {
		cpus = append(cpus, fmt.Sprint(cpu))
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("GOMAXPROCS=2 %s -test.short -test.v -test.timeout=%s, one run per -test.cpu=%s (cmd/dist/test.go:202-213), %s; "+
		"a test that failed runs alone on each side, %d times if it failed on one side only, once if on both",
		"runtime.test", c.timeout, strings.Join(cpus, ","), how, c.reruns))
	for _, s := range []*side{base, with} {
		lines = append(lines, fmt.Sprintf("%s: %.0f s, of which the copy and its test binary %.0f s; %d tests", s.name, s.secs, s.bin.built, len(s.listed)))
	}
	lines = append(lines, c.hooks)
	if t.notRun > 0 {
		lines = append(lines, fmt.Sprintf("%d tests never ran: their rows say where the binary died", t.notRun))
	}
	row.Detail = strings.Join(lines, "\n")
	return row
}

// hooksLine says which of the profile's test hooks both sides get
// (diff.RunsTree) and which they do not.
func hooksLine(p *era.Era) (string, error) {
	if p.TestHooks == "" {
		return "no test hooks", nil
	}
	h, err := series.Load(kit.Root(), p.TestHooks)
	if err != nil {
		return "", err
	}
	var on, off []string
	for _, patch := range h.Patches {
		if diff.RunsTree(patch) {
			on = append(on, patch.Name)
		} else {
			off = append(off, patch.Name)
		}
	}
	return fmt.Sprintf("test hooks on both sides: %s; left out: %s (they export names to the kit's own tests, which regress does not install)",
		strings.Join(on, ", "), strings.Join(off, ", ")), nil
}

package callers

import (
	"fmt"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/variants"
)

// ReaderStack is the stack the runs give newosproc0: the size the
// runtime's library entry passes (rt0_linux_amd64.s, MOVQ $0x800000), and
// the one the differential suite's readers check passes to the runtime's
// own newosproc0, whose charge the runs predict.
const ReaderStack = 0x800000

// A readerJob runs a function that charges the variables a sum leaves
// out, from those variables at 0.
type readerJob struct {
	pr    *PortResult
	r     *reader
	fn    string
	cells []string
	line  string
}

// newReaderJob is the run of fn(ReaderStack) on the port from cells at 0.
func newReaderJob(e *era.Era, pr *PortResult, r *reader, fn string, cells []string, id int) readerJob {
	sc := baseScenario(pr, e, fn)
	sc.N, sc.ID = ReaderStack, id
	for _, c := range cells {
		setCell(sc, c, 0)
	}
	return readerJob{pr, r, fn, cells, sc.Line()}
}

// chargersToRun: a broken sum of the port has a function to run; where
// the variants cannot extract the era's code, its reason says so instead.
func (pr *PortResult) chargersToRun(e *era.Era) bool {
	_, err := variants.ProfileNamed(e.Name)
	found := false
	for _, r := range pr.readers {
		if r.Verdict != broken || len(r.chargers) == 0 {
			continue
		}
		if err != nil {
			r.Why += "; not run: the variants cannot extract this era's code yet (" + err.Error() + ")"
			continue
		}
		found = true
	}
	return found
}

// runReaders runs, for every broken sum, each function that charges the
// variable the sum leaves out where the host can run it (newosproc0), from
// the variable at 0: on the tree, on the tree before the commit, and
// through the C model, which must agree with the tree. What the variable
// holds after is what the total counts and its parts do not.
func runReaders(e *era.Era, prof *variants.Profile, h, before *host, model *variants.Model, live []*PortResult, opts Options) error {
	roots := rootSet(prof)
	var jobs []readerJob
	for _, pr := range live {
		for _, r := range pr.readers {
			for _, fn := range r.chargers {
				if r.Verdict != broken || !roots[fn] || pr.instance == "" || pr.Err != "" {
					continue
				}
				jobs = append(jobs, newReaderJob(e, pr, r, fn, []string{r.cell}, len(jobs)))
			}
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	opts.logf("running %d function(s) that charge what a reader leaves out", len(jobs))
	runs, err := runReaderJobs(jobs, h, before, model)
	if err != nil {
		return err
	}
	for i, j := range jobs {
		j.judge(runs["tree"][i], runs["model"][i], at(runs["before"], i))
	}
	return nil
}

func rootSet(prof *variants.Profile) map[string]bool {
	roots := map[string]bool{}
	for _, r := range prof.Roots {
		roots[r.Name] = true
	}
	return roots
}

// runReaderJobs runs the jobs' lines on the tree's host ("tree"), the C
// model ("model") and, given one, the tree before the commit ("before"):
// their traces, in the jobs' order.
func runReaderJobs(jobs []readerJob, h, before *host, model *variants.Model) (map[string][]string, error) {
	var lines []string
	for _, j := range jobs {
		lines = append(lines, j.line)
	}
	runs := map[string][]string{}
	for name, r := range map[string]*variants.Runner{"tree": h.runner, "model": model.Runner} {
		out, err := runLines(r, lines)
		if err != nil {
			return nil, err
		}
		runs[name] = out
	}
	if before != nil {
		out, err := runLines(before.runner, lines)
		if err != nil {
			return nil, fmt.Errorf("the tree before the commit: %v", err)
		}
		runs["before"] = out
	}
	return runs, nil
}

func at(s []string, i int) string {
	if s == nil {
		return ""
	}
	return s[i]
}

// judge adds what the run shows to the reader's reason, or fails the
// port where the tree's code and the C model disagree.
func (j readerJob) judge(tree, model, before string) {
	be := j.pr.arch.BE
	got, err := cellAfter(tree, j.r.cell, be)
	if err != nil {
		j.pr.fail("%s, run for %s's reader: %v", j.fn, j.r.Function, err)
		return
	}
	want, err := cellAfter(model, j.r.cell, be)
	if err != nil || want != got {
		j.pr.fail("%s from %s 0: the tree's code leaves it at %#x, the C model at %#x (%v; scenario: %s)", j.fn, j.r.cell,
			got, want, err, j.line)
		return
	}
	j.r.Why += fmt.Sprintf("; run on the host from %s 0, the tree's %s(%#x) leaves it at %#x, as the C model does",
		j.r.cell, j.fn, uint64(ReaderStack), got)
	if before != "" {
		if b, err := cellAfter(before, j.r.cell, be); err == nil {
			j.r.Why += fmt.Sprintf(" (before the commit: at %#x)", b)
		}
	}
}

// cellAfter is a cell's value at the end of a traced run.
func cellAfter(trace, cell string, be bool) (uint64, error) {
	r, err := parseRun(trace)
	if err != nil {
		return 0, err
	}
	v, ok := cellValue(r.cells[cell], be)
	if !ok {
		return 0, fmt.Errorf("the run shows no cell %s (outcome %s)", cell, r.outcome)
	}
	return v, nil
}

// setCell starts the scenario's cell of that name at v: stacks_sys and
// other_sys have cells of their own, any other stat is the stat cell.
func setCell(sc *variants.Scenario, cell string, v uint64) {
	switch cell {
	case "stacks_sys":
		sc.Stacks = v
	case "other_sys":
		sc.Other = v
	default:
		sc.Stat = v
	}
}

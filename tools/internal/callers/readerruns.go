package callers

import (
	"fmt"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/variants"
)

// readerStack is the stack the runs give newosproc0: the size the
// runtime's library entry passes (rt0_linux_amd64.s, MOVQ $0x800000).
const readerStack = 0x800000

// A readerJob runs a function that charges the variable a broken sum
// leaves out, from that variable at 0.
type readerJob struct {
	pr   *PortResult
	r    *reader
	fn   string
	line string
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
	roots := map[string]bool{}
	for _, r := range prof.Roots {
		roots[r.Name] = true
	}
	var jobs []readerJob
	for _, pr := range live {
		for _, r := range pr.readers {
			for _, fn := range r.chargers {
				if r.Verdict != broken || !roots[fn] || pr.instance == "" || pr.Err != "" {
					continue
				}
				sc := baseScenario(pr, e, fn)
				sc.N, sc.ID = readerStack, len(jobs)
				setCell(sc, r.cell, 0)
				jobs = append(jobs, readerJob{pr, r, fn, sc.Line()})
			}
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	opts.logf("running %d function(s) that charge what a reader leaves out", len(jobs))
	var lines []string
	for _, j := range jobs {
		lines = append(lines, j.line)
	}
	runs := map[string][]string{}
	for name, r := range map[string]*variants.Runner{"tree": h.runner, "model": model.Runner} {
		out, err := runLines(r, lines)
		if err != nil {
			return err
		}
		runs[name] = out
	}
	if before != nil {
		out, err := runLines(before.runner, lines)
		if err != nil {
			return fmt.Errorf("the tree before the commit: %v", err)
		}
		runs["before"] = out
	}
	for i, j := range jobs {
		j.judge(runs["tree"][i], runs["model"][i], at(runs["before"], i))
	}
	return nil
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
		j.r.cell, j.fn, uint64(readerStack), got)
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

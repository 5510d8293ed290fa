package callers

import (
	"fmt"
	"xaddref/tools/internal/era"

	"xaddref/tools/internal/variants"
)

// confirm runs, for every finding, the stat function the run ended in
// through the C model (//cref:variants) from the same stat and amount: the
// model is the one source of truth for the message, so the bytes the
// tree's code wrote must be the model's, or the port fails.
func confirm(e *era.Era, model *variants.Model, ports []*PortResult, opts Options) error {
	type check struct {
		pr *PortResult
		f  *Finding
	}
	var checks []check
	var lines []string
	for _, pr := range ports {
		for _, f := range pr.Findings {
			sc, err := modelScenario(e, pr, f)
			if err != nil {
				pr.fail("%s: %v", f.Where(), err)
				continue
			}
			sc.ID = len(lines)
			lines = append(lines, sc.Line())
			checks = append(checks, check{pr, f})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	opts.logf("checking %d finding(s) against the C model", len(lines))
	traces, err := runLines(model.Runner, lines)
	if err != nil {
		return err
	}
	for i, c := range checks {
		m, err := parseRun(traces[i])
		if err != nil {
			c.pr.fail("the C model on %s: %v", c.f.Where(), err)
			continue
		}
		if m.outcome != c.f.run.outcome || m.stderr != c.f.Message {
			c.pr.fail("%s %s: the tree's code ends with %s and writes %q; the C model, from the same stat and amount, ends with %s and writes %q (scenario: %s)",
				c.f.Where(), c.f.Function, c.f.run.outcome, c.f.Message, m.outcome, m.stderr, lines[i])
			continue
		}
		c.f.Model = "the C model, from the same stat and amount, ends the same way with the same bytes: " + lines[i]
	}
	return nil
}

// modelScenario is the model's scenario for the stat function a finding's
// run ended in: sysFree (sysAlloc, sysMap) of the port's variant with the
// stat and the amount it was called with.
func modelScenario(e *era.Era, pr *PortResult, f *Finding) (*variants.Scenario, error) {
	if f.Static {
		sc := *f.sc
		return &sc, nil
	}
	c := f.outer
	sf := e.Ledger.StatFunc(c.name, "")
	if sf == nil || sf.Stat < 0 {
		return nil, fmt.Errorf("the run ended in %s, which the C model does not run alone", c.name)
	}
	_, before, _, n, ok := statArg(e, c, pr.arch.BE)
	if !ok {
		return nil, fmt.Errorf("cannot read the arguments of %s at %s", c.name, c.at)
	}
	sc := baseScenario(pr, e, c.name)
	sc.Stat, sc.N = before, n
	if c.name != "sysAlloc" {
		if v, ok := num(c.arg(0)); ok {
			sc.V = v
		}
	}
	if c.name == "sysMap" && sf.Stat == 3 {
		sc.Reserved = c.arg(2) == "true"
	}
	return sc, nil
}

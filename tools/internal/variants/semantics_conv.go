package variants

import (
	"fmt"

	"xaddref/tools/internal/osconv"
)

// A convFinding is what a 2015 port's OS conventions make 6ad33be's code
// do where they are not the ones it tests for.
type convFinding struct {
	port    string   // goos/goarch
	facts   []string // "mmap failure -errno (derived)"
	effects []convEffect
}

// A convEffect is one probe whose run on the port's conventions differs
// from its run on the ones the code expects: what each does, and the line
// where the two runs part, with the way its condition goes in each.
type convEffect struct {
	probe, got, want string
	line             siteLine
	wantBr           int8
}

// convFindings runs 6ad33be's code (e's host) on each port of its table
// whose conventions are not the ones the code tests for, and on the ones
// it expects, and returns where they part.
func convFindings(e *semEra, arches []Arch) ([]convFinding, error) {
	var out []convFinding
	for _, p := range e.table.Ports {
		a, ok := archNamed(arches, p.GOARCH)
		if !ok || !hasVariant(p.GOOS) {
			continue
		}
		effects, err := convEffects(e, p, a)
		if err != nil {
			return nil, err
		}
		if len(effects) > 0 {
			out = append(out, convFinding{port: p.Name(), facts: failureFacts(p), effects: effects})
		}
	}
	return out, nil
}

// convEffects runs the probes on port p's conventions and on the ones the
// code expects, through e's code.
func convEffects(e *semEra, p *osconv.Port, a Arch) ([]convEffect, error) {
	ref := p
	for fact, v := range expected {
		if p.Value(fact) != "" && p.Value(fact) != v {
			ref = ref.With(fact, v)
		}
	}
	if ref == p {
		return nil, nil
	}
	var lines []string
	var scs []*Scenario
	var used []probe
	for _, pr := range probes {
		if p.Value(pr.fact) == "" || (pr.fact == osconv.MincoreFailure && p.GOOS != "linux") {
			continue
		}
		sc, l := probeLine(p, a, pr, p.ScenarioFields())
		_, r := probeLine(ref, a, pr, ref.ScenarioFields())
		lines = append(lines, l, r)
		scs = append(scs, sc)
		used = append(used, pr)
	}
	traces, err := e.host.Run(lines)
	if err != nil {
		return nil, err
	}
	var out []convEffect
	sim := newSimCache()
	for i, pr := range used {
		sc := scs[i]
		gp, wp := parsePath(traces[2*i], sc, e.ex.sites), parsePath(traces[2*i+1], sc, e.ex.sites)
		got, want := summarize(traces[2*i], sc), summarize(traces[2*i+1], sc)
		if got == want {
			continue
		}
		what := pr.fn
		if pr.fn == "sysMap" {
			what += map[bool]string{true: " (v reserved)", false: " (v not reserved)"}[pr.reserved]
		}
		withCalls := got.outcome == want.outcome
		ef := convEffect{probe: what + ", " + scriptWords(pr.script), got: compactEffect(got.brief(withCalls)),
			want: compactEffect(want.brief(withCalls)), wantBr: -1}
		if fs := explain(gp, wp, sim.align(gp.steps, wp.steps), got, want); len(fs) > 0 {
			// Both runs are of one tree: the line is the port's run's, the
			// other the same line as the code expects it to go.
			ef.line = fs[0].line
			if fs[0].side == 1 && fs[0].other != nil {
				ef.line = *fs[0].other
			}
			if fs[0].other != nil && fs[0].other.Site == ef.line.Site {
				ef.wantBr = fs[0].other.Br
			}
			if fs[0].side == 1 {
				ef.wantBr = fs[0].line.Br
			}
		}
		out = append(out, ef)
	}
	return out, nil
}

func archNamed(arches []Arch, name string) (Arch, bool) {
	for _, a := range arches {
		if a.Name == name {
			return a, true
		}
	}
	return Arch{}, false
}

func (ef convEffect) String() string {
	s := fmt.Sprintf("%s: %s (expected: %s)", ef.probe, ef.got, ef.want)
	if ef.line.Site != "" {
		s += fmt.Sprintf("; %s %s%s", ef.line.Site, ef.line.Text, brWords(ef.line.Br))
		if ef.wantBr >= 0 && ef.wantBr != ef.line.Br {
			s += ", expected" + brWords(ef.wantBr)
		}
	}
	return s
}

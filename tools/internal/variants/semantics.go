package variants

import (
	"fmt"
	"math/rand"

	"xaddref/tools/internal/osconv"
)

// A semRow is one way the two profiles' models behave differently.
type semRow struct {
	ordinary       bool // with ordinary stat values (else next to a boundary, or random)
	file, goos, fn string
	results        string // the scripted OS results
	input          string // an input that chose the path: sysMap's reserved, plan9's break
	arches         string // the architecture classes it happens on
	example        string // one scenario's stat and n
	old, new       string // 6ad33be's and Go 1.19's behaviour
	scenarios      int
}

// SemResult is the semantics comparison.
type SemResult struct {
	seed      int64
	scenarios int // pairs of runs compared
	same      int
	rows      []semRow
	// Findings are the 2015 ports whose OS conventions are not the ones
	// 6ad33be's code tests for, and what they make it do.
	findings []portFinding
	// Conventions are the two eras' tables the scenarios ran on.
	conventions []*osconv.Table
}

// Semantics runs the 6ad33be and Go 1.19 models over the same scenarios and
// returns where they behave differently: the table comes from the runs.
func Semantics(opts Options) (*SemResult, error) {
	opts.defaults(1)
	model, err := opts.modelFor("semantics")
	if err != nil {
		return nil, err
	}
	old, cur := profile6ad33be, profileGo119
	for _, p := range []*Profile{old, cur} {
		if opts.Tables[p.Name] == nil {
			return nil, fmt.Errorf("no OS conventions of profile %s: give its tree", p.Name)
		}
	}
	arches, err := opts.archesOf(model)
	if err != nil {
		return nil, err
	}
	targets := semTargets(old, cur, opts.Tables, arches)
	if len(targets[old.Name]) == 0 {
		return nil, fmt.Errorf("the two eras share no port on the architectures of the run")
	}
	scripts, err := semScripts(old, cur, targets, model)
	if err != nil {
		return nil, err
	}
	scs := generate("", targets[old.Name], scripts, rand.New(rand.NewSource(opts.Seed)), opts.randoms())
	ot, nt, err := runBoth(scs, old, cur, targets, model)
	if err != nil {
		return nil, err
	}
	opts.logf("semantics: %d scenarios through both models, seed %d", len(scs), opts.Seed)
	res := &SemResult{seed: opts.Seed, conventions: []*osconv.Table{opts.Tables[old.Name], opts.Tables[cur.Name]}}
	if res.findings, err = conventionFindings(opts.Tables[old.Name], model); err != nil {
		return nil, err
	}
	res.rows = semRows(res.group(scs, ot, nt), arches, old, cur)
	return res, nil
}

// semTargets are the ports both eras have, each with each era's
// conventions: the same scenario runs in each era on the port as that era
// has it. The functions are old's that cur has too.
func semTargets(old, cur *Profile, tables map[string]*osconv.Table, arches []Arch) map[string][]target {
	curRoots := map[string]bool{}
	for _, r := range cur.Roots {
		curRoots[r.Name] = true
	}
	targets := map[string][]target{}
	for _, v := range old.Variants {
		for _, g := range old.modelGOOS[v] {
			if !contains(cur.modelGOOS[v], g) {
				continue
			}
			for _, po := range tables[old.Name].PortsOf(g) {
				pc := tables[cur.Name].Port(po.GOOS, po.GOARCH)
				if pc == nil || !hasArch(arches, po.GOARCH) {
					continue
				}
				a := arches[0]
				for _, x := range arches {
					if x.Name == po.GOARCH {
						a = x
					}
				}
				for _, r := range old.Roots {
					if curRoots[r.Name] {
						targets[old.Name] = append(targets[old.Name], target{variant: v, goos: g, fn: r.Name, arch: a, conv: po.ScenarioFields()})
						targets[cur.Name] = append(targets[cur.Name], target{variant: v, goos: g, fn: r.Name, arch: a, conv: pc.ScenarioFields()})
					}
				}
			}
		}
	}
	return targets
}

// semScripts are the scripts exploration finds in each era, both eras'
// under old's targets.
func semScripts(old, cur *Profile, targets map[string][]target, model *Model) (map[target][][]Step, error) {
	scripts := map[target][][]Step{}
	for _, p := range []*Profile{old, cur} {
		s, err := explore(p.Name, targets[p.Name], model.Runner.Run)
		if err != nil {
			return nil, err
		}
		for i, t := range targets[p.Name] {
			key := targets[old.Name][i]
			have := map[string]bool{}
			for _, x := range scripts[key] {
				have[scriptKey(x)] = true
			}
			for _, x := range s[t] {
				if !have[scriptKey(x)] {
					scripts[key] = append(scripts[key], x)
				}
			}
		}
	}
	return scripts, nil
}

// runBoth runs the scenarios through each era's model, each on the port's
// conventions in that era.
func runBoth(scs []*Scenario, old, cur *Profile, targets map[string][]target, model *Model) (ot, nt []string, err error) {
	conv := map[string]map[string]string{}
	for _, p := range []*Profile{old, cur} {
		conv[p.Name] = map[string]string{}
		for _, t := range targets[p.Name] {
			conv[p.Name][t.goos+"/"+t.arch.Name] = t.conv
		}
	}
	run := func(p *Profile) ([]string, error) {
		lines := make([]string, len(scs))
		for i, sc := range scs {
			sc.Profile, sc.Conv = p.Name, conv[p.Name][sc.GOOS+"/"+sc.Arch.Name]
			lines[i] = sc.Line()
		}
		return model.Runner.Run(lines)
	}
	if ot, err = run(old); err != nil {
		return nil, nil, err
	}
	nt, err = run(cur)
	return ot, nt, err
}

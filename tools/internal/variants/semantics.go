package variants

import (
	"fmt"
	"math/rand"
	"strings"

	"xaddref/tools/internal/osconv"
)

// A semRow is one way two eras' runs of the same scenarios differ (-v).
type semRow struct {
	ordinary       bool // with ordinary stat values (else next to a boundary, or random)
	file, goos, fn string
	results        string // the scripted OS results
	input          string // an input that chose the path: sysMap's reserved, plan9's break
	arches         string // the architecture classes it happens on
	example        string // one scenario's stat and n
	old, new       string // the older era's and the newer one's behaviour
	scenarios      int
}

// SemResult is the semantics comparison: a step per pair of consecutive
// eras.
type SemResult struct {
	// Command is how a user reran this comparison ("tools/xaddref
	// semantics --tree DIR"): an example's command starts with it.
	Command string
	seed    int64
	random  int // random scenarios per GOOS and function (-1: none)
	steps   []*semStep
	// Findings are the 2015 ports whose OS conventions are not the ones
	// 6ad33be's code tests for, and what they make it do.
	findings []convFinding
	// Conventions are the eras' tables the scenarios ran on.
	conventions []*osconv.Table
}

// A semStep compares an era with the next: the same scenarios through the
// code of each.
type semStep struct {
	old, cur  string // the profiles' names
	scenarios int    // pairs of runs compared
	same      int
	rows      []semRow
	causes    []*cause
	// modelDiffers counts the scenarios where the C model's trace is not
	// the tree's code's (tools/xaddref variants says which).
	modelDiffers map[string]int
	// scs and traces keep the runs, for an example's paths (by scenario
	// ID); sites are the eras' sites.
	scs    []*Scenario
	traces [2][]string
	sites  [2]map[string]siteText
	convs  [2]map[string]string // each era's conventions, by goos/goarch
}

// A semEra is one era's side of the comparison: its profile, tree,
// conventions and host program, which writes site lines.
type semEra struct {
	prof  *Profile
	table *osconv.Table
	ex    *Extraction
	host  *Runner
}

// Semantics runs consecutive eras' code (opts.Profiles, each on its tree
// in opts.Trees) over the same scenarios and returns where they behave
// differently, each difference with its cause: the lines of the two trees
// where the runs part.
func Semantics(opts Options) (*SemResult, error) {
	opts.defaults(1)
	model, err := opts.modelFor("semantics")
	if err != nil {
		return nil, err
	}
	arches, err := opts.archesOf(model)
	if err != nil {
		return nil, err
	}
	profs := opts.Profiles
	if profs == nil {
		profs = profiles
	}
	if len(profs) < 2 {
		return nil, fmt.Errorf("semantics compares two eras or more; given %d", len(profs))
	}
	res := &SemResult{seed: opts.Seed, random: opts.Random}
	var eras []*semEra
	for _, p := range profs {
		e, err := opts.semEra(p)
		if err != nil {
			return nil, err
		}
		eras = append(eras, e)
		res.conventions = append(res.conventions, e.table)
		if p == profile6ad33be {
			if res.findings, err = convFindings(e, arches); err != nil {
				return nil, err
			}
		}
	}
	for i := 0; i+1 < len(eras); i++ {
		st, err := compareEras(eras[i], eras[i+1], model, arches, &opts)
		if err != nil {
			return nil, err
		}
		res.steps = append(res.steps, st)
	}
	return res, nil
}

// semEra extracts p's era from its tree, with its conventions.
func (o *Options) semEra(p *Profile) (*semEra, error) {
	dir, table := o.Trees[p.Name], o.Tables[p.Name]
	if dir == "" || table == nil {
		return nil, fmt.Errorf("no tree and OS conventions of era %s: give its tree", p.Name)
	}
	o.logf("semantics: extracting from %s (profile %s)", dir, p.Name)
	ex, err := Extract(dir, p, table)
	if err != nil {
		return nil, fmt.Errorf("extracting the variants of %s: %v", dir, err)
	}
	bin, err := ex.Build()
	if err != nil {
		return nil, err
	}
	host := HostRunner(bin)
	host.env = append(host.env, sitesEnv)
	return &semEra{prof: p, table: table, ex: ex, host: host}, nil
}

// compareEras runs the scenarios of the ports and functions both eras
// have through each era's code, on the port's conventions in that era.
func compareEras(old, cur *semEra, model *Model, arches []Arch, opts *Options) (*semStep, error) {
	targets := semTargets(old.prof, cur.prof, map[string]*osconv.Table{old.prof.Name: old.table, cur.prof.Name: cur.table}, arches)
	if len(targets[old.prof.Name]) == 0 {
		return nil, fmt.Errorf("%s and %s share no port on the architectures of the run", old.prof.Name, cur.prof.Name)
	}
	scripts, err := semScripts(old, cur, targets)
	if err != nil {
		return nil, err
	}
	scs := generate("", targets[old.prof.Name], scripts, rand.New(rand.NewSource(opts.Seed)), opts.randoms())
	st := &semStep{old: old.prof.Name, cur: cur.prof.Name, scs: scs, modelDiffers: map[string]int{},
		sites: [2]map[string]siteText{old.ex.sites, cur.ex.sites}}
	for k, e := range []*semEra{old, cur} {
		st.convs[k] = map[string]string{}
		for _, t := range targets[e.prof.Name] {
			st.convs[k][t.goos+"/"+t.arch.Name] = t.conv
		}
		traces, err := runEra(scs, e, st.convs[k], model, st)
		if err != nil {
			return nil, err
		}
		st.traces[k] = traces
	}
	opts.logf("semantics: %s -> %s: %d scenarios through both eras' code, seed %d", old.prof.Name, cur.prof.Name, len(scs), opts.Seed)
	st.compare(old, cur, arches)
	return st, nil
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

// semScripts are the scripts exploration finds in each era's code, both
// eras' under old's targets.
func semScripts(old, cur *semEra, targets map[string][]target) (map[target][][]Step, error) {
	scripts := map[target][][]Step{}
	for _, e := range []*semEra{old, cur} {
		s, err := explore(e.prof.Name, targets[e.prof.Name], e.host.Run)
		if err != nil {
			return nil, err
		}
		for i, t := range targets[e.prof.Name] {
			key := targets[old.prof.Name][i]
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

// runEra runs the scenarios through e's code, each on its port's
// conventions in e, a batch at a time, and through the C model, counting
// in st where the model's trace is not the code's.
func runEra(scs []*Scenario, e *semEra, conv map[string]string, model *Model, st *semStep) ([]string, error) {
	lines := make([]string, len(scs))
	for i, sc := range scs {
		sc.Profile, sc.Conv = e.prof.Name, conv[sc.GOOS+"/"+sc.Arch.Name]
		lines[i] = sc.Line()
	}
	var out []string
	for lo := 0; lo < len(lines); lo += batch {
		hi := min(lo+batch, len(lines))
		ht, err := e.host.Run(lines[lo:hi])
		if err != nil {
			return nil, err
		}
		mt, err := model.Runner.Run(lines[lo:hi])
		if err != nil {
			return nil, err
		}
		for i := range ht {
			// (Where the function is missing, each says so in its words.)
			unsupported := strings.Contains(mt[i], "\noutcome unsupported")
			if !unsupported && parsePath(ht[i], scs[lo+i], nil).plain != mt[i] {
				st.modelDiffers[e.prof.Name]++
			}
		}
		out = append(out, ht...)
	}
	return out, nil
}

// Profiles are the eras the variants know, oldest first: Semantics
// compares each with the next.
func Profiles() []*Profile { return append([]*Profile{}, profiles...) }

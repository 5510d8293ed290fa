package gless

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// defaultRoots are checked on every target; newosproc0 only where it
// exists.
var defaultRoots = []string{"sysAlloc", "sysFree", "newosproc0"}

// Chain is a call chain from a root to a function that fails the check.
type Chain struct {
	Root   string
	Steps  []string // function names, root first; "alias=symbol" for a linkname alias
	Reason string   // why the last function fails
	// For a note: why the path does not count (the program ends after
	// it, or it runs only with runtime/cgo linked), and the kind.
	Why  string
	Kind string // "fail", "ends", "cgo"
	key  string // a note's path-ending call: notes through one call are one note
	// where is the call that makes a note one; for a failure, the last
	// call on the chain written in the sources (the root, for a chain of
	// one).
	where string
}

// String is "root -> ... -> callee".
func (c Chain) String() string { return strings.Join(c.Steps, " -> ") }

// Result is the check on one target.
type Result struct {
	Port   era.Port
	Status string  // report.Pass, report.Fail or report.Skip
	Skip   string  // why it was skipped
	Chain  *Chain  // the shortest failing chain, nil if none
	Chains []Chain // each root's shortest failing chain
	// Failures: a shortest chain to each function that fails.
	Failures []Chain
	Split    []string // roots that are not nosplit themselves
	Roots    []string // roots found, with positions
	Missing  []string // roots asked for that this target does not have
	Notes    []Chain
	// Calls on reached paths that were not followed (through function
	// values or interfaces, or with an unknown receiver), and functions
	// reached that have no body in the packages read.
	Unfollowed []string
	Reached    int
	Finding    Finding
	Seconds    float64
}

// Options tune Analyze.
type Options struct {
	Roots   []string // roots in addition to defaultRoots
	Workers int      // targets analysed at once (default: the CPUs)
}

// Analyze checks every target of the tree at dir.
func Analyze(dir string, targets []era.Port, opt Options) []Result {
	l := tree.Load(dir)
	out := make([]Result, len(targets))
	kit.Each(len(targets), opt.Workers, func(i int) {
		kit.OnCPU(func() { out[i] = analyzeTarget(l, targets[i], opt.Roots) })
	})
	return out
}

func analyzeTarget(l *tree.Source, t era.Port, extra []string) (r Result) {
	start := time.Now()
	r.Port = t
	defer func() { r.Seconds = time.Since(start).Seconds() }()
	g, err := callgraph.Of(l, t)
	if err != nil {
		r.Status, r.Skip = report.Skip, err.Error()
		return r
	}
	roots := r.roots(g, extra)
	if len(roots) == 0 {
		r.Status, r.Skip = report.Skip, "none of the roots exists for this target: "+strings.Join(r.Missing, ", ")
		return r
	}
	searches := make([]searchResult, len(roots))
	for i, root := range roots {
		searches[i] = search(root, nil)
	}
	r.explain(roots, searches)
	r.Status = report.Pass
	if r.Chain != nil || len(r.Split) > 0 {
		r.Status = report.Fail
	}
	r.Finding = finding(g, roots, searches)
	return r
}

// roots finds the default roots and extra in g, each once; a root that
// is not nosplit itself is listed in Split.
func (r *Result) roots(g *callgraph.Graph, extra []string) []*callgraph.Func {
	var roots []*callgraph.Func
	seen := map[*callgraph.Func]bool{}
	for i, name := range append(append([]string{}, defaultRoots...), extra...) {
		f := g.Lookup(name)
		if f == nil || f.Decl == nil && f.Asm == nil {
			if i >= len(defaultRoots) || name != "newosproc0" {
				r.Missing = append(r.Missing, name)
			}
			continue
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		roots = append(roots, f)
		r.Roots = append(r.Roots, fmt.Sprintf("%s (%s)", f.Name, f.Pos()))
		if ok, why := f.Nosplit(); !ok {
			r.Split = append(r.Split, fmt.Sprintf("%s (%s: %s)", f.Name, f.Pos(), why))
		}
	}
	return roots
}

// explain turns the searches' failing nodes and notes into chains: the
// failures (one per function), each root's shortest chain, the notes (one
// per call that makes them notes), and what was not followed.
func (r *Result) explain(roots []*callgraph.Func, searches []searchResult) {
	reached := map[*callgraph.Func]bool{}
	noteSeen := map[string]bool{}
	failSeen := map[*callgraph.Func]bool{}
	unf := map[string]bool{}
	for i, s := range searches {
		root := roots[i]
		for f := range s.reached {
			reached[f] = true
		}
		if s.fail != nil {
			r.Chains = append(r.Chains, s.fail.chain(root))
		}
		for _, n := range s.fails {
			if !failSeen[n.f] {
				failSeen[n.f] = true
				r.Failures = append(r.Failures, n.chain(root))
			}
		}
		for _, n := range s.notes {
			if c := n.chain(root); !noteSeen[c.key] {
				noteSeen[c.key] = true
				r.Notes = append(r.Notes, c)
			}
		}
		for _, u := range s.unfollowed {
			unf[u] = true
		}
	}
	for u := range unf {
		r.Unfollowed = append(r.Unfollowed, u)
	}
	sort.Strings(r.Unfollowed)
	r.Reached = len(reached)
	for i := range r.Chains {
		if r.Chain == nil || len(r.Chains[i].Steps) < len(r.Chain.Steps) {
			r.Chain = &r.Chains[i]
		}
	}
}

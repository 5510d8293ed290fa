package gless

import (
	"fmt"
	"go/ast"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// DefaultRoots are checked on every target; newosproc0 only where it
// exists.
var DefaultRoots = []string{"sysAlloc", "sysFree", "newosproc0"}

// statUpdaters are the system-stat updates 6ad33be changed (xadd64 ->
// mSysStatInc/Dec -> xadduintptr) and their Go 1.19 successors. The OS
// layer finding leaves calls of them out, to see what the OS layer needs
// whatever the stat update does.
var statUpdaters = map[string]bool{
	"xadd64": true, "xadduintptr": true, "mSysStatInc": true, "mSysStatDec": true,
	"(*sysMemStat).add": true, "atomic.Xadd64": true, "atomic.(*Uint64).Add": true,
}

// intrinsics have no body: the compiler expands them in place.
var intrinsics = map[string]bool{
	"getg": true, "getcallerpc": true, "getcallersp": true, "getclosureptr": true,
	"abi.FuncPCABI0": true, "abi.FuncPCABIInternal": true,
}

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

// Finding is, for sysAlloc and sysFree each, who calls it without a G
// on this target and what its OS layer needs.
type Finding struct {
	Roots []RootFinding
}

// RootFinding is the finding for one root.
type RootFinding struct {
	Root string
	// Caller names the function that calls the root with no G
	// (newosproc0) and where that is called from; "" if there is none,
	// and NoCaller says why.
	Caller   string
	NoCaller string
	// OSLayer is the shortest failing chain from the root with the stat
	// updates left out (nil if the OS layer needs no G). The root's own
	// //go:nosplit, which 6ad33be adds, is not part of it.
	OSLayer *Chain
	// Comments: where "may be invoked without a valid G" is written, on
	// the root or a function it reaches.
	Comments []string
}

// Options tune Analyze.
type Options struct {
	Roots   []string // roots in addition to DefaultRoots
	Workers int      // targets analysed at once (default: the CPUs)
}

// Analyze checks every target of the tree at dir.
func Analyze(dir string, targets []era.Port, opt Options) []Result {
	l := tree.Load(dir)
	out := make([]Result, len(targets))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var wg sync.WaitGroup
	ch := make(chan int)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				out[i] = analyzeTarget(l, targets[i], opt.Roots)
			}
		}()
	}
	for i := range targets {
		ch <- i
	}
	close(ch)
	wg.Wait()
	return out
}

func analyzeTarget(l *tree.Source, t era.Port, extra []string) (r Result) {
	start := time.Now()
	r.Port = t
	defer func() { r.Seconds = time.Since(start).Seconds() }()
	p, err := newProgram(l, t)
	if err != nil {
		r.Status, r.Skip = report.Skip, err.Error()
		return r
	}
	var roots []*fn
	seen := map[*fn]bool{}
	for i, name := range append(append([]string{}, DefaultRoots...), extra...) {
		f := p.lookup(name)
		if f == nil || f.decl == nil && f.asm == nil {
			if i >= len(DefaultRoots) || name != "newosproc0" {
				r.Missing = append(r.Missing, name)
			}
			continue
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		roots = append(roots, f)
		p.analyze(f)
		r.Roots = append(r.Roots, fmt.Sprintf("%s (%s)", f.display, f.pos()))
		if !f.nosplit {
			r.Split = append(r.Split, fmt.Sprintf("%s (%s: %s)", f.display, f.pos(), f.nosplitWhy))
		}
	}
	if len(roots) == 0 {
		r.Status, r.Skip = report.Skip, "none of the roots exists for this target: "+strings.Join(r.Missing, ", ")
		return r
	}
	reached := map[*fn]bool{}
	noteSeen := map[string]bool{}
	failSeen := map[*fn]bool{}
	unf := map[string]bool{}
	for _, root := range roots {
		s := p.search(root, nil)
		for f := range s.reached {
			reached[f] = true
		}
		if s.fail != nil {
			r.Chains = append(r.Chains, s.fail.chain(root))
		}
		for _, n := range s.fails {
			if c := n.chain(root); !failSeen[n.f] {
				failSeen[n.f] = true
				r.Failures = append(r.Failures, c)
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
	r.Status = report.Pass
	if r.Chain != nil || len(r.Split) > 0 {
		r.Status = report.Fail
	}
	r.Finding = p.finding(roots)
	return r
}

type bnode struct {
	f    *fn
	mode int // 0 normal, 1 only with cgo, 2 the program ends after
	prev *bnode
	e    *edge // the edge from prev
	sw   *edge // the edge where the mode last changed
}

type searchResult struct {
	fail       *bnode
	fails      []*bnode // the first chain to each failing function
	notes      []*bnode
	reached    map[*fn]bool
	unfollowed []string
}

// search walks breadth first from root through nosplit functions that
// need no G, so the first failure found is at the end of a shortest
// chain. A failure past a dying or cgo-only call is a note.
func (p *program) search(root *fn, skip func(*edge) bool) searchResult {
	res := searchResult{reached: map[*fn]bool{}}
	// Past a dying or cgo-only call, each such call is explored on its
	// own, so that each gets its note.
	type key struct {
		f    *fn
		mode int
		sw   *edge
	}
	seen := map[key]bool{{root, 0, nil}: true}
	noteKeys := map[string]bool{}
	failSeen := map[*fn]bool{}
	queue := []*bnode{{f: root}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		f := n.f
		p.analyze(f)
		res.reached[f] = true
		if failing(f, n.prev == nil) {
			if n.mode == 0 {
				if res.fail == nil {
					res.fail = n
				}
				if !failSeen[f] {
					failSeen[f] = true
					res.fails = append(res.fails, n)
				}
			} else {
				// One note per call that ends the program (or runs
				// only with cgo): the shortest failing chain through it.
				k := fmt.Sprintf("%p", n.sw)
				if !noteKeys[k] {
					noteKeys[k] = true
					res.notes = append(res.notes, n)
				}
			}
			continue
		}
		if n.mode == 0 {
			for _, s := range f.indirect {
				res.unfollowed = append(res.unfollowed, fmt.Sprintf("%s: call through a function value %s", f.display, s))
			}
			for _, s := range f.unresolved {
				res.unfollowed = append(res.unfollowed, fmt.Sprintf("%s: method call with an unknown receiver type %s", f.display, s))
			}
			if f.noBody && !intrinsics[f.display] {
				res.unfollowed = append(res.unfollowed, fmt.Sprintf("%s: no body in the packages read (%s)", f.display, f.pos()))
			}
		}
		for _, e := range f.edges {
			if e.withG != "" || skip != nil && skip(e) {
				continue
			}
			mode, sw := n.mode, n.sw
			if e.dying != "" && mode != 2 {
				mode, sw = 2, e
			} else if e.cgo != "" && mode == 0 {
				mode, sw = 1, e
			}
			k := key{e.to, mode, sw}
			if seen[k] {
				continue
			}
			seen[k] = true
			queue = append(queue, &bnode{f: e.to, mode: mode, prev: n, e: e, sw: sw})
		}
	}
	return res
}

// failing: f cannot run without a G, or (unless it is the root, whose
// own split check is reported apart) has a stack check.
func failing(f *fn, isRoot bool) bool {
	return f.needsG != "" || !isRoot && !f.nosplit
}

func (n *bnode) chain(root *fn) Chain {
	var steps []string
	for m := n; m != nil; m = m.prev {
		name := m.f.display
		if m.e != nil && m.e.via != "" {
			name = m.e.via + "=" + name
		}
		steps = append(steps, name)
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	c := Chain{Root: root.display, Steps: steps, Kind: "fail"}
	if n.f.needsG != "" {
		c.Reason = "needs a G: " + n.f.needsG
	} else {
		c.Reason = fmt.Sprintf("not nosplit: %s (%s)", n.f.nosplitWhy, n.f.pos())
	}
	if !n.f.nosplit && n.f.decl != nil && n.f.decl.Body != nil && len(n.f.decl.Body.List) == 1 {
		c.Reason += "; a one-statement function the compiler may inline, which leaves out the check, but nothing guarantees it (-gcflags=-l)"
	}
	if sw := n.sw; sw != nil {
		c.key = sw.pos + " " + sw.to.sym
		if sw.dying != "" {
			c.Kind, c.Why = "ends", "ends the program: "+sw.dying
		} else {
			c.Kind, c.Why = "cgo", fmt.Sprintf("cgo only: the call at %s runs %s", sw.pos, sw.cgo)
		}
	}
	return c
}

// finding: for sysAlloc and sysFree, who calls them without a G here,
// and whether their OS layer (the stat updates left out) needs a G.
func (p *program) finding(roots []*fn) Finding {
	var fd Finding
	skip := func(e *edge) bool { return statUpdaters[e.to.display] }
	n0 := p.syms["runtime.newosproc0"]
	var refs []string
	if n0 != nil && n0.decl != nil && n0.decl.Body != nil {
		refs = p.references(n0)
	}
	for _, r := range roots {
		if r.display != "sysAlloc" && r.display != "sysFree" {
			continue
		}
		rf := RootFinding{Root: r.display}
		s := p.search(r, skip)
		if s.fail != nil {
			c := s.fail.chain(r)
			rf.OSLayer = &c
		}
		for f := range p.search(r, nil).reached {
			if f.decl != nil && strings.Contains(f.file.Docs[f.decl], "without a valid G") {
				rf.Comments = append(rf.Comments, fmt.Sprintf("%s (%s)", f.display, f.pos()))
			}
		}
		sort.Strings(rf.Comments)
		switch {
		case n0 == nil || n0.decl == nil || n0.decl.Body == nil:
			rf.NoCaller = "no newosproc0 for this target"
		case !p.reaches(n0, r, 4):
			rf.NoCaller = fmt.Sprintf("newosproc0 (%s) does not call it", n0.pos())
		case len(refs) == 0:
			rf.NoCaller = fmt.Sprintf("newosproc0 (%s) calls it, but nothing built for this target calls newosproc0", n0.pos())
		default:
			rf.Caller = fmt.Sprintf("newosproc0 (%s), called from %s", n0.pos(), strings.Join(refs, ", "))
		}
		fd.Roots = append(fd.Roots, rf)
	}
	return fd
}

// references lists where f is named outside its own body: in assembly (a
// CALL, or its address taken) and in Go function bodies.
func (p *program) references(f *fn) []string {
	var refs []string
	short := f.sym[strings.LastIndexByte(f.sym, '.')+1:]
	for _, path := range p.order {
		pkg := p.pkgs[path]
		for _, af := range pkg.asms {
			for _, ref := range af.Refs {
				if tree.AsmSymbol(ref.Raw, path, af.Src.Name) == f.sym {
					refs = append(refs, fmt.Sprintf("%s:%d", af.Src.Name, ref.Line))
				}
			}
		}
		if path != "runtime" {
			continue
		}
		for _, gf := range pkg.files {
			if !strings.Contains(string(gf.src.Data), short) {
				continue
			}
			for _, d := range gf.AST.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil || fd == f.decl {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && id.Name == short {
						refs = append(refs, gf.pos(id.Pos()))
					}
					return true
				})
			}
		}
	}
	return refs
}

// reaches: want is reachable from f within depth calls.
func (p *program) reaches(f *fn, want *fn, depth int) bool {
	seen := map[*fn]bool{f: true}
	level := []*fn{f}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []*fn
		for _, g := range level {
			p.analyze(g)
			for _, e := range g.edges {
				if e.to == want {
					return true
				}
				if !seen[e.to] {
					seen[e.to] = true
					next = append(next, e.to)
				}
			}
		}
		level = next
	}
	return false
}

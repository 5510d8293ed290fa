package gless

import (
	"fmt"
	"sort"
	"strings"

	"xaddref/tools/internal/callgraph"
)

// statUpdaters are the system-stat updates 6ad33be changed (xadd64 ->
// mSysStatInc/Dec -> xadduintptr) and their Go 1.19 successors. The OS
// layer finding leaves calls of them out, to see what the OS layer needs
// whatever the stat update does.
var statUpdaters = map[string]bool{
	"xadd64": true, "xadduintptr": true, "mSysStatInc": true, "mSysStatDec": true,
	"(*sysMemStat).add": true, "atomic.Xadd64": true, "atomic.(*Uint64).Add": true,
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

// finding: for sysAlloc and sysFree, who calls them without a G here,
// and whether their OS layer (the stat updates left out) needs a G.
func finding(g *callgraph.Graph, roots []*callgraph.Func, searches []searchResult) Finding {
	var fd Finding
	skip := func(e *callgraph.Edge) bool { return statUpdaters[e.To.Name] }
	n0 := g.Lookup("runtime.newosproc0")
	hasN0 := n0 != nil && n0.Decl != nil && n0.Decl.Body != nil
	var refs []string
	if hasN0 {
		refs = references(g, n0)
	}
	for i, r := range roots {
		if r.Name != "sysAlloc" && r.Name != "sysFree" {
			continue
		}
		rf := RootFinding{Root: r.Name}
		if s := search(r, skip); s.fail != nil {
			c := s.fail.chain(r)
			rf.OSLayer = &c
		}
		for f := range searches[i].reached {
			if f.Decl != nil && strings.Contains(f.File.Go.Docs[f.Decl], "without a valid G") {
				rf.Comments = append(rf.Comments, fmt.Sprintf("%s (%s)", f.Name, f.Pos()))
			}
		}
		sort.Strings(rf.Comments)
		switch {
		case !hasN0:
			rf.NoCaller = "no newosproc0 for this target"
		case !reaches(n0, r, 4):
			rf.NoCaller = fmt.Sprintf("newosproc0 (%s) does not call it", n0.Pos())
		case len(refs) == 0:
			rf.NoCaller = fmt.Sprintf("newosproc0 (%s) calls it, but nothing built for this target calls newosproc0", n0.Pos())
		default:
			rf.Caller = fmt.Sprintf("newosproc0 (%s), called from %s", n0.Pos(), strings.Join(refs, ", "))
		}
		fd.Roots = append(fd.Roots, rf)
	}
	return fd
}

// references lists where f is named outside its own declaration: in
// assembly (a CALL, or its address taken) and in Go function bodies.
func references(g *callgraph.Graph, f *callgraph.Func) []string {
	var out []string
	for _, ref := range g.Refs(f) {
		if ref.Asm || ref.Decl != nil && ref.Decl != f {
			out = append(out, ref.Pos.String())
		}
	}
	return out
}

// reaches: want is reachable from f within depth calls.
func reaches(f, want *callgraph.Func, depth int) bool {
	seen := map[*callgraph.Func]bool{f: true}
	level := []*callgraph.Func{f}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []*callgraph.Func
		for _, g := range level {
			for _, e := range g.Edges() {
				if !calls(e) {
					continue
				}
				if e.To == want {
					return true
				}
				if !seen[e.To] {
					seen[e.To] = true
					next = append(next, e.To)
				}
			}
		}
		level = next
	}
	return false
}

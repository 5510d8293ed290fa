package gless

import (
	"fmt"

	"xaddref/tools/internal/callgraph"
)

// intrinsics have no body: the compiler expands them in place.
var intrinsics = map[string]bool{
	"getg": true, "getcallerpc": true, "getcallersp": true, "getclosureptr": true,
	"abi.FuncPCABI0": true, "abi.FuncPCABIInternal": true,
}

// The search is the decision, as cmd/link's stackcheck makes it: a walk
// of the graph that marks what fails and how it was reached, with no
// words. The words (chains, reasons) are built afterwards, for what fails
// only (chain).

// bnode is a function reached, and how.
type bnode struct {
	f    *callgraph.Func
	mode int // 0 normal, 1 only with cgo, 2 the program ends after
	prev *bnode
	e    *callgraph.Edge // the edge from prev
	sw   *callgraph.Edge // the edge where the mode last changed
}

type searchResult struct {
	fail       *bnode
	fails      []*bnode // the first chain to each failing function
	notes      []*bnode
	reached    map[*callgraph.Func]bool
	unfollowed []string
}

// calls: the edges that are calls made by the function when it runs (not
// in dead code, not expanded in place, not started on another goroutine).
func calls(e *callgraph.Edge) bool {
	return !e.Dead && (e.Kind == callgraph.Call || e.Kind == callgraph.Builtin)
}

// search walks breadth first from root through nosplit functions that
// need no G, so the first failure found is at the end of a shortest
// chain. A failure past a call that ends the program, or that runs only
// with cgo, is a note; skip leaves edges out.
func search(root *callgraph.Func, skip func(*callgraph.Edge) bool) searchResult {
	res := searchResult{reached: map[*callgraph.Func]bool{}}
	// Past such a call, each one is explored on its own, so that each
	// gets its note.
	type key struct {
		f    *callgraph.Func
		mode int
		sw   *callgraph.Edge
	}
	seen := map[key]bool{{root, 0, nil}: true}
	noteSeen := map[*callgraph.Edge]bool{}
	failSeen := map[*callgraph.Func]bool{}
	queue := []*bnode{{f: root}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		res.reached[n.f] = true
		switch {
		case failing(n.f, n.prev == nil) && n.mode == 0:
			if res.fail == nil {
				res.fail = n
			}
			if !failSeen[n.f] {
				failSeen[n.f] = true
				res.fails = append(res.fails, n)
			}
			continue
		case failing(n.f, n.prev == nil):
			// One note per call that ends the program (or runs only
			// with cgo): the shortest failing chain through it.
			if !noteSeen[n.sw] {
				noteSeen[n.sw] = true
				res.notes = append(res.notes, n)
			}
			continue
		case n.mode == 0:
			res.unfollowed = append(res.unfollowed, unfollowed(n.f)...)
		}
		for _, e := range n.f.Edges() {
			if !calls(e) || e.WithG != "" || skip != nil && skip(e) {
				continue
			}
			mode, sw := n.mode, n.sw
			if e.Ends != "" && mode != 2 {
				mode, sw = 2, e
			} else if e.Cgo != "" && mode == 0 {
				mode, sw = 1, e
			}
			if k := (key{e.To, mode, sw}); !seen[k] {
				seen[k] = true
				queue = append(queue, &bnode{f: e.To, mode: mode, prev: n, e: e, sw: sw})
			}
		}
	}
	return res
}

// failing: f cannot run without a G, or (unless it is the root, whose
// own stack check is reported apart) has a stack check.
func failing(f *callgraph.Func, isRoot bool) bool {
	nosplit, _ := f.Nosplit()
	return f.NeedsG() != "" || !isRoot && !nosplit
}

// unfollowed: what the search cannot follow from f.
func unfollowed(f *callgraph.Func) []string {
	var out []string
	for _, u := range f.Unfollowed() {
		out = append(out, f.Name+": "+u)
	}
	if f.Bodyless() && !intrinsics[f.Name] {
		out = append(out, fmt.Sprintf("%s: no body in the packages read (%s)", f.Name, f.Pos()))
	}
	return out
}

// chain is the explanation of a failing node: its steps from root, why
// its function fails, and for a note why the path does not count.
func (n *bnode) chain(root *callgraph.Func) Chain {
	var steps []string
	for m := n; m != nil; m = m.prev {
		name := m.f.Name
		if m.e != nil && m.e.Via != "" {
			name = m.e.Via + "=" + name
		}
		steps = append([]string{name}, steps...)
	}
	c := Chain{Root: root.Name, Steps: steps, Kind: "fail", Reason: reason(n.f), where: n.where()}
	if sw := n.sw; sw != nil {
		c.key, c.where = sw.Pos.String()+" "+sw.To.Sym, sw.Pos.String()
		if sw.Ends != "" {
			c.Kind, c.Why = "ends", "ends the program: "+sw.Ends
		} else {
			c.Kind, c.Why = "cgo", fmt.Sprintf("cgo only: the call at %s runs %s", sw.Pos, sw.Cgo)
		}
	}
	return c
}

// reason says why f fails.
func reason(f *callgraph.Func) string {
	if why := f.NeedsG(); why != "" {
		return "needs a G: " + why
	}
	nosplit, why := f.Nosplit()
	s := fmt.Sprintf("not nosplit: %s (%s)", why, f.Pos())
	if !nosplit && f.Decl != nil && f.Decl.Body != nil && len(f.Decl.Body.List) == 1 {
		s += "; a one-statement function the compiler may inline, which leaves out the check, but nothing guarantees it (-gcflags=-l)"
	}
	return s
}

// where is the last call on n's chain written in the sources, or the
// root's position.
func (n *bnode) where() string {
	for m := n; m.prev != nil; m = m.prev {
		if w := m.e.Pos.String(); w != "builtin print" {
			return w
		}
	}
	return root(n).f.Pos().String()
}

func root(n *bnode) *bnode {
	for n.prev != nil {
		n = n.prev
	}
	return n
}

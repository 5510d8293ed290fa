package callers

import (
	"fmt"
	"go/ast"
	"strings"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
)

// reach is the shortest chain from f to a function want accepts, through
// the calls that run when f returns normally: not dead code, not on the
// way to the program's end (mSysStatInc's print before exit(2) takes
// printlock), not only with cgo; "" if there is none within depth calls.
func reach(f *callgraph.Func, want func(*callgraph.Edge) bool, depth int) string {
	type node struct {
		f    *callgraph.Func
		path []string
	}
	seen := map[*callgraph.Func]bool{f: true}
	level := []node{{f, []string{f.Name}}}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []node
		for _, n := range level {
			for _, e := range n.f.Edges() {
				if e.Dead || e.Ends != "" || e.Cgo != "" || e.Kind == callgraph.Go || seen[e.To] {
					continue
				}
				seen[e.To] = true
				name := e.To.Name
				if e.Via != "" {
					name = e.Via + "=" + name
				}
				p := append(append([]string{}, n.path...), name)
				if want(e) {
					return strings.Join(p, " -> ")
				}
				next = append(next, node{e.To, p})
			}
		}
		level = next
	}
	return ""
}

func isLock(e *callgraph.Edge) bool { return e.To.Name == "lock" }

// isWordAdd: a pointer-sized add, by its name or the name it is called
// by (2015's 386 and arm link xadduintptr to xadd).
func isWordAdd(e *callgraph.Edge) bool {
	for _, n := range []string{e.To.Name, e.Via} {
		if strings.HasSuffix(strings.ToLower(n), "xadduintptr") {
			return true
		}
	}
	return false
}

// statFuncs are the port's functions that the era's ledger says update
// a stat they are given.
func (l *ledger) statFuncs() []*callgraph.Func {
	var out []*callgraph.Func
	for _, sf := range l.e.Ledger.StatFuncs {
		if sf.Stat == era.NoArg { // the implicit stats are not the commit's
			continue
		}
		name := sf.Name
		if sf.Recv != "" {
			name = "(*" + sf.Recv + ")." + sf.Name
		}
		if f := l.g.Lookup(name); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// wordAdd is how the stat functions add to a stat through a pointer-sized
// add (6ad33be's mSysStatInc -> xadduintptr), or "" if they add the whole
// uint64 (xadd64 on big-endian, sysMemStat.add's atomic.Xadd64).
func (l *ledger) wordAdd() string {
	for _, f := range l.statFuncs() {
		if c := reach(f, isWordAdd, 3); c != "" {
			return c
		}
	}
	return ""
}

// writerLock is a stat function's chain to a lock, or "".
func (l *ledger) writerLock() string {
	for _, f := range l.statFuncs() {
		if c := reach(f, isLock, 4); c != "" {
			return c
		}
	}
	return ""
}

// A charge is a place that charges a stat: the call that passes it, where
// it is written.
type charge struct {
	pos, fn string
	// live: the call is not dead code and its function is named somewhere
	// (called, or its address taken, in Go or in assembly); why says
	// which, or why not.
	live bool
	why  string
}

// charges lists the places that charge the stat called key
// (mstats.stacks_sys).
func (l *ledger) charges(key string) []charge {
	var out []charge
	seen := map[string]bool{}
	for _, s := range l.sites {
		if s.Role != era.Charge {
			continue
		}
		for _, o := range s.Origins {
			if o.Kind != Global || o.obj == nil || l.fieldName(o.obj) != key || o.fn == nil {
				continue
			}
			pos := fmt.Sprintf("%s:%d", o.File, o.Line)
			if seen[pos] {
				continue
			}
			seen[pos] = true
			c := charge{pos: pos, fn: o.Function}
			c.live, c.why = l.live(o.fn, o.use)
			if cond := l.guardOf(o.fn, o.use); cond != "" && c.live {
				c.why += ", when " + cond
			}
			out = append(out, c)
		}
	}
	return out
}

// live says whether the call use in fn runs in a program of this port:
// not in dead code, and fn is named outside its own body.
func (l *ledger) live(fn *callgraph.Func, use ast.Node) (bool, string) {
	for _, e := range fn.Edges() {
		if e.Node == use && e.Dead {
			return false, "dead code on this port"
		}
	}
	for fn.Outer != nil {
		fn = fn.Outer
	}
	for _, r := range l.g.Refs(fn) {
		if r.Asm || r.Decl != nil && r.Decl != fn {
			return true, "called from " + r.Pos.String()
		}
	}
	return false, l.names[fn] + " is called from nowhere on this port"
}

// guardOf is the condition of the innermost if whose body holds use in
// fn, "" if none does.
func (l *ledger) guardOf(fn *callgraph.Func, use ast.Node) string {
	if use == nil || fn.Body() == nil {
		return ""
	}
	cond := ""
	ast.Inspect(fn.Body(), func(n ast.Node) bool {
		if n == nil || n.Pos() > use.Pos() || n.End() < use.End() {
			return false
		}
		if is, ok := n.(*ast.IfStmt); ok && is.Body.Pos() <= use.Pos() && use.End() <= is.Body.End() {
			cond = l.text(is.Cond)
		}
		return true
	})
	return cond
}

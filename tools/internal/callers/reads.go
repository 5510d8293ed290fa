package callers

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"xaddref/tools/internal/callgraph"
)

// A read is one place where a function reads a stat, or a value derived
// from stats.
type read struct {
	v   *types.Var
	fn  *callgraph.Func
	pos token.Pos
	// via is the atomic the stat's address is passed to (atomicload64,
	// xadd64), memmove, or the load method called on it; nil for a plain
	// read.
	via *callgraph.Func
	how string // "loads it with ...", "updates it with ...", ""
}

// stats are the variables the ledger's sites charge and discharge: the
// storage of every global origin (memstats.heap_sys, gcController.
// heapInUse) and the implicit stats (gcController.mappedReady).
func (l *ledger) stats() map[*types.Var]bool {
	out := map[*types.Var]bool{}
	for _, s := range l.sites {
		for _, o := range s.Origins {
			if o.Kind == Global && o.obj != nil {
				out[o.obj] = true
			}
		}
	}
	return out
}

// storageVar is the variable a storage expression names: the field of
// X.f (the last one of X.f.g), the variable X, the array of X[i].
func (l *ledger) storageVar(x ast.Expr) *types.Var {
	switch e := unparen(x).(type) {
	case *ast.SelectorExpr:
		if sel := l.p.Info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
		// pkg.X
		v, _ := l.p.Info.Uses[e.Sel].(*types.Var)
		return v
	case *ast.Ident:
		v, _ := l.p.Info.Uses[e].(*types.Var)
		return v
	case *ast.IndexExpr:
		return l.storageVar(e.X)
	}
	return nil
}

// implicitVar resolves an implicit stat, "gcController.mappedReady": a
// package-level variable and a field of it.
func (l *ledger) implicitVar(name string) *types.Var {
	root, field, _ := strings.Cut(name, ".")
	v, ok := l.p.Pkg.Scope().Lookup(root).(*types.Var)
	if !ok || field == "" {
		return v
	}
	obj, _, _ := types.LookupFieldOrMethod(v.Type(), true, l.p.Pkg, field)
	f, _ := obj.(*types.Var)
	return f
}

// walkBodies calls visit for every node of every function with a body,
// with the node's ancestors (stack, the node last) and the function
// (closure or declaration) it is in.
func (l *ledger) walkBodies(visit func(fn *callgraph.Func, stack []ast.Node)) {
	for _, decl := range l.decls {
		lits := map[*ast.FuncLit]*callgraph.Func{}
		var closures func(f *callgraph.Func)
		closures = func(f *callgraph.Func) {
			for _, c := range f.Closures() {
				lits[c.Lit] = c
				closures(c)
			}
		}
		closures(decl)
		fns := []*callgraph.Func{decl}
		var stack []ast.Node
		ast.Inspect(decl.Body(), func(n ast.Node) bool {
			if n == nil {
				if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
					fns = fns[:len(fns)-1]
				}
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if lit, ok := n.(*ast.FuncLit); ok && lits[lit] != nil {
				fns = append(fns, lits[lit])
			}
			visit(fns[len(fns)-1], stack)
			return true
		})
	}
}

// reads finds every read of the variables in vars: a plain read (not the
// left side of =, not its address passed on as a stat), a load method
// called on it, its address passed to one of the atomics (atomicload64,
// xadd64), or memmove of the struct holding it.
func (l *ledger) reads(vars map[*types.Var]bool) []read {
	var out []read
	l.walkBodies(func(fn *callgraph.Func, stack []ast.Node) {
		n := stack[len(stack)-1]
		var v *types.Var
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if sel := l.p.Info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
				v, _ = sel.Obj().(*types.Var)
			}
		case *ast.Ident:
			if u, ok := l.p.Info.Uses[x].(*types.Var); ok && l.isGlobal(u) {
				v = u
			}
		}
		if v == nil {
			return
		}
		if vars[v] {
			if r, ok := l.classifyRead(v, fn, stack); ok {
				out = append(out, r)
			}
			return
		}
		// &memstats passed to memmove reads every stat of memstats.
		for _, r := range l.structRead(v, fn, stack, vars) {
			out = append(out, r)
		}
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// parentOf is the nearest ancestor of stack's last node that is not a
// parenthesis, and its index.
func parentOf(stack []ast.Node) (ast.Node, int) {
	for i := len(stack) - 2; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i], i
		}
	}
	return nil, -1
}

// classifyRead says whether the use of v at the end of stack reads it,
// and how.
func (l *ledger) classifyRead(v *types.Var, fn *callgraph.Func, stack []ast.Node) (read, bool) {
	n := stack[len(stack)-1]
	r := read{v: v, fn: fn, pos: n.Pos()}
	parent, pi := parentOf(stack)
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		// A method on the stat: s.load() and Load() read it; the others
		// (add, Add, Store) write it, atomically by its type's own code.
		sel := l.p.Info.Selections[p]
		if sel == nil || sel.Kind() != types.MethodVal || !isLoad(p.Sel.Name) {
			return r, false
		}
		call, ok := stack[pi-1].(*ast.CallExpr)
		if !ok || l.g.Callee(call) == nil {
			return r, false
		}
		r.via = l.g.Callee(call)
		r.how = "loads it with " + r.via.Name
		return r, true
	case *ast.UnaryExpr:
		if p.Op != token.AND {
			return r, true
		}
		return l.addrRead(r, stack[:pi+1])
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if unparen(lhs) == n {
				if p.Tok == token.ASSIGN || p.Tok == token.DEFINE {
					return r, false
				}
				r.how = "updates it with " + p.Tok.String()
			}
		}
	case *ast.IncDecStmt:
		return r, false
	}
	return r, true
}

// addrRead: &v (the last node of stack) passed to one of the atomics
// reads v through it. Passed to a stat function, or to a function that
// passes it on to one (persistentalloc, fixAlloc_Init: the ledger's), it
// is the stat being charged; compared or stored, it is no read.
func (l *ledger) addrRead(r read, stack []ast.Node) (read, bool) {
	for i := len(stack) - 2; i >= 0; i-- {
		if _, paren := stack[i].(*ast.ParenExpr); paren {
			continue
		}
		call, ok := stack[i].(*ast.CallExpr)
		if !ok {
			return r, false
		}
		if tv, ok := l.p.Info.Types[call.Fun]; ok && tv.IsType() {
			continue // a conversion: (*uint64)(&x), unsafe.Pointer(&x)
		}
		callee := l.g.Callee(call)
		if callee == nil || !atomicRE.MatchString(callee.Name) {
			return r, false
		}
		r.via, r.how = callee, "updates it with "+callee.Name
		if isLoad(callee.Name) {
			r.how = "loads it with " + callee.Name
		}
		return r, true
	}
	return r, false
}

// atomicRE are the atomics on a uint64's address: 2015's atomicload64,
// xadd64, cas64, xchg64, atomicstore64; Go 1.19's atomic.Load64, ...
var atomicRE = regexp.MustCompile(`(?i)^(atomic\.)?(atomic)?(load|store|xadd|cas|xchg)(64|uintptr)$`)

// isLoad: a function or method of that name only reads (load,
// atomicload64, atomic.Load64).
func isLoad(name string) bool {
	return strings.Contains(strings.ToLower(name), "load")
}

// structRead: &V, with V a struct holding stats, passed to memmove as
// its source reads each of those stats (2015's readmemstats_m).
func (l *ledger) structRead(v *types.Var, fn *callgraph.Func, stack []ast.Node, vars map[*types.Var]bool) []read {
	if !l.isGlobal(v) {
		return nil
	}
	for i := len(stack) - 2; i >= 0; i-- {
		switch x := stack[i].(type) {
		case *ast.ParenExpr, *ast.UnaryExpr:
			continue
		case *ast.CallExpr:
			if tv, ok := l.p.Info.Types[x.Fun]; ok && tv.IsType() {
				continue
			}
			cp := l.layoutCopy(x)
			if cp == nil || cp.src != v {
				return nil
			}
			var out []read
			for _, src := range cp.pairs {
				if vars[src] {
					out = append(out, read{v: src, fn: fn, pos: x.Pos(), via: l.g.Callee(x),
						how: "copies it with memmove"})
				}
			}
			return out
		}
		return nil
	}
	return nil
}

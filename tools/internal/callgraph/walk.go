package callgraph

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// walker reads one function body in source order: its calls, its
// closures (each read where it is written, with the state there), and its
// reads of the G.
type walker struct {
	g *Graph
	f *Func
	// gvars hold getg(); guarded ones were checked against nil on the
	// way here.
	gvars, guarded map[*types.Var]bool
	ends, cgo      string // the context of the statement being read
	dead           bool   // in a branch a constant condition rules out
}

func (g *Graph) analyzeDecl(f *Func) {
	dirs := f.File.Go.Directives[f.Decl]
	f.nosplit = has(dirs, "go:nosplit")
	if !f.nosplit {
		f.notNosplit = "no //go:nosplit"
	}
	if has(dirs, "go:systemstack") {
		f.needsG = "marked //go:systemstack (" + g.pos(f.Decl.Pos()).String() + ")"
	}
	w := &walker{g: g, f: f, gvars: map[*types.Var]bool{}, guarded: map[*types.Var]bool{}}
	w.walkBlock(f.Decl.Body.List, "", "")
	// A function that makes no call and whose body is at most one
	// statement is taken to have no frame (or a small one): the
	// assembler's leaf rule applies.
	if !f.nosplit && len(f.Decl.Body.List) <= 1 && !f.calls() && g.leafNosplit(0, false) {
		f.nosplit, f.notNosplit = true, ""
	}
}

// calls: f makes a call, or one that cannot be followed.
func (f *Func) calls() bool {
	for _, e := range f.edges {
		if !e.Dead && (e.Kind == Call || e.Kind == Builtin) {
			return true
		}
	}
	return len(f.unfollowed) > 0
}

func has(dirs []string, d string) bool {
	for _, x := range dirs {
		if x == d {
			return true
		}
	}
	return false
}

// walkBlock reads a statement list. A statement followed, in the same
// list, by one that ends the program (with no return or jump between) runs
// only on the way to the end: its calls end the program.
func (w *walker) walkBlock(list []ast.Stmt, ends, cgo string) {
	saveE, saveC, saveG := w.ends, w.cgo, copySet(w.guarded)
	follows := make([]string, len(list))
	next := ""
	for i := len(list) - 1; i >= 0; i-- {
		follows[i] = next
		if r := w.g.terminatingStmt(list[i]); r != "" {
			next = r
		} else if containsJump(list[i]) {
			next = ""
		}
	}
	for i, s := range list {
		w.ends, w.cgo = ends, cgo
		if w.ends == "" && follows[i] != "" && !containsJump(s) {
			w.ends = "the statement at " + w.g.pos(s.Pos()).String() + " is followed by " + follows[i]
		}
		w.walkStmt(s)
		if w.alwaysReturns(s) {
			// if _BigEndian != 0 { xadd64(...); return } on a big-endian
			// port: the compiler drops the rest of the list.
			w.deadIf(true, func() {
				for _, r := range list[i+1:] {
					w.walkStmt(r)
				}
			})
			break
		}
		// if gp == nil { ...; return } guards the rest of the list.
		if is, ok := s.(*ast.IfStmt); ok && is.Else == nil && endsWithJump(is.Body) {
			w.guard(is.Cond, token.EQL, token.LOR)
		}
	}
	w.ends, w.cgo, w.guarded = saveE, saveC, saveG
}

// alwaysReturns: s is an if statement whose condition is a true constant
// and whose body ends in a return.
func (w *walker) alwaysReturns(s ast.Stmt) bool {
	is, ok := s.(*ast.IfStmt)
	if !ok || len(is.Body.List) == 0 {
		return false
	}
	tv := w.g.info.Types[is.Cond]
	_, ret := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt)
	return ret && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}

func copySet(m map[*types.Var]bool) map[*types.Var]bool {
	c := make(map[*types.Var]bool, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (w *walker) walkStmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.BlockStmt:
		w.walkBlock(s.List, w.ends, w.cgo)
	case *ast.IfStmt:
		w.walkIf(s)
	case *ast.ForStmt:
		w.walkStmt(s.Init)
		w.walkExpr(s.Cond)
		w.walkStmt(s.Post)
		w.walkBlock(s.Body.List, w.ends, w.cgo)
	case *ast.RangeStmt:
		w.walkExpr(s.X)
		w.walkBlock(s.Body.List, w.ends, w.cgo)
	case *ast.SwitchStmt:
		w.walkStmt(s.Init)
		w.walkExpr(s.Tag)
		w.walkClauses(s.Body)
	case *ast.TypeSwitchStmt:
		w.walkStmt(s.Init)
		w.walkStmt(s.Assign)
		w.walkClauses(s.Body)
	case *ast.SelectStmt:
		w.walkClauses(s.Body)
	case *ast.LabeledStmt:
		w.walkStmt(s.Stmt)
	case *ast.ExprStmt:
		w.walkExpr(s.X)
	case *ast.SendStmt:
		w.walkExpr(s.Chan)
		w.walkExpr(s.Value)
	case *ast.IncDecStmt:
		w.walkExpr(s.X)
	case *ast.ReturnStmt:
		for _, e := range s.Results {
			w.walkExpr(e)
		}
	case *ast.DeferStmt:
		w.builtin("deferproc", s, s.Pos())
		w.walkExpr(s.Call)
	case *ast.GoStmt:
		w.builtin("newproc", s, s.Pos())
		w.call(s.Call, Go)
	case *ast.AssignStmt:
		w.walkAssign(s.Lhs, s.Rhs, s.Tok == token.DEFINE)
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				lhs := make([]ast.Expr, len(vs.Names))
				for i, n := range vs.Names {
					lhs[i] = n
				}
				w.walkAssign(lhs, vs.Values, true)
			}
		}
	}
}

// walkIf reads an if statement: a constant condition's dead branch as
// dead code (the compiler drops it); a condition that checks g for nil
// guards the branch it allows; one that holds only with cgo marks its
// body so.
func (w *walker) walkIf(s *ast.IfStmt) {
	w.walkStmt(s.Init)
	if tv := w.g.info.Types[s.Cond]; tv.Value != nil && tv.Value.Kind() == constant.Bool {
		live := constant.BoolVal(tv.Value)
		w.deadIf(!live, func() { w.walkBlock(s.Body.List, w.ends, w.cgo) })
		if s.Else != nil {
			w.deadIf(live, func() { w.walkStmt(s.Else) })
		}
		return
	}
	w.walkExpr(s.Cond)
	saveG := copySet(w.guarded)
	w.guard(s.Cond, token.NEQ, token.LAND)
	cgo := w.cgo
	if cgo == "" {
		cgo = w.cgoCond(s.Cond)
	}
	w.walkBlock(s.Body.List, w.ends, cgo)
	w.guarded = saveG
	if s.Else != nil {
		w.guard(s.Cond, token.EQL, token.LOR)
		w.walkStmt(s.Else)
		w.guarded = saveG
	}
}

// deadIf reads dead code (if dead) as such: its edges are kept, marked,
// and nothing there counts for the function's facts.
func (w *walker) deadIf(dead bool, read func()) {
	if !dead || w.dead {
		read()
		return
	}
	gvars, guarded := copySet(w.gvars), copySet(w.guarded)
	w.dead = true
	read()
	w.dead, w.gvars, w.guarded = false, gvars, guarded
}

func (w *walker) walkClauses(b *ast.BlockStmt) {
	for _, c := range b.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			for _, e := range c.List {
				w.walkExpr(e)
			}
			w.walkBlock(c.Body, w.ends, w.cgo)
		case *ast.CommClause:
			w.walkStmt(c.Comm)
			w.walkBlock(c.Body, w.ends, w.cgo)
		}
	}
}

// walkAssign reads an assignment or a var declaration, the right side
// first, and records which variables it sets to getg().
func (w *walker) walkAssign(lhs, rhs []ast.Expr, define bool) {
	for _, e := range rhs {
		w.walkExpr(e)
	}
	for _, e := range lhs {
		w.walkExpr(e)
	}
	if w.dead {
		return
	}
	for i, l := range lhs {
		v := w.varOf(l)
		if v == nil || len(rhs) != len(lhs) && len(rhs) != 1 {
			continue
		}
		r := rhs[0]
		if len(rhs) == len(lhs) {
			r = rhs[i]
		}
		if w.isGetg(r) {
			w.gvars[v] = true
			delete(w.guarded, v)
		} else if define {
			delete(w.gvars, v)
		}
	}
}

// varOf is the variable an identifier names, defined or used.
func (w *walker) varOf(e ast.Expr) *types.Var {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	if v, ok := w.g.info.Defs[id].(*types.Var); ok {
		return v
	}
	v, _ := w.g.info.Uses[id].(*types.Var)
	return v
}

func (w *walker) walkExpr(e ast.Expr) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			w.closure(n, Call)
			return false
		case *ast.CallExpr:
			w.call(n, Call)
			return false
		case *ast.SelectorExpr:
			w.gRead(n)
		case *ast.BinaryExpr:
			if n.Op != token.LAND && n.Op != token.LOR {
				return true
			}
			// x != nil && x.f, x == nil || x.f: the right side runs
			// only when x is not nil.
			w.walkExpr(n.X)
			saveG := copySet(w.guarded)
			if n.Op == token.LAND {
				w.guard(n.X, token.NEQ, token.LAND)
			} else {
				w.guard(n.X, token.EQL, token.LOR)
			}
			w.walkExpr(n.Y)
			w.guarded = saveG
			return false
		}
		return true
	})
}

// closure makes lit a function of its own, named as the compiler names
// it (f.func1, and f.func1.1 inside that), read now with the state here,
// and an edge to it: it is taken to run where it is written.
func (w *walker) closure(lit *ast.FuncLit, kind Kind) {
	outer := w.f
	outer.nclosures++
	sym := fmt.Sprintf("%s.func%d", outer.Sym, outer.nclosures)
	if outer.Lit != nil {
		sym = fmt.Sprintf("%s.%d", outer.Sym, outer.nclosures)
	}
	c := &Func{Sym: sym, Name: displayName(sym), pkg: outer.pkg, File: outer.File, Lit: lit, Outer: outer,
		g: w.g, done: true, notNosplit: "a closure (closures are never nosplit)"}
	outer.closures = append(outer.closures, c)
	w.edge(kind, lit, c, lit.Pos(), "")
	cw := &walker{g: w.g, f: c, gvars: copySet(w.gvars), guarded: copySet(w.guarded)}
	cw.walkBlock(lit.Body.List, "", "")
}

// edge adds a call site of f, in the context being read.
func (w *walker) edge(kind Kind, node ast.Node, to *Func, pos token.Pos, via string) *Edge {
	e := &Edge{To: to, Kind: kind, Node: node, Pos: w.g.pos(pos), Via: via, Dead: w.dead, Ends: w.ends, Cgo: w.cgo}
	w.f.edges = append(w.f.edges, e)
	return e
}

// builtin adds a call the compiler makes (deferproc, growslice), when the
// runtime has that function.
func (w *walker) builtin(name string, node ast.Node, pos token.Pos) {
	if f := w.g.syms["runtime."+name]; f != nil {
		w.edge(Builtin, node, f, pos, "")
	}
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

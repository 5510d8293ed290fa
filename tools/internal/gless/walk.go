package gless

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// walker reads one function body in source order: its calls, the types
// of its locals (to resolve method calls), and its uses of getg().
type walker struct {
	p     *program
	f     *fn
	pkg   *pkgInfo
	file  *goFile
	scope map[string]typeRef
	gvars map[string]bool // locals holding getg()
	// guarded: g locals checked for nil on the way here.
	guarded map[string]bool
	dying   string
	cgo     string
}

func newWalker(p *program, f *fn) *walker {
	w := &walker{p: p, f: f, pkg: f.pkg, file: f.file, scope: map[string]typeRef{}, gvars: map[string]bool{}, guarded: map[string]bool{}}
	d := f.decl
	if d.Recv != nil {
		w.params(d.Recv)
	}
	w.params(d.Type.Params)
	w.params(d.Type.Results)
	return w
}

// snapshot copies w's state for a closure created now.
func (w *walker) snapshot() *walker {
	c := &walker{p: w.p, f: w.f, pkg: w.pkg, file: w.file, scope: map[string]typeRef{}, gvars: map[string]bool{}, guarded: map[string]bool{}}
	for k, v := range w.scope {
		c.scope[k] = v
	}
	for k, v := range w.gvars {
		c.gvars[k] = v
	}
	for k, v := range w.guarded {
		c.guarded[k] = v
	}
	return c
}

// child is the walker for closure f, from the state captured at its
// creation.
func (w *walker) child(f *fn) *walker {
	c := w.snapshot()
	c.f = f
	c.params(f.lit.Type.Params)
	c.params(f.lit.Type.Results)
	return c
}

func (w *walker) params(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, fd := range fl.List {
		for _, n := range fd.Names {
			w.scope[n.Name] = typeRef{w.pkg, w.file, fd.Type}
			delete(w.gvars, n.Name)
		}
	}
}

func (w *walker) pos(p token.Pos) string { return w.file.pos(p) }

// walkBlock walks a statement list. A statement followed, in the same
// list, by one that ends the program (with no return or jump between) runs
// only on the way to the end: its calls are marked dying.
func (w *walker) walkBlock(list []ast.Stmt, dying, cgo string) {
	saveD, saveC := w.dying, w.cgo
	saveG := copySet(w.guarded)
	follows := make([]string, len(list))
	next := ""
	for i := len(list) - 1; i >= 0; i-- {
		follows[i] = next
		if r := w.terminatingStmt(list[i], w.resolveForTerm); r != "" {
			next = r
		} else if containsJump(list[i]) {
			next = ""
		}
	}
	for i, s := range list {
		w.dying, w.cgo = dying, cgo
		if w.dying == "" && follows[i] != "" && !containsJump(s) {
			w.dying = "the statement at " + w.pos(s.Pos()) + " is followed by " + follows[i]
		}
		w.walkStmt(s)
		// if gp == nil { ...; return } guards the rest of the list.
		if is, ok := s.(*ast.IfStmt); ok && is.Else == nil && endsWithJump(is.Body) {
			for _, v := range nilChecks(is.Cond, token.EQL, token.LOR) {
				if w.gvars[v] {
					w.guarded[v] = true
				}
			}
		}
	}
	w.dying, w.cgo = saveD, saveC
	w.guarded = saveG
}

func copySet(m map[string]bool) map[string]bool {
	c := make(map[string]bool, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (w *walker) walkStmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil:
	case *ast.BlockStmt:
		w.walkBlock(s.List, w.dying, w.cgo)
	case *ast.IfStmt:
		w.walkStmt(s.Init)
		if v, known := w.condValue(s.Cond); known {
			// The compiler drops the dead branch.
			if v {
				w.walkBlock(s.Body.List, w.dying, w.cgo)
			} else if s.Else != nil {
				w.walkStmt(s.Else)
			}
			return
		}
		w.walkExpr(s.Cond)
		saveG := copySet(w.guarded)
		for _, v := range nilChecks(s.Cond, token.NEQ, token.LAND) {
			if w.gvars[v] {
				w.guarded[v] = true
			}
		}
		cgo := w.cgo
		if cgo == "" {
			if c := w.cgoCond(s.Cond); c != "" {
				cgo = c
			}
		}
		w.walkBlock(s.Body.List, w.dying, cgo)
		w.guarded = saveG
		if s.Else != nil {
			for _, v := range nilChecks(s.Cond, token.EQL, token.LOR) {
				if w.gvars[v] {
					w.guarded[v] = true
				}
			}
			w.walkStmt(s.Else)
			w.guarded = saveG
		}
	case *ast.ForStmt:
		w.walkStmt(s.Init)
		w.walkExpr(s.Cond)
		w.walkStmt(s.Post)
		w.walkBlock(s.Body.List, w.dying, w.cgo)
	case *ast.RangeStmt:
		w.walkExpr(s.X)
		w.walkBlock(s.Body.List, w.dying, w.cgo)
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
		w.builtinEdge("deferproc", s.Pos())
		w.walkExpr(s.Call)
	case *ast.GoStmt:
		w.builtinEdge("newproc", s.Pos())
		for _, a := range s.Call.Args {
			w.walkExpr(a)
		}
	case *ast.AssignStmt:
		for _, e := range s.Rhs {
			w.walkExpr(e)
		}
		for _, e := range s.Lhs {
			w.walkExpr(e)
		}
		w.assign(s.Lhs, s.Rhs, s.Tok == token.DEFINE)
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return
		}
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			for _, e := range vs.Values {
				w.walkExpr(e)
			}
			if vs.Type != nil {
				for _, n := range vs.Names {
					w.scope[n.Name] = typeRef{w.pkg, w.file, vs.Type}
					delete(w.gvars, n.Name)
				}
			} else {
				lhs := make([]ast.Expr, len(vs.Names))
				for i, n := range vs.Names {
					lhs[i] = n
				}
				w.assign(lhs, vs.Values, true)
			}
		}
	}
}

func (w *walker) walkClauses(b *ast.BlockStmt) {
	for _, c := range b.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			for _, e := range c.List {
				w.walkExpr(e)
			}
			w.walkBlock(c.Body, w.dying, w.cgo)
		case *ast.CommClause:
			w.walkStmt(c.Comm)
			w.walkBlock(c.Body, w.dying, w.cgo)
		}
	}
}

// assign records the types of the names a statement defines, and which
// of them hold getg().
func (w *walker) assign(lhs, rhs []ast.Expr, define bool) {
	for i, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		var r ast.Expr
		idx := 0
		if len(rhs) == len(lhs) {
			r = rhs[i]
		} else if len(rhs) == 1 {
			r, idx = rhs[0], i
		}
		if r == nil {
			continue
		}
		if w.isGetg(r) {
			w.gvars[id.Name] = true
			delete(w.guarded, id.Name)
		} else if define || !w.gvars[id.Name] {
			delete(w.gvars, id.Name)
		}
		if define {
			if t := w.typeOfN(r, idx); t.ok() {
				w.scope[id.Name] = t
			}
		}
	}
}

// isGetg: the expression is a call of getg().
func (w *walker) isGetg(e ast.Expr) bool {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok || id.Name != "getg" {
		return false
	}
	_, local := w.scope["getg"]
	return !local
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

func (w *walker) walkExpr(e ast.Expr) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			w.closure(n)
			return false
		case *ast.CallExpr:
			w.call(n)
			return false
		case *ast.SelectorExpr:
			w.gderef(n)
			return true
		case *ast.BinaryExpr:
			if n.Op != token.LAND && n.Op != token.LOR {
				return true
			}
			w.walkExpr(n.X)
			saveG := copySet(w.guarded)
			op, join := token.NEQ, token.LAND
			if n.Op == token.LOR {
				op, join = token.EQL, token.LOR
			}
			for _, v := range nilChecks(n.X, op, join) {
				if w.gvars[v] {
					w.guarded[v] = true
				}
			}
			w.walkExpr(n.Y)
			w.guarded = saveG
			return false
		}
		return true
	})
}

// gderef notes a field read through getg(): getg().m, or gp.m with
// gp := getg() not checked for nil on the way.
func (w *walker) gderef(s *ast.SelectorExpr) {
	if w.f.needsG != "" {
		return
	}
	if w.isGetg(s.X) {
		w.f.needsG = fmt.Sprintf("reads getg().%s (%s)", s.Sel.Name, w.pos(s.Pos()))
		return
	}
	if id, ok := s.X.(*ast.Ident); ok && w.gvars[id.Name] && !w.guarded[id.Name] {
		w.f.needsG = fmt.Sprintf("reads %s.%s, %s = getg() (%s)", id.Name, s.Sel.Name, id.Name, w.pos(s.Pos()))
	}
}

// nilChecks returns the names x in "x op nil" joined by join (x != nil &&
// ..., or x == nil || ...).
func nilChecks(e ast.Expr, op, join token.Token) []string {
	e = unparen(e)
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	if b.Op == join {
		return append(nilChecks(b.X, op, join), nilChecks(b.Y, op, join)...)
	}
	if b.Op != op {
		return nil
	}
	x, y := unparen(b.X), unparen(b.Y)
	if isNil(y) {
		x, y = y, x
	}
	if !isNil(x) {
		return nil
	}
	if id, ok := y.(*ast.Ident); ok {
		return []string{id.Name}
	}
	return nil
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// cgoCond: a condition that holds only when runtime/cgo is linked:
// a conjunct _cgo_X != nil or iscgo.
func (w *walker) cgoCond(e ast.Expr) string {
	for _, v := range nilChecks(e, token.NEQ, token.LAND) {
		if strings.HasPrefix(v, "_cgo_") {
			if _, ok := w.pkg.vars[v]; ok {
				return fmt.Sprintf("only with runtime/cgo linked: %s != nil (%s)", v, w.pos(e.Pos()))
			}
		}
	}
	var found string
	var conj func(e ast.Expr)
	conj = func(e ast.Expr) {
		e = unparen(e)
		if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.LAND {
			conj(b.X)
			conj(b.Y)
			return
		}
		if id, ok := e.(*ast.Ident); ok && id.Name == "iscgo" && found == "" {
			found = fmt.Sprintf("only with runtime/cgo linked: iscgo (%s)", w.pos(e.Pos()))
		}
	}
	conj(e)
	return found
}

func (w *walker) addEdge(node ast.Node, to *fn, pos token.Pos, via string) *edge {
	e := &edge{to: to, pos: w.pos(pos), via: via, dying: w.dying, cgo: w.cgo}
	w.f.edges = append(w.f.edges, e)
	if node != nil {
		w.f.calls[node] = e
	}
	return e
}

// builtinEdge adds a call the compiler inserts (deferproc, newproc,
// growslice), when the runtime has that function.
func (w *walker) builtinEdge(name string, pos token.Pos) {
	if f := w.p.syms["runtime."+name]; f != nil {
		w.addEdge(nil, f, pos, "")
	}
}

func (w *walker) closure(lit *ast.FuncLit) {
	c := w.p.newClosure(w.snapshot(), lit)
	w.addEdge(lit, c, lit.Pos(), "")
}

var builtins = map[string]bool{
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "min": true, "max": true, "clear": true,
}

// call resolves a call and walks its operands.
func (w *walker) call(c *ast.CallExpr) {
	to, via, kind := w.resolve(c)
	switch kind {
	case callFunc:
		e := w.addEdge(c, to, c.Lparen, via)
		if e.dying == "" && w.p.terminates(to) {
			e.dying = fmt.Sprintf("%s (%s) does not return", shortCall(c), w.pos(c.Pos()))
		}
	case callBuiltin:
		id := unparen(c.Fun).(*ast.Ident)
		switch id.Name {
		case "print", "println":
			w.addEdge(c, w.p.print, c.Lparen, "")
		case "panic":
			w.builtinEdge("gopanic", c.Lparen)
		case "append":
			w.builtinEdge("growslice", c.Lparen)
		case "make":
			if len(c.Args) > 0 {
				switch c.Args[0].(type) {
				case *ast.MapType:
					w.builtinEdge("makemap", c.Lparen)
				case *ast.ChanType:
					w.builtinEdge("makechan", c.Lparen)
				default:
					w.builtinEdge("makeslice", c.Lparen)
				}
			}
		}
	case callIndirect:
		w.f.indirect = append(w.f.indirect, fmt.Sprintf("%s (%s)", exprString(c.Fun), w.pos(c.Lparen)))
	case callUnresolved:
		w.f.unresolved = append(w.f.unresolved, fmt.Sprintf("%s (%s)", exprString(c.Fun), w.pos(c.Lparen)))
	}
	// The function operand: a closure called in place, or a receiver
	// expression with calls in it.
	switch fe := unparen(c.Fun).(type) {
	case *ast.FuncLit:
		w.closure(fe)
	case *ast.SelectorExpr:
		if kind != callFunc || !w.isPkg(fe.X) {
			w.walkExpr(fe.X)
		}
	case *ast.Ident:
	default:
		w.walkExpr(c.Fun)
	}
	for _, a := range c.Args {
		w.walkExpr(a)
		// systemstack(f) and mcall(f) run f: a named function passed to
		// them is called.
		if kind == callFunc && (to.display == "systemstack" || to.display == "mcall") {
			if id, ok := unparen(a).(*ast.Ident); ok {
				if sym, ok := w.pkg.funcs[id.Name]; ok && w.scope[id.Name].expr == nil {
					if g := w.p.syms[sym]; g != nil {
						w.addEdge(nil, g, a.Pos(), "")
					}
				}
			}
		}
	}
}

type callKind int

const (
	callNone       callKind = iota // a conversion, or getg
	callFunc                       // a known function
	callBuiltin                    // print, panic, append...
	callIndirect                   // through a function value
	callUnresolved                 // a method whose receiver type is not known
)

func (w *walker) isPkg(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	if _, local := w.scope[id.Name]; local {
		return false
	}
	_, ok = w.file.Imports[id.Name]
	return ok
}

// resolve finds what a call calls.
func (w *walker) resolve(c *ast.CallExpr) (*fn, string, callKind) {
	fe := unparen(c.Fun)
	if ix, ok := fe.(*ast.IndexExpr); ok { // f[T](...)
		fe = ix.X
	}
	switch x := fe.(type) {
	case *ast.Ident:
		if _, local := w.scope[x.Name]; local {
			return nil, "", callIndirect
		}
		if x.Name == "getg" {
			return nil, "", callNone
		}
		if sym, ok := w.pkg.funcs[x.Name]; ok {
			if w.p.intrinsic(sym) {
				return nil, "", callNone
			}
			f := w.p.syms[sym]
			via := ""
			if f.display != x.Name && displayName(w.pkg.path+"."+x.Name) != f.display {
				via = x.Name
			}
			return f, via, callFunc
		}
		if _, ok := w.pkg.types[x.Name]; ok {
			return nil, "", callNone
		}
		if _, ok := w.pkg.vars[x.Name]; ok {
			return nil, "", callIndirect
		}
		if builtins[x.Name] {
			return nil, "", callBuiltin
		}
		return nil, "", callNone // predeclared types: uintptr(x)
	case *ast.SelectorExpr:
		if w.isPkg(x.X) {
			path := w.file.Imports[x.X.(*ast.Ident).Name]
			pkg := w.p.pkgs[path]
			if pkg == nil {
				return nil, "", callNone // unsafe, or a package not read
			}
			if sym, ok := pkg.funcs[x.Sel.Name]; ok {
				if w.p.intrinsic(sym) {
					return nil, "", callNone
				}
				return w.p.syms[sym], "", callFunc
			}
			if _, ok := pkg.vars[x.Sel.Name]; ok {
				return nil, "", callIndirect
			}
			return nil, "", callNone
		}
		t := w.typeOf(x.X)
		if !t.ok() {
			return nil, "", callUnresolved
		}
		m, iface := w.p.method(t, x.Sel.Name, 0)
		if m != nil {
			return m, "", callFunc
		}
		if iface {
			return nil, "", callIndirect
		}
		if ft := w.p.fieldType(t, x.Sel.Name, 0); ft.ok() {
			return nil, "", callIndirect // a field of function type
		}
		return nil, "", callUnresolved
	case *ast.FuncLit:
		return nil, "", callNone // handled as a closure
	case *ast.ArrayType, *ast.StarExpr, *ast.FuncType, *ast.MapType, *ast.ChanType, *ast.InterfaceType, *ast.StructType:
		return nil, "", callNone // a conversion
	}
	return nil, "", callIndirect
}

// resolveForTerm resolves a call for the end-of-program test, without
// side effects.
func (w *walker) resolveForTerm(c *ast.CallExpr) *fn {
	f, _, kind := w.resolve(c)
	if kind != callFunc {
		return nil
	}
	return f
}

// terminatingStmt says why s ends the program, or "": a call of a
// function that ends it, a write through a nil pointer, or a for loop
// with no way out.
func (w *walker) terminatingStmt(s ast.Stmt, resolve func(*ast.CallExpr) *fn) string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		c, ok := unparen(s.X).(*ast.CallExpr)
		if !ok {
			return ""
		}
		if id, ok := unparen(c.Fun).(*ast.Ident); ok && id.Name == "panic" && w.scope["panic"].expr == nil {
			if _, shadow := w.pkg.funcs["panic"]; !shadow {
				return fmt.Sprintf("%s (%s)", shortCall(c), w.pos(c.Pos()))
			}
		}
		f := resolve(c)
		if f != nil && w.p.terminates(f) {
			return fmt.Sprintf("%s (%s)", shortCall(c), w.pos(c.Pos()))
		}
	case *ast.AssignStmt:
		if len(s.Lhs) == 1 {
			if st, ok := s.Lhs[0].(*ast.StarExpr); ok {
				if c, ok := unparen(st.X).(*ast.CallExpr); ok && len(c.Args) == 1 && isNil(unparen(c.Args[0])) {
					return fmt.Sprintf("a write through a nil pointer (%s)", w.pos(s.Pos()))
				}
			}
		}
	case *ast.ForStmt:
		if s.Cond == nil && !containsJump(s.Body) {
			return fmt.Sprintf("an endless loop (%s)", w.pos(s.Pos()))
		}
	case *ast.BlockStmt:
		if n := len(s.List); n > 0 {
			return w.terminatingStmt(s.List[n-1], resolve)
		}
	}
	return ""
}

// terminates says whether f ends the program. exit is assumed to (it is
// the exit system call, in assembly or through libc); a Go function ends
// it when its last statement does.
func (p *program) terminates(f *fn) bool {
	switch f.term {
	case 1:
		return true
	case -1, 2:
		return false
	}
	f.term = 2
	ok := false
	switch {
	case f.sym == "runtime.exit":
		ok = true
	case f.decl != nil && f.decl.Body != nil && len(f.decl.Body.List) > 0:
		// Only the last statement matters: resolve its call alone, not
		// the whole body.
		w := newWalker(p, f)
		last := f.decl.Body.List[len(f.decl.Body.List)-1]
		ok = w.terminatingStmt(last, w.resolveForTerm) != ""
	}
	f.term = -1
	if ok {
		f.term = 1
	}
	return ok
}

// containsJump: s has a return, goto, break or continue (outside
// closures): control may leave the list before its end.
func containsJump(s ast.Node) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		}
		return !found
	})
	return found
}

func endsWithJump(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.BREAK || s.Tok == token.CONTINUE
	}
	return false
}

func shortCall(c *ast.CallExpr) string {
	s := exprString(c.Fun) + "("
	if len(c.Args) == 1 {
		if lit, ok := c.Args[0].(*ast.BasicLit); ok && len(lit.Value) < 40 {
			s += lit.Value
		} else {
			s += "..."
		}
	} else if len(c.Args) > 1 {
		s += "..."
	}
	return s + ")"
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.ParenExpr:
		return "(" + exprString(x.X) + ")"
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.CallExpr:
		return exprString(x.Fun) + "(...)"
	case *ast.IndexExpr:
		return exprString(x.X) + "[...]"
	case *ast.FuncLit:
		return "func literal"
	}
	return fmt.Sprintf("%T", e)
}

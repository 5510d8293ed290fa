package callgraph

import (
	"fmt"
	"go/ast"
	"go/types"
)

// How a call is made, as go/types sees its function operand.
type how int

const (
	notCall    how = iota // a conversion, or a closure called in place (read as a closure)
	static                // a function or a method, by its static type
	inline                // expanded in place: getg, an intrinsic of the compiler's table
	builtin               // print, panic, append, make...
	indirect              // through a function value, a field, an interface
	unresolved            // a method of an expression go/types has no type for
)

// target is what a call calls.
type target struct {
	how how
	to  *Func
	via string // the name called, where it is an alias of to
	id  *ast.Ident
}

// resolve finds what call c calls, with go/types: a function or method
// by its object (a method by the receiver's static type, the method of an
// embedded field included), through //go:linkname aliases.
func (g *Graph) resolve(c *ast.CallExpr) target {
	fun := unparen(c.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok { // f[T](...)
		fun = ix.X
	}
	switch x := fun.(type) {
	case *ast.Ident:
		return g.resolveObj(x, g.info.Uses[x])
	case *ast.SelectorExpr:
		sel := g.info.Selections[x]
		if sel == nil {
			if g.isPkgName(x.X) {
				return g.resolveObj(x.Sel, g.info.Uses[x.Sel])
			}
			return target{how: unresolved}
		}
		m, ok := sel.Obj().(*types.Func)
		if !ok || types.IsInterface(m.Type().(*types.Signature).Recv().Type()) {
			return target{how: indirect} // a field of function type, an interface's method
		}
		return g.resolveObj(x.Sel, m)
	case *ast.FuncLit:
		return target{}
	}
	if g.info.Types[c.Fun].IsType() || g.info.Types[fun].IsType() {
		return target{} // a conversion
	}
	return target{how: indirect}
}

func (g *Graph) isPkgName(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = g.info.Uses[id].(*types.PkgName)
	return ok
}

func (g *Graph) resolveObj(id *ast.Ident, obj types.Object) target {
	switch o := obj.(type) {
	case *types.Func:
		to := g.byObj[o.Origin()]
		if to == nil {
			return target{} // a package the graph does not read
		}
		t := target{how: static, to: to, id: id}
		if o.Name() == "getg" || g.intrinsic(to.Sym) {
			t.how = inline
		}
		if sig := o.Type().(*types.Signature); sig.Recv() == nil && id.Name != to.Name &&
			displayName(o.Pkg().Path()+"."+id.Name) != to.Name {
			t.via = id.Name
		}
		return t
	case *types.Builtin:
		return target{how: builtin, id: id}
	case *types.Var:
		return target{how: indirect}
	}
	return target{} // a type, or a name go/types could not resolve
}

// intrinsic: the compiler expands calls of sym in place on this port.
func (g *Graph) intrinsic(sym string) bool {
	for _, a := range g.src.Intrinsics()[sym] {
		if a == "*" || a == g.port.GOARCH {
			return true
		}
	}
	return false
}

// Callee is the function call c calls statically (an inline one
// included); nil for a builtin, a conversion, or a call through a value.
func (g *Graph) Callee(c *ast.CallExpr) *Func {
	if t := g.resolve(c); t.how == static || t.how == inline {
		return t.to
	}
	return nil
}

// call adds the edges of call c (Call, or Go for go c) and reads its
// operands.
func (w *walker) call(c *ast.CallExpr, kind Kind) {
	t := w.g.resolve(c)
	switch t.how {
	case static:
		e := w.edge(kind, c, t.to, c.Lparen, t.via)
		if kind == Call && e.Ends == "" && w.g.terminates(t.to) {
			e.Ends = fmt.Sprintf("%s (%s) does not return", shortCall(c), w.g.pos(c.Pos()))
		}
	case inline:
		w.edge(Inline, c, t.to, c.Lparen, t.via)
	case builtin:
		if kind == Call {
			w.builtinCall(c, t.id.Name)
		}
	case indirect:
		w.unfollowed(kind, "call through a function value", c)
	case unresolved:
		w.unfollowed(kind, "method call with an unknown receiver type", c)
	}
	// The function operand: a closure called in place, or a receiver
	// with calls in it.
	switch fe := unparen(c.Fun).(type) {
	case *ast.FuncLit:
		w.closure(fe, kind)
	case *ast.SelectorExpr:
		if !w.g.isPkgName(fe.X) {
			w.walkExpr(fe.X)
		}
	case *ast.Ident:
	default:
		w.walkExpr(c.Fun)
	}
	for _, a := range c.Args {
		w.walkExpr(a)
		// systemstack(f) and mcall(f) run f: a function passed to them
		// is called.
		if t.how == static && (t.to.Name == "systemstack" || t.to.Name == "mcall") {
			if id, ok := unparen(a).(*ast.Ident); ok {
				if f, ok := w.g.info.Uses[id].(*types.Func); ok && w.g.byObj[f] != nil {
					w.edge(Call, id, w.g.byObj[f], a.Pos(), "")
				}
			}
		}
	}
}

// builtinCall adds the calls the compiler makes for a builtin: print and
// println call the print functions; panic calls gopanic; append, make
// call growslice, makeslice, makemap, makechan.
func (w *walker) builtinCall(c *ast.CallExpr, name string) {
	switch name {
	case "print", "println":
		w.edge(Builtin, c, w.g.printFn, c.Lparen, "")
	case "panic":
		w.builtin("gopanic", c, c.Lparen)
	case "append":
		w.builtin("growslice", c, c.Lparen)
	case "make":
		if len(c.Args) == 0 {
			return
		}
		switch c.Args[0].(type) {
		case *ast.MapType:
			w.builtin("makemap", c, c.Lparen)
		case *ast.ChanType:
			w.builtin("makechan", c, c.Lparen)
		default:
			w.builtin("makeslice", c, c.Lparen)
		}
	}
}

// unfollowed notes a call the graph cannot follow (one that go starts
// elsewhere is not this function's).
func (w *walker) unfollowed(kind Kind, why string, c *ast.CallExpr) {
	if kind == Call && !w.dead {
		w.f.unfollowed = append(w.f.unfollowed, fmt.Sprintf("%s %s (%s)", why, exprString(c.Fun), w.g.pos(c.Lparen)))
	}
}

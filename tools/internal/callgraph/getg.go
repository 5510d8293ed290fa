package callgraph

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// gRead notes a field read through getg(): getg().m, or gp.m with
// gp = getg() not checked against nil on the way. The first one in the
// body is why the function needs a G.
func (w *walker) gRead(s *ast.SelectorExpr) {
	if w.dead || w.f.needsG != "" {
		return
	}
	if w.isGetg(s.X) {
		w.f.needsG = fmt.Sprintf("reads getg().%s (%s)", s.Sel.Name, w.g.pos(s.Pos()))
		return
	}
	if id, ok := s.X.(*ast.Ident); ok {
		if v, ok := w.g.info.Uses[id].(*types.Var); ok && w.gvars[v] && !w.guarded[v] {
			w.f.needsG = fmt.Sprintf("reads %s.%s, %s = getg() (%s)", id.Name, s.Sel.Name, id.Name, w.g.pos(s.Pos()))
		}
	}
}

// isGetg: e is a call of getg().
func (w *walker) isGetg(e ast.Expr) bool {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	f, ok := w.g.info.Uses[id].(*types.Func)
	return ok && f.Name() == "getg"
}

// guard marks the G variables that cond checks against nil: x op nil,
// joined by join (x != nil && ..., or x == nil || ...).
func (w *walker) guard(cond ast.Expr, op, join token.Token) {
	for _, v := range w.nilChecks(cond, op, join) {
		if w.gvars[v] {
			w.guarded[v] = true
		}
	}
}

// nilChecks returns the variables x in "x op nil" joined by join.
func (w *walker) nilChecks(e ast.Expr, op, join token.Token) []*types.Var {
	b, ok := unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	if b.Op == join {
		return append(w.nilChecks(b.X, op, join), w.nilChecks(b.Y, op, join)...)
	}
	if b.Op != op {
		return nil
	}
	x, y := unparen(b.X), unparen(b.Y)
	if w.g.isNil(y) {
		x, y = y, x
	}
	if !w.g.isNil(x) {
		return nil
	}
	if id, ok := y.(*ast.Ident); ok {
		if v, ok := w.g.info.Uses[id].(*types.Var); ok {
			return []*types.Var{v}
		}
	}
	return nil
}

func (g *Graph) isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = g.info.Uses[id].(*types.Nil)
	return ok
}

// cgoCond says why a condition holds only when runtime/cgo is linked: a
// conjunct _cgo_X != nil (a package variable), or iscgo; "" if it does
// not.
func (w *walker) cgoCond(e ast.Expr) string {
	for _, v := range w.nilChecks(e, token.NEQ, token.LAND) {
		if strings.HasPrefix(v.Name(), "_cgo_") && isGlobal(v) {
			return fmt.Sprintf("only with runtime/cgo linked: %s != nil (%s)", v.Name(), w.g.pos(e.Pos()))
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
		id, _ := e.(*ast.Ident)
		if v, ok := w.g.info.Uses[id].(*types.Var); ok && v.Name() == "iscgo" && isGlobal(v) && found == "" {
			found = fmt.Sprintf("only with runtime/cgo linked: iscgo (%s)", w.g.pos(e.Pos()))
		}
	}
	conj(e)
	return found
}

// isGlobal: v is a package-level variable.
func isGlobal(v *types.Var) bool { return v.Pkg() != nil && v.Parent() == v.Pkg().Scope() }

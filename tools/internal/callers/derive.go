package callers

import (
	"go/ast"
	"go/token"
	"go/types"

	"xaddref/tools/internal/callgraph"
)

// A derivation is where a value the runtime keeps is computed from stats:
// a field or package variable assigned from an expression that reads a
// stat (or another such value), through the locals of the function; or a
// field memmove copies from a struct of stats by layout (2015's
// readmemstats_m copies memstats into the user's MemStats).
type derivation struct {
	fn  *callgraph.Func
	pos token.Pos
}

// derive finds the values derived from the stats, to a fixed point (a
// value derived in one function and copied in another is derived too).
func (l *ledger) derive(stats map[*types.Var]bool) map[*types.Var]derivation {
	out := map[*types.Var]derivation{}
	tainted := func(v *types.Var) bool {
		_, ok := out[v]
		return stats[v] || ok
	}
	for round := 0; round < 8; round++ {
		n := len(out)
		for _, decl := range l.decls {
			l.deriveIn(decl, tainted, out)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// deriveIn adds what decl (closures included) derives from the tainted
// variables: its assignments in source order, and its memmoves.
func (l *ledger) deriveIn(decl *callgraph.Func, tainted func(*types.Var) bool, out map[*types.Var]derivation) {
	locals := map[*types.Var]bool{}
	reads := func(e ast.Expr) bool {
		return l.readsValue(e, func(v *types.Var) bool { return tainted(v) || locals[v] })
	}
	mark := func(lhs ast.Expr, pos token.Pos) {
		v := l.varOf(unparen(lhs))
		switch {
		case v == nil || tainted(v):
		case l.isGlobal(v) || v.IsField():
			out[v] = derivation{decl, pos}
		default:
			locals[v] = true
		}
	}
	ast.Inspect(decl.Body(), func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) != len(x.Rhs) {
				break
			}
			for i := range x.Lhs {
				if reads(x.Rhs[i]) {
					mark(x.Lhs[i], x.Pos())
				}
			}
		case *ast.ValueSpec:
			for i := range x.Names {
				if i < len(x.Values) && len(x.Values) == len(x.Names) && reads(x.Values[i]) {
					mark(x.Names[i], x.Pos())
				}
			}
		case *ast.CallExpr:
			if c := l.layoutCopy(x); c != nil {
				for dst, src := range c.pairs {
					if tainted(src) && !tainted(dst) {
						out[dst] = derivation{decl, x.Pos()}
					}
				}
			}
		}
		return true
	})
}

// readsValue: e reads the value of a variable of the set: not its
// address (&memstats.other_sys passed to sysAlloc), not a method's
// receiver other than a load's (s.add(n) writes s), not inside a
// closure.
func (l *ledger) readsValue(e ast.Expr, in func(*types.Var) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // it reads when called, not when assigned
		case *ast.UnaryExpr:
			return x.Op != token.AND && !found
		case *ast.CallExpr:
			if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok {
				if s := l.p.Info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					if isLoad(sel.Sel.Name) && l.readsValue(sel.X, in) {
						found = true
					}
					for _, a := range x.Args {
						found = found || l.readsValue(a, in)
					}
					return false
				}
			}
		}
		if v := l.varOf(n); v != nil && in(v) {
			found = true
		}
		return !found
	})
	return found
}

// varOf is the variable an identifier or a field selector names (a
// package-level variable, a local, a field).
func (l *ledger) varOf(n ast.Node) *types.Var {
	switch x := n.(type) {
	case *ast.SelectorExpr:
		if sel := l.p.Info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ := sel.Obj().(*types.Var)
			return v
		}
	case *ast.Ident:
		if v, ok := l.p.Info.Uses[x].(*types.Var); ok {
			return v
		}
		if v, ok := l.p.Info.Defs[x].(*types.Var); ok {
			return v
		}
	}
	return nil
}

// A layout is a memmove from a package-level struct variable to a pointer
// to another struct: each field of the destination gets the source's
// field at the same offset, of the same size.
type layout struct {
	src   *types.Var
	pairs map[*types.Var]*types.Var // destination field -> source field
}

// layoutCopy reads memmove(unsafe.Pointer(dst), unsafe.Pointer(&V), n) as
// a copy, or returns nil.
func (l *ledger) layoutCopy(c *ast.CallExpr) *layout {
	callee := l.g.Callee(c)
	if callee == nil || callee.Name != "memmove" || len(c.Args) != 3 {
		return nil
	}
	dst, src := l.stripConv(c.Args[0]), l.stripConv(c.Args[1])
	amp, ok := src.(*ast.UnaryExpr)
	if !ok || amp.Op != token.AND {
		return nil
	}
	sv := l.varOf(unparen(amp.X))
	dp, ok := l.typeOf(dst).(*types.Pointer)
	if sv == nil || !ok || !l.isGlobal(sv) {
		return nil
	}
	ss, ok1 := sv.Type().Underlying().(*types.Struct)
	ds, ok2 := dp.Elem().Underlying().(*types.Struct)
	if !ok1 || !ok2 {
		return nil
	}
	at := map[int64]*types.Var{}
	for i, off := range l.offsets(ss) {
		at[off] = ss.Field(i)
	}
	cp := &layout{src: sv, pairs: map[*types.Var]*types.Var{}}
	for i, off := range l.offsets(ds) {
		f := ds.Field(i)
		if g := at[off]; g != nil && l.p.Sizes.Sizeof(g.Type()) == l.p.Sizes.Sizeof(f.Type()) {
			cp.pairs[f] = g
		}
	}
	return cp
}

func (l *ledger) offsets(s *types.Struct) []int64 {
	fields := make([]*types.Var, s.NumFields())
	for i := range fields {
		fields[i] = s.Field(i)
	}
	return l.p.Sizes.Offsetsof(fields)
}

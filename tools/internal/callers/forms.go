package callers

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"xaddref/tools/internal/callgraph"
)

// A form is a linear combination of atoms, the values a function adds
// and subtracts: atom key -> coefficient.
type form map[string]int64

func (f form) add(g form, k int64) form {
	out := form{}
	for a, c := range f {
		out[a] += c
	}
	for a, c := range g {
		out[a] += k * c
	}
	for a, c := range out {
		if c == 0 {
			delete(out, a)
		}
	}
	return out
}

// String is "+a -b" in sorted order, "0" for none.
func (f form) String() string {
	if len(f) == 0 {
		return "0"
	}
	var keys []string
	for a := range f {
		keys = append(keys, a)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, a := range keys {
		c := f[a]
		switch {
		case c < 0:
			b.WriteString("-")
		case i > 0:
			b.WriteString("+")
		}
		if c != 1 && c != -1 {
			fmt.Fprintf(&b, "%d*", abs(c))
		}
		b.WriteString(a)
	}
	return b.String()
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// An env is what a function's straight-line code has assigned so far: a
// form per local and per field, and the line of the last assignment.
type env struct {
	l     *ledger
	vals  map[*types.Var]form
	at    map[*types.Var]token.Pos
	atoms map[string]*types.Var // atom key -> the variable, where it is one
	// from are the forms a layout copy gave, before later assignments.
	from map[*types.Var]form
}

// atom is the key of a variable's value: mstats.stacks_sys, the type's
// name and the field's for a field, the name for a variable.
func (e *env) atom(v *types.Var) form {
	k := v.Name()
	if v.IsField() {
		k = e.l.fieldName(v)
	}
	e.atoms[k] = v
	return form{k: 1}
}

// fieldName is a field as Type.field, the struct's named type found
// among the package's types.
func (l *ledger) fieldName(v *types.Var) string {
	if n, ok := l.owner()[v]; ok {
		return n + "." + v.Name()
	}
	return v.Name()
}

// owner maps every field of the runtime's named struct types to the
// type's name, once.
func (l *ledger) owner() map[*types.Var]string {
	if l.owners != nil {
		return l.owners
	}
	l.owners = map[*types.Var]string{}
	scope := l.p.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				l.owners[st.Field(i)] = name
			}
		}
	}
	return l.owners
}

// value is v's form: what the function assigned it, else what the one
// assignment in the package that defines it gives (2015's memstats.sys,
// set in updatememstats), else v itself.
func (e *env) value(v *types.Var) form {
	if f, ok := e.vals[v]; ok {
		return f
	}
	if d, ok := e.l.definitions()[v]; ok {
		return d
	}
	return e.atom(v)
}

// eval is an expression's form; what is not a sum of variables is an
// atom of its own, its text.
func (e *env) eval(x ast.Expr) form {
	switch x := unparen(x).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB {
			k := int64(1)
			if x.Op == token.SUB {
				k = -1
			}
			return e.eval(x.X).add(e.eval(x.Y), k)
		}
	case *ast.CallExpr:
		if tv, ok := e.l.p.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return e.eval(x.Args[0]) // a conversion
		}
		// s.load(), atomic.Load64(&s): s's value.
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && isLoad(sel.Sel.Name) && len(x.Args) == 0 {
			if v := e.l.varOf(unparen(sel.X)); v != nil {
				return e.value(v)
			}
		}
		if c := e.l.g.Callee(x); c != nil && isLoad(c.Name) && len(x.Args) == 1 {
			if u, ok := unparen(x.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
				if v := e.l.varOf(unparen(u.X)); v != nil {
					return e.value(v)
				}
			}
		}
	case *ast.SelectorExpr, *ast.Ident:
		if v := e.l.varOf(x); v != nil {
			return e.value(v)
		}
	}
	return form{e.l.text(x): 1}
}

// straightLine evaluates fn's top-level statements in order: the
// assignments of locals and fields (=, :=, +=, -=) and memmove's layout
// copies. Branches and loops are not followed: the totals and their
// parts are set in the body's own list (updatememstats, readmemstats_m).
func (l *ledger) straightLine(fn *callgraph.Func) *env {
	e := &env{l: l, vals: map[*types.Var]form{}, at: map[*types.Var]token.Pos{}, atoms: map[string]*types.Var{},
		from: map[*types.Var]form{}}
	for _, s := range fn.Body().List {
		switch x := s.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i := range x.Lhs {
					e.assign(x.Lhs[i], x.Tok, x.Rhs[i], x.Pos())
				}
			}
		case *ast.DeclStmt:
			if gd, ok := x.Decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
						for i := range vs.Names {
							e.assign(vs.Names[i], token.DEFINE, vs.Values[i], vs.Pos())
						}
					}
				}
			}
		case *ast.ExprStmt:
			if c, ok := x.X.(*ast.CallExpr); ok {
				if cp := l.layoutCopy(c); cp != nil {
					for dst, src := range cp.pairs {
						f := e.value(src)
						e.vals[dst], e.from[dst], e.at[dst] = f, f, c.Pos()
					}
				}
			}
		}
	}
	return e
}

func (e *env) assign(lhs ast.Expr, tok token.Token, rhs ast.Expr, pos token.Pos) {
	v := e.l.varOf(unparen(lhs))
	if v == nil {
		return
	}
	f := e.eval(rhs)
	switch tok {
	case token.ASSIGN, token.DEFINE:
	case token.ADD_ASSIGN:
		f = e.value(v).add(f, 1)
	case token.SUB_ASSIGN:
		f = e.value(v).add(f, -1)
	default:
		f = form{e.l.text(lhs) + " " + tok.String() + " ...": 1}
	}
	e.vals[v], e.at[v] = f, pos
}

// definitions are the values of the fields and package variables that one
// top-level assignment in the whole package sets (2015's memstats.sys, in
// updatememstats), once. Their forms are of atoms only: a definition is
// not expanded through another.
func (l *ledger) definitions() map[*types.Var]form {
	if l.defs != nil {
		return l.defs
	}
	l.defs = map[*types.Var]form{}
	count := map[*types.Var]int{}
	where := map[*types.Var]*callgraph.Func{}
	for _, fn := range l.decls {
		for _, s := range fn.Body().List {
			a, ok := s.(*ast.AssignStmt)
			if !ok || len(a.Lhs) != len(a.Rhs) {
				continue
			}
			for _, lhs := range a.Lhs {
				if v := l.varOf(unparen(lhs)); v != nil && (v.IsField() || l.isGlobal(v)) {
					count[v]++
					where[v] = fn
				}
			}
		}
	}
	defs := map[*types.Var]form{}
	for v, n := range count {
		if n == 1 {
			if f, ok := l.straightLine(where[v]).vals[v]; ok {
				defs[v] = f
			}
		}
	}
	l.defs = defs
	return defs
}

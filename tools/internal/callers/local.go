package callers

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"xaddref/tools/internal/era"
)

// LocalFacts are what the analysis finds of a local stat between its
// declaration and the call it is passed to, in source order in its
// function (closures included).
type LocalFacts struct {
	Name  string
	Start string // "0", a constant, or the expression it starts at
	Zero  bool   // it starts at zero
	// Events are the writes and escapes between the declaration and the
	// use: "charged by sysMap at malloc.go:300", "assigned at ...".
	Events []string
	// StartsAtAmount: it starts at the very amount the call discharges
	// (the same variable, not assigned in between).
	StartsAtAmount bool
}

// Violation: a local that starts at zero and is never written before it
// is discharged.
func (f *LocalFacts) Violation() bool { return f.Zero && len(f.Events) == 0 }

// localFacts studies the local o.obj of o.fn up to o.use.
func (l *ledger) localFacts(o *Origin) *LocalFacts {
	v := o.obj
	f := &LocalFacts{Name: v.Name(), Start: "?"}
	body := o.fn.Body()
	for r := o.fn.Outer; r != nil; r = r.Outer {
		body = r.Body()
	}
	start, declEnd, declared := l.declaration(body, v)
	if !declared {
		f.Start = "unknown (no declaration found)"
		return f
	}
	switch e, isExpr := start.(ast.Expr); {
	case start == nil:
		f.Start, f.Zero = "0", true
	case !isExpr:
		f.Start = "a call's result"
	case l.p.Info.Types[e].Value != nil:
		val := l.p.Info.Types[e].Value
		f.Start, f.Zero = val.ExactString(), constant.Sign(val) == 0
	default:
		f.Start = l.text(e)
	}
	usePos := token.NoPos
	if o.use != nil {
		usePos = o.use.Pos()
	}
	f.Events = l.events(body, v, declEnd, usePos)
	if !f.Zero && len(f.Events) == 0 && o.amt != nil {
		f.StartsAtAmount = l.sameValue(start, o.amt)
	}
	return f
}

// declaration finds where v is declared in body: the expression it
// starts at (nil for none, the statement for a call's results), and
// where the declaration ends.
func (l *ledger) declaration(body *ast.BlockStmt, v *types.Var) (start ast.Node, end token.Pos, found bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch d := n.(type) {
		case *ast.ValueSpec:
			for i, id := range d.Names {
				if l.p.Info.Defs[id] == v {
					found, end = true, d.End()
					if i < len(d.Values) && len(d.Values) == len(d.Names) {
						start = d.Values[i]
					}
				}
			}
		case *ast.AssignStmt:
			if d.Tok != token.DEFINE {
				break
			}
			for i, lhs := range d.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && l.p.Info.Defs[id] == v {
					found, end = true, d.End()
					if len(d.Lhs) == len(d.Rhs) {
						start = d.Rhs[i]
					} else {
						start = d // from a call's results
					}
				}
			}
		}
		return !found
	})
	return start, end, found
}

// events are every write of v, and every use of its address, between
// its declaration's end and usePos.
func (l *ledger) events(body *ast.BlockStmt, v *types.Var, declEnd, usePos token.Pos) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.End() <= declEnd || usePos.IsValid() && n.Pos() >= usePos {
			return false
		}
		if n.Pos() < declEnd {
			return true // it holds the declaration: look inside
		}
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if l.refersTo(lhs, v) {
					out = append(out, fmt.Sprintf("assigned (%s) at %s", x.Tok, l.posString(x.Pos())))
				}
			}
		case *ast.IncDecStmt:
			if l.refersTo(x.X, v) {
				out = append(out, fmt.Sprintf("%s at %s", x.Tok, l.posString(x.Pos())))
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && l.refersTo(x.X, v) {
				out = append(out, l.addrUse(x, body))
			}
		}
		return true
	})
	return out
}

// refersTo reports whether e is v, or a field or element of it.
func (l *ledger) refersTo(e ast.Expr, v *types.Var) bool {
	for {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			return l.p.Info.Uses[x] == v || l.p.Info.Defs[x] == v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return false
		}
	}
}

// addrUse describes a use of &v: charged by a stat function, or escaping.
func (l *ledger) addrUse(u *ast.UnaryExpr, body *ast.BlockStmt) string {
	var what string
	ast.Inspect(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || what != "" {
			return what == ""
		}
		for _, a := range c.Args {
			if unparen(a) == u {
				if callee := l.g.Callee(c); callee != nil && callee.Obj != nil {
					if sf := l.statFunc(callee); sf != nil {
						what = fmt.Sprintf("%sd by %s at %s", l.siteRole(sf, c), sf.Name, l.posString(c.Pos()))
						return false
					}
					what = fmt.Sprintf("passed to %s at %s", callee.Obj.Name(), l.posString(c.Pos()))
					return false
				}
				what = "passed to a call at " + l.posString(c.Pos())
				return false
			}
		}
		return true
	})
	if what == "" {
		what = "its address taken at " + l.posString(u.Pos())
	}
	return what
}

func (l *ledger) siteRole(sf *era.StatFunc, c *ast.CallExpr) era.Role {
	if sf.Role != "" {
		return sf.Role
	}
	if sf.Amount >= 0 && sf.Amount < len(c.Args) {
		return l.sign(c.Args[sf.Amount])
	}
	return era.Charge
}

func (l *ledger) posString(p token.Pos) string {
	f, line := l.p.Position(p)
	return fmt.Sprintf("%s:%d", f, line)
}

// sameValue reports whether start and amt are the same variable (through
// conversions), or the same constant.
func (l *ledger) sameValue(start ast.Node, amt ast.Expr) bool {
	se, ok := start.(ast.Expr)
	if !ok {
		return false
	}
	a, b := l.stripConv(se), l.stripConv(amt)
	if ta, ok := l.p.Info.Types[a]; ok && ta.Value != nil {
		tb, ok := l.p.Info.Types[b]
		return ok && tb.Value != nil && constant.Compare(ta.Value, token.EQL, tb.Value)
	}
	ia, ok1 := a.(*ast.Ident)
	ib, ok2 := b.(*ast.Ident)
	if !ok1 || !ok2 {
		return false
	}
	va := l.p.Info.Uses[ia]
	return va != nil && va == l.p.Info.Uses[ib]
}

func (l *ledger) stripConv(e ast.Expr) ast.Expr {
	for {
		c, ok := unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return unparen(e)
		}
		if tv, ok := l.p.Info.Types[c.Fun]; !ok || !tv.IsType() {
			return unparen(e)
		}
		e = c.Args[0]
	}
}

// describe is a local's facts in a few words.
func (f *LocalFacts) describe() string {
	switch {
	case f.Violation():
		return fmt.Sprintf("local %s starts at 0 and is never charged before", f.Name)
	case f.StartsAtAmount:
		return fmt.Sprintf("local %s starts at the amount (%s)", f.Name, f.Start)
	case len(f.Events) > 0:
		return fmt.Sprintf("local %s starts at %s; then %s", f.Name, f.Start, strings.Join(f.Events, "; "))
	}
	return fmt.Sprintf("local %s starts at %s", f.Name, f.Start)
}

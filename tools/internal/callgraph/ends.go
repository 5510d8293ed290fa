package callgraph

import (
	"fmt"
	"go/ast"
	"go/token"
)

// terminatingStmt says why s ends the program, or "": a call of panic or
// of a function that ends it, a write through a nil pointer, or a for loop
// with no way out.
func (g *Graph) terminatingStmt(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		c, ok := unparen(s.X).(*ast.CallExpr)
		if !ok {
			return ""
		}
		t := g.resolve(c)
		if t.how == builtin && t.id.Name == "panic" || t.how == static && g.terminates(t.to) {
			return fmt.Sprintf("%s (%s)", shortCall(c), g.pos(c.Pos()))
		}
	case *ast.AssignStmt:
		if len(s.Lhs) == 1 {
			if st, ok := s.Lhs[0].(*ast.StarExpr); ok {
				if c, ok := unparen(st.X).(*ast.CallExpr); ok && len(c.Args) == 1 && g.isNil(unparen(c.Args[0])) {
					return fmt.Sprintf("a write through a nil pointer (%s)", g.pos(s.Pos()))
				}
			}
		}
	case *ast.ForStmt:
		if s.Cond == nil && !containsJump(s.Body) {
			return fmt.Sprintf("an endless loop (%s)", g.pos(s.Pos()))
		}
	case *ast.BlockStmt:
		if n := len(s.List); n > 0 {
			return g.terminatingStmt(s.List[n-1])
		}
	}
	return ""
}

// terminates says whether f ends the program. exit is assumed to (it is
// the exit system call, in assembly or through libc); a Go function ends
// it when its last statement does.
func (g *Graph) terminates(f *Func) bool {
	switch f.term {
	case 1:
		return true
	case -1, 2:
		return false
	}
	f.term = 2
	ok := f.Sym == "runtime.exit"
	if b := f.Body(); !ok && f.Lit == nil && b != nil && len(b.List) > 0 {
		ok = g.terminatingStmt(b.List[len(b.List)-1]) != ""
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

// shortCall is a call as messages show it: throw("x"), exit(...).
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

package variants

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// Sites: the host can say where in the tree each step of a run happened.
// The extraction puts, before every statement of an extracted function, a
// call xrAt("file:line") of the statement's line in the tree, routes every
// if and for condition through xrBr("file:line", cond), which also says
// the branch taken, and starts every function with xrIn() and a deferred
// xrOut(). With XRHOST_SITES=1 in its environment the host writes them to
// the trace ("at", "br", "in", "out" lines), and a "moved" line with the
// cells each time a statement changed them; without it, they write
// nothing, and the trace is the one the C model writes. The semantics
// comparison aligns two eras' runs on these lines: where they part is a
// line of each tree.

// sitesEnv is the host's environment that turns the site lines on.
const sitesEnv = "XRHOST_SITES=1"

// A siteText is a site's line in the tree and the function it is in.
type siteText struct{ text, fn string }

// instrument marks cp, the copy of s's function, with its sites; the
// extraction's sites map each to its line's text in the tree.
func (x *extractor) instrument(cp *hostDecl, s *source) error {
	fd, ok := cp.decl.(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return nil
	}
	orig := map[ast.Node]ast.Node{}
	for o, c := range cp.pairs {
		orig[c] = o
	}
	var err error
	site := func(n ast.Node) string {
		o := orig[n]
		if o == nil {
			return ""
		}
		file, line := s.c.Position(o.Pos())
		key := fmt.Sprintf("%s:%d", file, line)
		if _, ok := x.sites[key]; !ok {
			text, e := x.lineText(s, o.Pos())
			if e != nil && err == nil {
				err = e
			}
			x.sites[key] = siteText{text, s.name}
		}
		return key
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = marked(n.List, site)
		case *ast.CaseClause:
			n.Body = append([]ast.Stmt{atStmt(site(n))}, marked(n.Body, site)...)
		case *ast.CommClause:
			n.Body = append([]ast.Stmt{atStmt(site(n))}, marked(n.Body, site)...)
		case *ast.IfStmt:
			n.Cond = brExpr(site(n), n.Cond)
		case *ast.ForStmt:
			if n.Cond != nil {
				n.Cond = brExpr(site(n), n.Cond)
			}
		}
		return true
	})
	in, out := call("xrIn"), call("xrOut")
	fd.Body.List = append([]ast.Stmt{&ast.ExprStmt{X: in}, &ast.DeferStmt{Call: out}}, fd.Body.List...)
	return err
}

// marked is list with a marker before each statement of the tree.
func marked(list []ast.Stmt, site func(ast.Node) string) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		if k := site(st); k != "" {
			out = append(out, atStmt(k))
		}
		out = append(out, st)
	}
	return out
}

func call(fn string) *ast.CallExpr { return &ast.CallExpr{Fun: ast.NewIdent(fn)} }

func atStmt(site string) ast.Stmt {
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("xrAt"),
		Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: fmt.Sprintf("%q", site)}}}}
}

func brExpr(site string, cond ast.Expr) ast.Expr {
	if site == "" {
		return cond
	}
	return &ast.CallExpr{Fun: ast.NewIdent("xrBr"),
		Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: fmt.Sprintf("%q", site)}, cond}}
}

// lineText is the text of the tree's line at pos, its spaces squeezed.
func (x *extractor) lineText(s *source, pos token.Pos) (string, error) {
	p := x.src.Fset.Position(pos)
	lines, ok := x.lines[p.Filename]
	if !ok {
		files, err := x.src.Files(s.c.Port, "runtime")
		if err != nil {
			return "", err
		}
		for _, f := range files {
			if _, ok := x.lines[f.Path]; !ok {
				x.lines[f.Path] = strings.Split(string(f.Data), "\n")
			}
		}
		if lines, ok = x.lines[p.Filename]; !ok {
			return "", fmt.Errorf("%s: not among the runtime's files of %s", p.Filename, s.c.Port)
		}
	}
	if p.Line < 1 || p.Line > len(lines) {
		return "", fmt.Errorf("%s: no line %d", p.Filename, p.Line)
	}
	return strings.Join(strings.Fields(lines[p.Line-1]), " "), nil
}

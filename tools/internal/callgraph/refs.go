package callgraph

import (
	"go/ast"
	"go/types"

	"xaddref/tools/internal/tree"
)

// A Ref is a place that names a function: an assembly operand (a CALL, or
// its address taken), or a Go identifier.
type Ref struct {
	Pos Pos
	// Decl is the declared function whose body holds a Go reference (nil
	// at package level and in assembly).
	Decl *Func
	// Called: the identifier is the function operand of a call.
	Called bool
	Asm    bool // an assembly operand
}

// Refs lists where f is named, package by package in load order: the
// assembly's operands, then the Go identifiers.
func (g *Graph) Refs(f *Func) []Ref {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refs == nil {
		g.refs = map[*Func][]Ref{}
		for _, pkg := range g.Pkgs {
			g.indexRefs(pkg)
		}
	}
	return g.refs[f]
}

func (g *Graph) indexRefs(pkg *Package) {
	for _, af := range pkg.Asm {
		for _, ref := range af.Refs {
			if f := g.syms[tree.AsmSymbol(ref.Raw, pkg.path, af.Src.Name)]; f != nil {
				g.refs[f] = append(g.refs[f], Ref{Pos: Pos{file: af.Src.Name, line: ref.Line}, Asm: true})
			}
		}
	}
	for _, file := range pkg.Go {
		for _, d := range file.Go.AST.Decls {
			decl := g.byDecl[asFuncDecl(d)]
			called := map[*ast.Ident]bool{}
			ast.Inspect(d, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					called[calleeIdent(x.Fun)] = true
				case *ast.Ident:
					obj, ok := g.info.Uses[x].(*types.Func)
					if !ok {
						break
					}
					if f := g.byObj[obj.Origin()]; f != nil {
						g.refs[f] = append(g.refs[f], Ref{Pos: g.pos(x.Pos()), Decl: decl, Called: called[x]})
					}
				}
				return true
			})
		}
	}
}

func asFuncDecl(d ast.Decl) *ast.FuncDecl {
	fd, _ := d.(*ast.FuncDecl)
	return fd
}

// calleeIdent is the identifier naming a call's function: f, x.f, f[T].
func calleeIdent(fun ast.Expr) *ast.Ident {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	case *ast.IndexExpr:
		return calleeIdent(x.X)
	case *ast.IndexListExpr:
		return calleeIdent(x.X)
	}
	return nil
}

package tree

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A Decl is the syntax that declares a package-level object or a method:
// what a consumer copies, or reads the body of, once go/types has said
// which declaration a name refers to on a port.
type Decl struct {
	File *ast.File
	Func *ast.FuncDecl // a function or method; else
	Gen  *ast.GenDecl  // the group holding Spec,
	Spec ast.Spec
	// Index is Spec's index in Gen: the value of iota in it.
	Index int
}

// DeclOf returns the declaration of obj among the port's files of package
// runtime, or nil (a local, a field, another package's object).
func (p *Checked) DeclOf(obj types.Object) *Decl {
	p.declsOnce.Do(p.indexDecls)
	return p.decls[obj.Pos()]
}

// indexDecls maps the position of each top-level declared name (the
// position go/types gives its object) to its declaration.
func (p *Checked) indexDecls() {
	p.decls = map[token.Pos]*Decl{}
	for _, f := range p.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.decls[d.Name.Pos()] = &Decl{File: f, Func: d}
			case *ast.GenDecl:
				for i, s := range d.Specs {
					for _, n := range specNames(s) {
						p.decls[n.Pos()] = &Decl{File: f, Gen: d, Spec: s, Index: i}
					}
				}
			}
		}
	}
}

func specNames(s ast.Spec) []*ast.Ident {
	switch s := s.(type) {
	case *ast.ValueSpec:
		return s.Names
	case *ast.TypeSpec:
		return []*ast.Ident{s.Name}
	}
	return nil
}

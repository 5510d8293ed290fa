package variants

import (
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"

	"xaddref/tools/internal/tree"
)

// A source is a declaration of the tree that the host takes: its syntax,
// its object, the name it declares ("T.m" for a method), its file, and the
// port's check, which resolves what it uses.
type source struct {
	*tree.Decl
	obj  types.Object
	name string
	file string // "mem_linux.go"
	c    *tree.Checked
}

// sourceOf is the declaration of the runtime's obj on c's port, nil if
// obj is not declared in its files (a local, a field, another package's).
func sourceOf(obj types.Object, c *tree.Checked) *source {
	d := c.DeclOf(obj)
	if d == nil {
		return nil
	}
	file, _ := c.Position(obj.Pos())
	return &source{Decl: d, obj: obj, name: obj.Name(), file: file, c: c}
}

func prefixed(scope, name string) string {
	if scope == "" {
		return name
	}
	return scope + "_" + name
}

// pull extracts s into scope ("" shared, else an instance's) once and
// returns the name it has in the host.
func (x *extractor) pull(s *source, scope string) (string, error) {
	key := scope + "|" + s.name
	if n, ok := x.pulled[key]; ok {
		return n, nil
	}
	newName := prefixed(scope, s.name)
	x.pulled[key] = newName
	s, err := x.bodied(s)
	if err != nil {
		return "", err
	}
	cp, err := x.copyDecl(s)
	if err != nil {
		return "", err
	}
	x.renameDeclared(cp.decl, scope, newName, s)
	if err := x.resolveRefs(cp, scope, s); err != nil {
		return "", err
	}
	if f, ok := cp.decl.(*ast.FuncDecl); ok {
		x.funcs[newName] = f
	}
	if err := x.emit(scope, s, cp); err != nil {
		return "", err
	}
	return newName, x.pullMethods(s, scope)
}

// bodied is s as a check that covered its function's body sees it: s
// itself, or, for a function of a file outside the plan (a method of a
// port's type), the port's full check.
func (x *extractor) bodied(s *source) (*source, error) {
	if s.Func == nil || s.c.HasBodies(s.file) {
		return s, nil
	}
	full, err := x.src.Check(s.c.Port)
	if err != nil {
		return nil, err
	}
	b := sourceOf(full.Info.Defs[s.Func.Name], full)
	b.name = s.name
	return b, nil
}

// renameDeclared gives the names decl (s's copy) declares their host
// names.
func (x *extractor) renameDeclared(decl ast.Decl, scope, newName string, s *source) {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		d.Name.Name = newName
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch sp := spec.(type) {
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					x.pulled[scope+"|"+n.Name] = prefixed(scope, n.Name)
					n.Name = prefixed(scope, n.Name)
				}
			case *ast.TypeSpec:
				sp.Name.Name = newName
				if types.Identical(s.obj.Type().Underlying(), types.Typ[types.Uintptr]) {
					x.uintptrTypes[newName] = true
				}
			}
		}
	}
}

// pullMethods: a type brings its methods declared in its file.
func (x *extractor) pullMethods(s *source, scope string) error {
	tn, ok := s.obj.(*types.TypeName)
	if !ok {
		return nil
	}
	for _, d := range s.File.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		m, ok := s.c.Info.Defs[fd.Name].(*types.Func)
		if !ok || receiver(m) != tn {
			continue
		}
		ms := &source{Decl: s.c.DeclOf(m), obj: m, name: tn.Name() + "." + m.Name(), file: s.file, c: s.c}
		if err := x.pullMethod(ms, scope); err != nil {
			return err
		}
	}
	return nil
}

// receiver is the named type of method m's receiver.
func receiver(m *types.Func) *types.TypeName {
	t := m.Type().(*types.Signature).Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// pullMethod extracts a method; its receiver type is renamed with the rest.
func (x *extractor) pullMethod(s *source, scope string) error {
	key := scope + "|" + s.name
	if _, ok := x.pulled[key]; ok {
		return nil
	}
	x.pulled[key] = s.name
	s, err := x.bodied(s)
	if err != nil {
		return err
	}
	cp, err := x.copyDecl(s)
	if err != nil {
		return err
	}
	if err := x.resolveRefs(cp, scope, s); err != nil {
		return err
	}
	return x.emit(scope, s, cp)
}

// emit appends cp's declaration to its scope's file, its sites marked
// (instrument), with a //line directive pointing at the tree's source so
// that a compile error names the tree's file and line.
func (x *extractor) emit(scope string, s *source, cp *hostDecl) error {
	if err := x.instrument(cp, s); err != nil {
		return err
	}
	decl := cp.decl
	var node ast.Node = s.Spec
	if s.Func != nil {
		node = s.Func
	}
	file, line := s.c.Position(node.Pos())
	buf := x.out[scope]
	fmt.Fprintf(buf, "//line runtime/%s:%d\n", file, line)
	if err := printer.Fprint(buf, token.NewFileSet(), decl); err != nil {
		return err
	}
	buf.WriteString("\n\n")
	return nil
}

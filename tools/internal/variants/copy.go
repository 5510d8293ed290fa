package variants

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"

	"xaddref/tools/internal/tree"
)

// A hostDecl is a fresh copy of a declaration of the tree, which the
// extraction renames and rewrites. from are the tree's nodes it was
// printed from, in order; pairs maps each node under them to the node in
// the same place in the copy, where go/types' facts about the tree's node
// decide what becomes of the copy's.
type hostDecl struct {
	decl  ast.Decl
	from  []ast.Node
	pairs map[ast.Node]ast.Node
}

// copyDecl is a fresh AST of s's declaration (only the spec that declares
// s's name, for a grouped const), printed from the tree's and parsed
// again: the tree's syntax is shared by every analysis of the run and is
// never changed.
func (x *extractor) copyDecl(s *source) (*hostDecl, error) {
	var text bytes.Buffer
	var from []ast.Node
	print := func(n, orig ast.Node) error {
		from = append(from, orig)
		return printer.Fprint(&text, x.src.Fset, n)
	}
	var err error
	switch {
	case s.Func != nil:
		c := *s.Func
		c.Doc = nil
		err = print(&c, s.Func)
	case s.Gen.Tok == token.CONST:
		err = constText(&text, s, print)
	default:
		text.WriteString(s.Gen.Tok.String() + " ")
		err = print(s.Spec, s.Spec)
	}
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text.String(), parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("runtime/%s: re-parsing %s: %v", s.file, s.name, err)
	}
	d := f.Decls[0]
	pairs, ok := pairNodes(from, copyRoots(d, len(from)))
	if !ok {
		return nil, fmt.Errorf("runtime/%s: the copy of %s is not shaped as its source", s.file, s.name)
	}
	return &hostDecl{decl: d, from: from, pairs: pairs}, nil
}

// constText writes s, a constant of a group, as a declaration of its own:
// an implicit repetition takes the previous explicit spec's type and
// values; a value that uses iota is written as go/types' value of the
// constant on the port.
func constText(w *bytes.Buffer, s *source, print func(n, orig ast.Node) error) error {
	vs := s.Spec.(*ast.ValueSpec)
	i := 0
	for j, n := range vs.Names {
		if n.Name == s.name {
			i = j
		}
	}
	typ, vals := vs.Type, vs.Values
	for k := s.Index; len(vals) == 0 && k > 0; k-- {
		prev := s.Gen.Specs[k-1].(*ast.ValueSpec)
		typ, vals = prev.Type, prev.Values
	}
	if i >= len(vals) {
		return fmt.Errorf("runtime/%s: constant %s has no value", s.file, s.name)
	}
	w.WriteString("const ")
	if err := print(vs.Names[i], vs.Names[i]); err != nil {
		return err
	}
	if typ != nil {
		w.WriteString(" ")
		if err := print(typ, typ); err != nil {
			return err
		}
	}
	w.WriteString(" = ")
	if !usesIota(vals[i], s.c) {
		return print(vals[i], vals[i])
	}
	v := s.obj.(*types.Const).Val()
	if v.Kind() != constant.Int {
		return fmt.Errorf("runtime/%s: constant %s uses iota and is not an integer (%s)", s.file, s.name, v)
	}
	w.WriteString(v.ExactString())
	return nil
}

// usesIota reports whether e uses iota: its value then depends on the
// spec's place in its group, which the copy leaves.
func usesIota(e ast.Expr, c *tree.Checked) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.Info.Uses[id] == types.Universe.Lookup("iota") {
			found = true
		}
		return !found
	})
	return found
}

// copyRoots are the copy's nodes that correspond to copyDecl's from: the
// declaration (a function, a spec), or a constant's name, type and value
// (the value is not among them where go/types gave it: n says how many).
func copyRoots(d ast.Decl, n int) []ast.Node {
	g, ok := d.(*ast.GenDecl)
	if !ok {
		return []ast.Node{d}
	}
	if g.Tok != token.CONST {
		return []ast.Node{g.Specs[0]}
	}
	vs := g.Specs[0].(*ast.ValueSpec)
	roots := []ast.Node{vs.Names[0]}
	if vs.Type != nil {
		roots = append(roots, vs.Type)
	}
	roots = append(roots, vs.Values[0])
	if len(roots) > n {
		roots = roots[:n]
	}
	return roots
}

// pairNodes maps each node under orig to the node in the same place under
// cp (the same syntax printed and parsed again); false if their shapes
// differ. Comments are left out: the copy has none.
func pairNodes(orig, cp []ast.Node) (map[ast.Node]ast.Node, bool) {
	if len(orig) != len(cp) {
		return nil, false
	}
	pairs := map[ast.Node]ast.Node{}
	for i := range orig {
		a, b := preorder(orig[i]), preorder(cp[i])
		if len(a) != len(b) {
			return nil, false
		}
		for j := range a {
			if reflect.TypeOf(a[j]) != reflect.TypeOf(b[j]) {
				return nil, false
			}
			if id, ok := a[j].(*ast.Ident); ok && id.Name != b[j].(*ast.Ident).Name {
				return nil, false
			}
			pairs[a[j]] = b[j]
		}
	}
	return pairs, true
}

func preorder(root ast.Node) []ast.Node {
	var out []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.CommentGroup, *ast.Comment:
			return false
		}
		out = append(out, n)
		return true
	})
	return out
}

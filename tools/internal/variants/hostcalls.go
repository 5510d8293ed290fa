package variants

import (
	"go/ast"
	"go/types"
)

// hostCalls rewrites, in cp (s's copy), the calls whose meaning the host
// implements itself, as go/types resolves them in the tree:
//   - a conversion to uintptr goes through toUintptr and one to
//     unsafe.Pointer through toPointer: the host's uintptr is a type of its
//     own, of the target's size (host/types.go.tmpl);
//   - unsafe.Sizeof, Alignof and Offsetof give the host's own uintptr,
//     which xrSize converts;
//   - print and println render integers as the tree's era does (xrPrint,
//     xrPrintln);
//   - T(unsafe.Pointer(x)), T an extracted type whose underlying type is
//     uintptr, converts with toUintptr: the host's unsafe.Pointer cannot
//     convert to a type of this package's uintptr.
func (x *extractor) hostCalls(cp *hostDecl, s *source) {
	for _, root := range cp.from {
		ast.Inspect(root, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if to, ok := cp.pairs[call].(*ast.CallExpr); ok {
					hostCall(call, to, s)
				}
			}
			return true
		})
	}
	ast.Inspect(cp.decl, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || !x.uintptrTypes[id.Name] {
			return true
		}
		if inner, ok := call.Args[0].(*ast.CallExpr); ok {
			if f, ok := inner.Fun.(*ast.Ident); ok && f.Name == "toPointer" {
				f.Name = "toUintptr"
			}
		}
		return true
	})
}

// hostCall rewrites to, the copy of the tree's call.
func hostCall(call, to *ast.CallExpr, s *source) {
	uses := s.c.Info.Uses
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		switch uses[sel.Sel] {
		case unsafeObj("Sizeof"), unsafeObj("Alignof"), unsafeObj("Offsetof"):
			inner := &ast.CallExpr{Fun: to.Fun, Args: to.Args}
			to.Fun, to.Args = ast.NewIdent("xrSize"), []ast.Expr{inner}
			return
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && len(call.Args) == 1 && uses[sel.Sel] == unsafeObj("Pointer") {
		to.Fun = ast.NewIdent("toPointer")
		return
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return
	}
	switch uses[id] {
	case types.Universe.Lookup("uintptr"):
		if len(call.Args) == 1 {
			to.Fun.(*ast.Ident).Name = "toUintptr"
		}
	case types.Universe.Lookup("print"):
		to.Fun.(*ast.Ident).Name = "xrPrint"
	case types.Universe.Lookup("println"):
		to.Fun.(*ast.Ident).Name = "xrPrintln"
	}
}

func unsafeObj(name string) types.Object { return types.Unsafe.Scope().Lookup(name) }

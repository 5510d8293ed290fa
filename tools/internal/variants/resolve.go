package variants

import (
	"fmt"
	"go/ast"
	"go/token"
)

// universe is Go's universe scope.
var universe = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true,
	"complex128": true, "error": true, "float32": true, "float64": true, "int": true,
	"int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "string": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true,
}

// scope is a block's local names.
type scope struct {
	names  map[string]bool
	parent *scope
}

func (s *scope) declare(name string) {
	if name != "_" {
		s.names[name] = true
	}
}

func (s *scope) has(name string) bool {
	for ; s != nil; s = s.parent {
		if s.names[name] {
			return true
		}
	}
	return false
}

func inner(s *scope) *scope { return &scope{map[string]bool{}, s} }

// walker visits a package-level declaration: ref is called on every
// identifier that refers to a package-level name (it may rename it), and the
// conversions and print calls the host implements are rewritten:
// uintptr(x) -> toUintptr(x), unsafe.Pointer(x) -> toPointer(x),
// unsafe.Sizeof(x) -> xrSize(unsafe.Sizeof(x)), print/println ->
// xrPrint/xrPrintln.
type walker struct {
	ref func(id *ast.Ident)
	// uintptrType reports whether a host name is a type declared as
	// uintptr: T(unsafe.Pointer(x)) converts with toUintptr, as the
	// host's unsafe.Pointer cannot convert to this package's uintptr.
	uintptrType func(name string) bool
	err         error
}

func (w *walker) fail(format string, args ...interface{}) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

func (w *walker) decl(d ast.Decl) {
	top := inner(nil)
	switch d := d.(type) {
	case *ast.FuncDecl:
		s := inner(top)
		if d.Recv != nil {
			w.fields(d.Recv, top, s)
		}
		w.funcType(d.Type, top, s)
		if d.Body != nil {
			w.stmts(d.Body.List, s)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch sp := spec.(type) {
			case *ast.ValueSpec:
				w.expr(sp.Type, top)
				for _, v := range sp.Values {
					w.expr(v, top)
				}
			case *ast.TypeSpec:
				w.expr(sp.Type, top)
			}
		}
	}
}

// fields walks a field list's types in outer and declares its names in s.
func (w *walker) fields(fl *ast.FieldList, outer, s *scope) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		w.expr(f.Type, outer)
		for _, n := range f.Names {
			s.declare(n.Name)
		}
	}
}

func (w *walker) funcType(ft *ast.FuncType, outer, s *scope) {
	w.fields(ft.Params, outer, s)
	w.fields(ft.Results, outer, s)
}

func (w *walker) stmts(list []ast.Stmt, s *scope) {
	for _, st := range list {
		w.stmt(st, s)
	}
}

func (w *walker) stmt(st ast.Stmt, s *scope) {
	switch st := st.(type) {
	case nil:
	case *ast.BlockStmt:
		w.stmts(st.List, inner(s))
	case *ast.ExprStmt:
		w.expr(st.X, s)
	case *ast.AssignStmt:
		for _, e := range st.Rhs {
			w.expr(e, s)
		}
		for _, e := range st.Lhs {
			if id, ok := e.(*ast.Ident); ok && st.Tok == token.DEFINE {
				s.declare(id.Name)
				continue
			}
			w.expr(e, s)
		}
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok {
			w.fail("a declaration the harness does not handle")
			return
		}
		for _, spec := range gd.Specs {
			switch sp := spec.(type) {
			case *ast.ValueSpec:
				w.expr(sp.Type, s)
				for _, v := range sp.Values {
					w.expr(v, s)
				}
				for _, n := range sp.Names {
					s.declare(n.Name)
				}
			case *ast.TypeSpec:
				s.declare(sp.Name.Name)
				w.expr(sp.Type, s)
			}
		}
	case *ast.IfStmt:
		s = inner(s)
		w.stmt(st.Init, s)
		w.expr(st.Cond, s)
		w.stmt(st.Body, s)
		w.stmt(st.Else, s)
	case *ast.ForStmt:
		s = inner(s)
		w.stmt(st.Init, s)
		w.expr(st.Cond, s)
		w.stmt(st.Post, s)
		w.stmt(st.Body, s)
	case *ast.RangeStmt:
		w.expr(st.X, s)
		s = inner(s)
		for _, e := range []ast.Expr{st.Key, st.Value} {
			if id, ok := e.(*ast.Ident); ok && st.Tok == token.DEFINE {
				s.declare(id.Name)
			} else {
				w.expr(e, s)
			}
		}
		w.stmt(st.Body, s)
	case *ast.SwitchStmt:
		s = inner(s)
		w.stmt(st.Init, s)
		w.expr(st.Tag, s)
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			for _, e := range cc.List {
				w.expr(e, s)
			}
			w.stmts(cc.Body, inner(s))
		}
	case *ast.TypeSwitchStmt:
		s = inner(s)
		w.stmt(st.Init, s)
		bound := ""
		switch a := st.Assign.(type) {
		case *ast.AssignStmt:
			w.expr(a.Rhs[0], s)
			bound = a.Lhs[0].(*ast.Ident).Name
		case *ast.ExprStmt:
			w.expr(a.X, s)
		}
		for _, c := range st.Body.List {
			cc := c.(*ast.CaseClause)
			for _, e := range cc.List {
				w.expr(e, s)
			}
			cs := inner(s)
			if bound != "" {
				cs.declare(bound)
			}
			w.stmts(cc.Body, cs)
		}
	case *ast.ReturnStmt:
		for _, e := range st.Results {
			w.expr(e, s)
		}
	case *ast.IncDecStmt:
		w.expr(st.X, s)
	case *ast.LabeledStmt:
		w.stmt(st.Stmt, s)
	case *ast.BranchStmt, *ast.EmptyStmt:
	case *ast.DeferStmt:
		w.expr(st.Call, s)
	case *ast.GoStmt:
		w.expr(st.Call, s)
	case *ast.SendStmt:
		w.expr(st.Chan, s)
		w.expr(st.Value, s)
	default:
		w.fail("a %T statement the harness does not handle", st)
	}
}

// isUnsafeSize reports whether e is unsafe.Sizeof, Alignof or Offsetof.
func isUnsafeSize(e ast.Expr, s *scope) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Sizeof" && sel.Sel.Name != "Alignof" && sel.Sel.Name != "Offsetof" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "unsafe" && !s.has("unsafe")
}

// isUnsafePointer reports whether e is unsafe.Pointer (possibly parenthesized).
func isUnsafePointer(e ast.Expr, s *scope) bool {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Pointer" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "unsafe" && !s.has("unsafe")
}

func (w *walker) expr(e ast.Expr, s *scope) {
	switch e := e.(type) {
	case nil:
	case *ast.Ident:
		if e.Name != "_" && !s.has(e.Name) {
			w.ref(e)
		}
	case *ast.BasicLit:
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && x.Name == "unsafe" && !s.has("unsafe") {
			return // the package unsafe
		}
		w.expr(e.X, s)
	case *ast.CallExpr:
		if isUnsafeSize(e.Fun, s) {
			// The result is the host's own uintptr, which this package's
			// shadows: convert it.
			inner := &ast.CallExpr{Fun: e.Fun, Args: e.Args}
			e.Fun, e.Args = ast.NewIdent("xrSize"), []ast.Expr{inner}
			for _, a := range inner.Args {
				w.expr(a, s)
			}
			return
		}
		if len(e.Args) == 1 && isUnsafePointer(e.Fun, s) {
			e.Fun = ast.NewIdent("toPointer")
		} else if id, ok := e.Fun.(*ast.Ident); ok && !s.has(id.Name) {
			switch id.Name {
			case "uintptr":
				if len(e.Args) == 1 {
					id.Name = "toUintptr"
				}
			case "print":
				id.Name = "xrPrint"
			case "println":
				id.Name = "xrPrintln"
			}
		}
		w.expr(e.Fun, s)
		for _, a := range e.Args {
			w.expr(a, s)
		}
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 && w.uintptrType != nil && w.uintptrType(id.Name) {
			if c, ok := e.Args[0].(*ast.CallExpr); ok {
				if f, ok := c.Fun.(*ast.Ident); ok && f.Name == "toPointer" {
					f.Name = "toUintptr"
				}
			}
		}
	case *ast.ParenExpr:
		w.expr(e.X, s)
	case *ast.StarExpr:
		w.expr(e.X, s)
	case *ast.UnaryExpr:
		w.expr(e.X, s)
	case *ast.BinaryExpr:
		w.expr(e.X, s)
		w.expr(e.Y, s)
	case *ast.IndexExpr:
		w.expr(e.X, s)
		w.expr(e.Index, s)
	case *ast.SliceExpr:
		w.expr(e.X, s)
		w.expr(e.Low, s)
		w.expr(e.High, s)
		w.expr(e.Max, s)
	case *ast.TypeAssertExpr:
		w.expr(e.X, s)
		w.expr(e.Type, s)
	case *ast.KeyValueExpr:
		w.expr(e.Key, s)
		w.expr(e.Value, s)
	case *ast.CompositeLit:
		w.expr(e.Type, s)
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isField := kv.Key.(*ast.Ident); isField {
					w.expr(kv.Value, s) // a struct field name
					continue
				}
			}
			w.expr(el, s)
		}
	case *ast.FuncLit:
		fs := inner(s)
		w.funcType(e.Type, s, fs)
		w.stmts(e.Body.List, fs)
	case *ast.ArrayType:
		w.expr(e.Len, s)
		w.expr(e.Elt, s)
	case *ast.MapType:
		w.expr(e.Key, s)
		w.expr(e.Value, s)
	case *ast.ChanType:
		w.expr(e.Value, s)
	case *ast.Ellipsis:
		w.expr(e.Elt, s)
	case *ast.FuncType:
		w.funcType(e, s, inner(s))
	case *ast.StructType:
		for _, f := range e.Fields.List {
			w.expr(f.Type, s)
		}
	case *ast.InterfaceType:
		for _, f := range e.Methods.List {
			w.expr(f.Type, s)
		}
	default:
		w.fail("a %T expression the harness does not handle", e)
	}
}

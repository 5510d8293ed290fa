package gless

import (
	"go/ast"
)

// typeRef is a type expression with where it was written: enough to
// resolve the names in it. It is a small resolver for method calls, not a
// type checker: what it cannot follow is reported as unresolved.
type typeRef struct {
	pkg  *pkgInfo
	file *goFile
	expr ast.Expr
}

func (t typeRef) ok() bool { return t.expr != nil }

func (t typeRef) with(e ast.Expr) typeRef { return typeRef{t.pkg, t.file, e} }

const maxDepth = 8

// named returns the package and name of a named type expression.
func (p *program) named(t typeRef) (*pkgInfo, string) {
	e := unparen(t.expr)
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	switch x := e.(type) {
	case *ast.Ident:
		if _, ok := t.pkg.types[x.Name]; ok {
			return t.pkg, x.Name
		}
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok || t.file == nil {
			return nil, ""
		}
		if pkg := p.pkgs[t.file.Imports[id.Name]]; pkg != nil {
			if _, ok := pkg.types[x.Sel.Name]; ok {
				return pkg, x.Sel.Name
			}
		}
	}
	return nil, ""
}

func (p *program) underlying(t typeRef) typeRef {
	for i := 0; i < maxDepth && t.ok(); i++ {
		pkg, name := p.named(t)
		if pkg == nil {
			return t
		}
		t = pkg.types[name]
	}
	return t
}

func deref(t typeRef) typeRef {
	if s, ok := unparen(t.expr).(*ast.StarExpr); ok {
		return t.with(s.X)
	}
	return t
}

func ptrTo(t typeRef) typeRef {
	if !t.ok() {
		return t
	}
	return t.with(&ast.StarExpr{X: t.expr})
}

// fieldType is the type of field name of t (or *t), embedded fields
// included.
func (p *program) fieldType(t typeRef, name string, depth int) typeRef {
	if depth > maxDepth || !t.ok() {
		return typeRef{}
	}
	u := p.underlying(deref(t))
	if s, ok := unparen(u.expr).(*ast.StarExpr); ok { // a named pointer type
		u = p.underlying(u.with(s.X))
	}
	st, ok := unparen(u.expr).(*ast.StructType)
	if !ok {
		return typeRef{}
	}
	var embedded []typeRef
	for _, fd := range st.Fields.List {
		if len(fd.Names) == 0 {
			et := u.with(fd.Type)
			if embeddedName(fd.Type) == name {
				return et
			}
			embedded = append(embedded, et)
			continue
		}
		for _, n := range fd.Names {
			if n.Name == name {
				return u.with(fd.Type)
			}
		}
	}
	for _, et := range embedded {
		if ft := p.fieldType(et, name, depth+1); ft.ok() {
			return ft
		}
	}
	return typeRef{}
}

func embeddedName(e ast.Expr) string {
	e = unparen(e)
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// method finds method name of t (or *t), promoted ones included; iface
// reports a method of an interface, which cannot be followed.
func (p *program) method(t typeRef, name string, depth int) (*fn, bool) {
	if depth > maxDepth || !t.ok() {
		return nil, false
	}
	t = deref(t)
	if pkg, tn := p.named(t); pkg != nil {
		if m := pkg.methods[tn+"."+name]; m != nil {
			return m, false
		}
	}
	u := p.underlying(t)
	switch x := unparen(u.expr).(type) {
	case *ast.InterfaceType:
		return nil, true
	case *ast.StructType:
		for _, fd := range x.Fields.List {
			if len(fd.Names) == 0 {
				if m, iface := p.method(u.with(fd.Type), name, depth+1); m != nil || iface {
					return m, iface
				}
			}
		}
	}
	return nil, false
}

// resultType is the type of f's i-th result.
func resultType(f *fn, i int) typeRef {
	if f == nil || f.decl == nil || f.decl.Type.Results == nil {
		return typeRef{}
	}
	k := 0
	for _, fd := range f.decl.Type.Results.List {
		n := len(fd.Names)
		if n == 0 {
			n = 1
		}
		if i < k+n {
			return typeRef{f.pkg, f.file, fd.Type}
		}
		k += n
	}
	return typeRef{}
}

func (w *walker) typeOf(e ast.Expr) typeRef { return w.typeOfN(e, 0) }

// typeOfN is the type of e (its idx-th result, for a call).
func (w *walker) typeOfN(e ast.Expr, idx int) typeRef {
	here := typeRef{w.pkg, w.file, nil}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if t, ok := w.scope[x.Name]; ok {
			return t
		}
		return w.p.varType(w.pkg, x.Name)
	case *ast.SelectorExpr:
		if w.isPkg(x.X) {
			if pkg := w.p.pkgs[w.file.Imports[x.X.(*ast.Ident).Name]]; pkg != nil {
				return w.p.varType(pkg, x.Sel.Name)
			}
			return typeRef{}
		}
		return w.p.fieldType(w.typeOf(x.X), x.Sel.Name, 0)
	case *ast.StarExpr:
		return deref(w.typeOf(x.X))
	case *ast.UnaryExpr:
		if x.Op.String() == "&" {
			return ptrTo(w.typeOf(x.X))
		}
		return w.typeOf(x.X)
	case *ast.CompositeLit:
		return here.with(x.Type)
	case *ast.TypeAssertExpr:
		return here.with(x.Type)
	case *ast.IndexExpr:
		t := w.p.underlying(deref(w.typeOf(x.X)))
		switch c := unparen(t.expr).(type) {
		case *ast.ArrayType:
			return t.with(c.Elt)
		case *ast.MapType:
			return t.with(c.Value)
		}
	case *ast.CallExpr:
		fe := unparen(x.Fun)
		if id, ok := fe.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			if _, local := w.scope["new"]; !local {
				return ptrTo(here.with(x.Args[0]))
			}
		}
		switch c := fe.(type) {
		case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType:
			return here.with(c)
		case *ast.Ident:
			if _, ok := w.pkg.types[c.Name]; ok {
				return here.with(c)
			}
		case *ast.SelectorExpr:
			if w.isPkg(c.X) {
				if pkg := w.p.pkgs[w.file.Imports[c.X.(*ast.Ident).Name]]; pkg != nil {
					if _, ok := pkg.types[c.Sel.Name]; ok {
						return here.with(c)
					}
				}
			}
		}
		f, _, kind := w.resolve(x)
		if kind == callFunc {
			return resultType(f, idx)
		}
		if id, ok := fe.(*ast.Ident); ok && id.Name == "getg" {
			if sym, ok := w.pkg.funcs["getg"]; ok {
				return resultType(w.p.syms[sym], 0)
			}
		}
	}
	return typeRef{}
}

// varType is the type of a package-level variable.
func (p *program) varType(pkg *pkgInfo, name string) typeRef {
	v := pkg.vars[name]
	if v == nil {
		return typeRef{}
	}
	if v.res != nil {
		return *v.res
	}
	v.res = &typeRef{}
	if v.typ != nil {
		*v.res = typeRef{pkg, v.file, v.typ}
	} else if v.value != nil {
		w := &walker{p: p, pkg: pkg, file: v.file, scope: map[string]typeRef{}, gvars: map[string]bool{}, guarded: map[string]bool{}}
		*v.res = w.typeOfN(v.value, v.index)
	}
	return *v.res
}

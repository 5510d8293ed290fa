package gless

import (
	"go/ast"
	"go/constant"
	"go/token"
	"math/big"
)

// Constant conditions: the compiler drops the dead branch of
// `if _BigEndian != 0 { ... }`, so its calls are not calls on that target.
// The evaluator knows package-level constants (iota included), literals,
// the operators, and conversions to integer types, enough for the
// runtime's architecture and OS switches.

type constDecl struct {
	file *goFile
	typ  ast.Expr
	expr ast.Expr
	iota int64
	res  *cval
}

type cval struct {
	v    constant.Value
	bits int // an unsigned type's width, 0 if untyped or signed
}

func (p *program) ptrBits() int {
	switch p.t.GOARCH {
	case "386", "arm", "amd64p32", "mips", "mipsle", "armbe", "mipsp32", "mipsp32le", "ppc", "s390", "sparc":
		return 32
	}
	return 64
}

// unsignedBits is the width of an unsigned integer type name, 0 for others.
func (p *program) unsignedBits(pkg *pkgInfo, file *goFile, e ast.Expr) int {
	for i := 0; i < maxDepth; i++ {
		id, ok := unparen(e).(*ast.Ident)
		if !ok {
			return 0
		}
		switch id.Name {
		case "uint8", "byte":
			return 8
		case "uint16":
			return 16
		case "uint32":
			return 32
		case "uint64":
			return 64
		case "uint", "uintptr":
			return p.ptrBits()
		}
		t, ok := pkg.types[id.Name]
		if !ok {
			return 0
		}
		e = t.expr
	}
	return 0
}

// constValue evaluates e, written in file of pkg; isLocal says whether a
// name is a local (not a constant).
func (p *program) constValue(pkg *pkgInfo, file *goFile, e ast.Expr, iota int64, isLocal func(string) bool, depth int) (cval, bool) {
	if depth > 32 {
		return cval{}, false
	}
	ev := func(x ast.Expr) (cval, bool) { return p.constValue(pkg, file, x, iota, isLocal, depth+1) }
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		return cval{v: v}, v.Kind() != constant.Unknown
	case *ast.Ident:
		if isLocal != nil && isLocal(x.Name) {
			return cval{}, false
		}
		switch x.Name {
		case "true", "false":
			return cval{v: constant.MakeBool(x.Name == "true")}, true
		case "iota":
			return cval{v: constant.MakeInt64(iota)}, true
		}
		return p.pkgConst(pkg, x.Name, depth)
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok || file == nil || isLocal != nil && isLocal(id.Name) {
			return cval{}, false
		}
		other := p.pkgs[file.Imports[id.Name]]
		if other == nil {
			return cval{}, false
		}
		return p.pkgConst(other, x.Sel.Name, depth)
	case *ast.UnaryExpr:
		a, ok := ev(x.X)
		if !ok {
			return cval{}, false
		}
		prec := uint(0)
		if x.Op == token.XOR && a.bits > 0 {
			prec = uint(a.bits)
		}
		return cval{v: constant.UnaryOp(x.Op, a.v, prec), bits: a.bits}, true
	case *ast.BinaryExpr:
		a, ok1 := ev(x.X)
		b, ok2 := ev(x.Y)
		if !ok1 || !ok2 {
			return cval{}, false
		}
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if a.v.Kind() != b.v.Kind() && !(isNumeric(a.v) && isNumeric(b.v)) {
				return cval{}, false
			}
			return cval{v: constant.MakeBool(constant.Compare(a.v, x.Op, b.v))}, true
		case token.SHL, token.SHR:
			s, ok := constant.Uint64Val(constant.ToInt(b.v))
			if !ok || s > 1024 {
				return cval{}, false
			}
			return p.mask(cval{v: constant.Shift(constant.ToInt(a.v), x.Op, uint(s)), bits: a.bits}), true
		case token.LAND, token.LOR:
			if a.v.Kind() != constant.Bool || b.v.Kind() != constant.Bool {
				return cval{}, false
			}
			return cval{v: constant.BinaryOp(a.v, x.Op, b.v)}, true
		}
		op := x.Op
		if op == token.QUO && a.v.Kind() == constant.Int && b.v.Kind() == constant.Int {
			op = token.QUO_ASSIGN // integer division
		}
		if (op == token.QUO || op == token.QUO_ASSIGN || op == token.REM) && constant.Sign(b.v) == 0 {
			return cval{}, false
		}
		bits := a.bits
		if bits == 0 {
			bits = b.bits
		}
		return p.mask(cval{v: constant.BinaryOp(a.v, op, b.v), bits: bits}), true
	case *ast.CallExpr:
		// A conversion to an integer type: uintptr(0).
		if len(x.Args) != 1 {
			return cval{}, false
		}
		id, ok := unparen(x.Fun).(*ast.Ident)
		if !ok || isLocal != nil && isLocal(id.Name) {
			return cval{}, false
		}
		if _, fn := pkg.funcs[id.Name]; fn {
			return cval{}, false
		}
		a, ok := ev(x.Args[0])
		if !ok {
			return cval{}, false
		}
		if bits := p.unsignedBits(pkg, file, id); bits > 0 {
			return p.mask(cval{v: constant.ToInt(a.v), bits: bits}), true
		}
		switch id.Name {
		case "int", "int8", "int16", "int32", "int64", "bool", "string":
			return cval{v: a.v}, true
		}
		if _, ok := pkg.types[id.Name]; ok {
			return cval{v: a.v}, true
		}
	}
	return cval{}, false
}

func isNumeric(v constant.Value) bool {
	k := v.Kind()
	return k == constant.Int || k == constant.Float
}

// mask wraps an unsigned value to its width.
func (p *program) mask(c cval) cval {
	if c.bits == 0 || c.v.Kind() != constant.Int {
		return c
	}
	m := new(big.Int).Lsh(big.NewInt(1), uint(c.bits))
	m.Sub(m, big.NewInt(1))
	c.v = constant.BinaryOp(c.v, token.AND, constant.Make(m))
	return c
}

func (p *program) pkgConst(pkg *pkgInfo, name string, depth int) (cval, bool) {
	d := pkg.consts[name]
	if d == nil || d.expr == nil {
		return cval{}, false
	}
	if d.res != nil {
		return *d.res, d.res.v != nil
	}
	d.res = &cval{} // a cycle evaluates to unknown
	c, ok := p.constValue(pkg, d.file, d.expr, d.iota, nil, depth+1)
	if !ok {
		return cval{}, false
	}
	if d.typ != nil {
		if bits := p.unsignedBits(pkg, d.file, d.typ); bits > 0 {
			c = p.mask(cval{v: constant.ToInt(c.v), bits: bits})
		}
	}
	*d.res = c
	return c, true
}

// condValue is a condition's value when it is constant.
func (w *walker) condValue(e ast.Expr) (value, known bool) {
	isLocal := func(n string) bool { _, ok := w.scope[n]; return ok }
	c, ok := w.p.constValue(w.pkg, w.file, e, 0, isLocal, 0)
	if !ok || c.v.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.v), true
}

// indexConsts records a const declaration's names with their expressions
// (a spec without values repeats the previous one, with the next iota).
func indexConsts(pkg *pkgInfo, gf *goFile, d *ast.GenDecl) {
	var last []ast.Expr
	var lastType ast.Expr
	for i, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		if len(vs.Values) > 0 {
			last, lastType = vs.Values, vs.Type
		}
		for j, n := range vs.Names {
			cd := &constDecl{file: gf, typ: lastType, iota: int64(i)}
			if j < len(last) {
				cd.expr = last[j]
			}
			pkg.consts[n.Name] = cd
		}
	}
}

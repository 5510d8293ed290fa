package callgraph

import (
	"go/ast"
	"go/types"
	"strings"

	"xaddref/tools/internal/tree"
)

// index makes a function of every declaration and TEXT of pkg, by linker
// symbol: a function's own, or the one its //go:linkname gives it.
func (g *Graph) index(pkg *Package) {
	for _, f := range pkg.Go {
		for _, d := range f.Go.AST.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				g.indexDecl(pkg, f, fd)
			}
		}
	}
	for _, af := range pkg.Asm {
		for _, tx := range af.Texts {
			sym := tree.AsmSymbol(tx.Raw, pkg.path, af.Src.Name)
			fn := g.syms[sym]
			if fn == nil {
				fn = g.newFunc(sym, pkg)
				g.syms[sym] = fn
			}
			// A Go body and a TEXT for one symbol: the Go body is used.
			if fn.Asm == nil && (fn.Decl == nil || fn.Decl.Body == nil) {
				fn.Asm, fn.pkg = tx, pkg
			}
		}
	}
}

func (g *Graph) indexDecl(pkg *Package, f *tree.File, d *ast.FuncDecl) {
	obj, _ := g.info.Defs[d.Name].(*types.Func)
	sym, named := declSym(pkg.path, f.Go, d)
	fn := g.syms[sym]
	switch {
	case !named || d.Body != nil && fn != nil && fn.Decl != nil && fn.Decl.Body != nil:
		// init, _, or a second body for a symbol (which would not link):
		// a function of its own that no symbol names.
		if d.Body == nil {
			return
		}
		fn = g.newFunc(sym, pkg)
	case fn == nil:
		fn = g.newFunc(sym, pkg)
		g.syms[sym] = fn
	}
	if d.Body != nil || fn.Decl == nil {
		fn.Decl, fn.File, fn.Obj, fn.pkg = d, f, obj, pkg
	}
	g.byDecl[d] = fn
	if obj != nil {
		g.byObj[obj] = fn
	}
}

// declSym is a declaration's linker symbol: pkg.f, its //go:linkname,
// pkg.T.m or pkg.(*T).m; named is false for init, _ and methods of
// receivers it cannot name.
func declSym(pkg string, f *tree.GoFile, d *ast.FuncDecl) (sym string, named bool) {
	name := d.Name.Name
	if d.Recv == nil {
		if ln, ok := f.Linknames[name]; ok {
			return ln, true
		}
		return pkg + "." + name, name != "_" && name != "init"
	}
	t := d.Recv.List[0].Type
	ptr := false
	if s, ok := t.(*ast.StarExpr); ok {
		ptr, t = true, s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return pkg + "." + name, false
	}
	if ptr {
		return pkg + ".(*" + id.Name + ")." + name, true
	}
	return pkg + "." + id.Name + "." + name, true
}

func (g *Graph) newFunc(sym string, pkg *Package) *Func {
	return &Func{Sym: sym, Name: displayName(sym), pkg: pkg, g: g}
}

// displayName: runtime.f -> f; runtime/internal/atomic.Xadd ->
// atomic.Xadd; f<>@file.s -> f<>.
func displayName(sym string) string {
	if i := strings.Index(sym, "<>@"); i >= 0 {
		sym = sym[:i] + "<>"
	}
	if strings.HasPrefix(sym, "runtime.") {
		return sym[len("runtime."):]
	}
	// The package path is everything up to the first dot after the last
	// slash.
	slash := strings.LastIndexByte(sym, '/')
	if strings.IndexByte(sym[slash+1:], '.') < 0 {
		return sym
	}
	return sym[slash+1:]
}

// printFuncs are what print and println call, in the runtime's names.
var printFuncs = []string{"printlock", "printstring", "printint", "printuint", "printhex", "printpointer",
	"printbool", "printfloat", "printsp", "printnl", "printunlock"}

// newPrint is the builtins print and println as one function: nosplit
// (the compiler expands them in place), calling the print functions.
func (g *Graph) newPrint() *Func {
	p := &Func{Sym: "print", Name: "print", g: g, done: true, nosplit: true}
	for _, name := range printFuncs {
		if f := g.syms["runtime."+name]; f != nil {
			p.edges = append(p.edges, &Edge{To: f, Kind: Builtin, Pos: Pos{file: "builtin print"}})
		}
	}
	return p
}

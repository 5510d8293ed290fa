package gless

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"sort"
	"strings"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// program is one target's view of the runtime and the packages it
// imports: every function by linker symbol, analysed lazily.
type program struct {
	l     *tree.Source
	t     era.Port
	flags map[string]int64
	pkgs  map[string]*pkgInfo
	syms  map[string]*fn
	order []string // package paths in load order
	// Functions declared twice for one symbol (a body in Go and a TEXT
	// in assembly): the Go body is used.
	dups  []string
	print *fn // the builtins print and println
}

type pkgInfo struct {
	path    string
	files   []*goFile
	asms    []*tree.AsmFile
	funcs   map[string]string // local function name -> symbol
	methods map[string]*fn    // "T.m" -> method
	types   map[string]typeRef
	vars    map[string]*varDecl
	consts  map[string]*constDecl
}

type varDecl struct {
	file  *goFile
	typ   ast.Expr
	value ast.Expr
	index int // for var a, b = f()
	res   *typeRef
}

// fn is a function: a Go body, an assembly TEXT, a closure, or a name
// with neither (a compiler intrinsic, or defined outside these packages).
type fn struct {
	sym     string
	display string
	pkg     *pkgInfo
	decl    *ast.FuncDecl // Go declaration (with or without body)
	file    *goFile
	lit     *ast.FuncLit // closure
	outer   *fn
	capture *walker // the enclosing walker's state, for a closure
	asm     *tree.AsmText
	pseudo  bool // print/println

	analyzed   bool
	nosplit    bool
	nosplitWhy string
	needsG     string // why it needs a G, with position; "" if it does not
	gGuarded   string // it reads g only after a nil check (asm)
	noBody     bool
	leaf       string // nosplit with no mark: the assembler's leaf rule
	edges      []*edge
	calls      map[ast.Node]*edge
	indirect   []string // calls through function values, not followed
	unresolved []string // method calls whose receiver type is unknown
	nclosures  int

	term    int8 // 0 unknown, 1 ends the program, -1 does not, 2 deciding
	termWhy string
}

type edge struct {
	to    *fn
	pos   string // call site
	via   string // name at the call site when it differs (a linkname alias)
	dying string // the program ends after this call: why
	cgo   string // this call happens only with runtime/cgo linked: why
	withG string // the call is made only when g is not nil: why
}

// displayName: runtime.f -> f; runtime/internal/atomic.Xadd -> atomic.Xadd.
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
	dot := strings.IndexByte(sym[slash+1:], '.')
	if dot < 0 {
		return sym
	}
	return sym[slash+1:]
}

func (f *fn) pos() string {
	switch {
	case f.lit != nil:
		return f.file.pos(f.lit.Pos())
	case f.decl != nil && f.decl.Body != nil:
		return f.file.pos(f.decl.Pos())
	case f.asm != nil:
		return fmt.Sprintf("%s:%d", f.asm.File.Src.Name, f.asm.Line)
	case f.decl != nil:
		return f.file.pos(f.decl.Pos())
	}
	return "builtin"
}

// goFile is a Go file of the tree as the program reads it.
type goFile struct {
	*tree.GoFile
	src  *tree.File
	fset *token.FileSet
}

func (g *goFile) pos(p token.Pos) string {
	return fmt.Sprintf("%s:%d", g.src.Name, g.fset.Position(p).Line)
}

func has(dirs []string, d string) bool {
	for _, x := range dirs {
		if x == d {
			return true
		}
	}
	return false
}

// newProgram loads package runtime for t and every package of the tree
// it imports, and indexes their functions.
func newProgram(l *tree.Source, t era.Port) (*program, error) {
	p := &program{l: l, t: t, flags: l.TextFlags(), pkgs: map[string]*pkgInfo{}, syms: map[string]*fn{}}
	if err := p.load("runtime"); err != nil {
		return nil, err
	}
	if len(p.pkgs["runtime"].files) == 0 {
		return nil, fmt.Errorf("no Go files of src/runtime build for %s", t)
	}
	for _, path := range p.order {
		p.index(p.pkgs[path])
	}
	p.print = &fn{sym: "print", display: "print", pseudo: true, analyzed: true, nosplit: true}
	for _, name := range []string{"printlock", "printstring", "printint", "printuint", "printhex", "printpointer", "printbool", "printfloat", "printsp", "printnl", "printunlock"} {
		if f := p.syms["runtime."+name]; f != nil {
			p.print.edges = append(p.print.edges, &edge{to: f, pos: "builtin print"})
		}
	}
	return p, nil
}

func (p *program) load(path string) error {
	if _, ok := p.pkgs[path]; ok || path == "unsafe" || path == "C" {
		return nil
	}
	files, err := p.l.Files(p.t, path)
	if err != nil {
		return err
	}
	pkg := &pkgInfo{path: path, funcs: map[string]string{}, methods: map[string]*fn{}, types: map[string]typeRef{}, vars: map[string]*varDecl{}, consts: map[string]*constDecl{}}
	p.pkgs[path] = pkg
	p.order = append(p.order, path)
	var imports []string
	for _, f := range files {
		if f.Asm != nil {
			pkg.asms = append(pkg.asms, f.Asm)
			continue
		}
		pkg.files = append(pkg.files, &goFile{f.Go, f, p.l.Fset})
		for _, ip := range f.Go.Imports {
			imports = append(imports, ip)
		}
	}
	sort.Strings(imports)
	for _, ip := range imports {
		if p.l.HasPackage(ip) {
			if err := p.load(ip); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *program) index(pkg *pkgInfo) {
	for _, gf := range pkg.files {
		for _, d := range gf.AST.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.indexFunc(pkg, gf, d)
			case *ast.GenDecl:
				if d.Tok == token.CONST {
					indexConsts(pkg, gf, d)
					continue
				}
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						pkg.types[s.Name.Name] = typeRef{pkg, gf, s.Type}
					case *ast.ValueSpec:
						if d.Tok != token.VAR {
							continue
						}
						for i, n := range s.Names {
							v := &varDecl{file: gf, typ: s.Type, index: i}
							if len(s.Values) == len(s.Names) {
								v.value = s.Values[i]
							} else if len(s.Values) == 1 {
								v.value = s.Values[0]
							}
							pkg.vars[n.Name] = v
						}
					}
				}
			}
		}
	}
	for _, af := range pkg.asms {
		for _, tx := range af.Texts {
			sym := tree.AsmSymbol(tx.Raw, pkg.path, af.Src.Name)
			f := p.syms[sym]
			if f == nil {
				f = &fn{sym: sym, display: displayName(sym), pkg: pkg}
				p.syms[sym] = f
			}
			if f.decl != nil && f.decl.Body != nil || f.asm != nil {
				p.dups = append(p.dups, fmt.Sprintf("%s (%s:%d)", f.display, af.Src.Name, tx.Line))
				continue
			}
			f.asm = tx
		}
	}
}

func (p *program) indexFunc(pkg *pkgInfo, gf *goFile, d *ast.FuncDecl) {
	if d.Recv != nil && len(d.Recv.List) == 1 {
		tn, ptr := recvName(d.Recv.List[0].Type)
		if tn == "" {
			return
		}
		sym := pkg.path + "." + tn + "." + d.Name.Name
		if ptr {
			sym = pkg.path + ".(*" + tn + ")." + d.Name.Name
		}
		f := &fn{sym: sym, display: displayName(sym), pkg: pkg, decl: d, file: gf}
		p.syms[sym] = f
		pkg.methods[tn+"."+d.Name.Name] = f
		return
	}
	name := d.Name.Name
	if name == "_" || name == "init" {
		return
	}
	sym := pkg.path + "." + name
	if ln, ok := gf.Linknames[name]; ok {
		sym = ln
	}
	pkg.funcs[name] = sym
	f := p.syms[sym]
	if f == nil {
		f = &fn{sym: sym, display: displayName(sym), pkg: pkg}
		p.syms[sym] = f
	}
	switch {
	case d.Body != nil && f.decl != nil && f.decl.Body != nil:
		p.dups = append(p.dups, fmt.Sprintf("%s (%s)", f.display, gf.pos(d.Pos())))
	case d.Body != nil || f.decl == nil:
		f.decl, f.file, f.pkg = d, gf, pkg
	}
}

func recvName(e ast.Expr) (string, bool) {
	ptr := false
	if s, ok := e.(*ast.StarExpr); ok {
		ptr, e = true, s.X
	}
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name, ptr
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name, ptr
		}
	case *ast.IndexListExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name, ptr
		}
	}
	return "", ptr
}

// lookup finds a function by the name the report uses: f, atomic.Xadd64,
// (*sysMemStat).add, or a full symbol.
func (p *program) lookup(name string) *fn {
	if f := p.syms[name]; f != nil {
		return f
	}
	if f := p.syms["runtime."+name]; f != nil {
		return f
	}
	var found *fn
	for _, f := range p.syms {
		if f.display == name {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
}

// analyze works out f's properties and calls, once.
func (p *program) analyze(f *fn) {
	if f.analyzed {
		return
	}
	f.analyzed = true
	f.calls = map[ast.Node]*edge{}
	switch {
	case f.lit != nil:
		f.nosplitWhy = "a closure (closures are never nosplit)"
		w := f.capture.child(f)
		w.walkBlock(f.lit.Body.List, "", "")
	case f.asm != nil:
		p.analyzeAsm(f)
	case f.decl != nil && f.decl.Body != nil:
		dirs := f.file.Directives[f.decl]
		f.nosplit = has(dirs, "go:nosplit")
		if !f.nosplit {
			f.nosplitWhy = "no //go:nosplit"
		}
		if has(dirs, "go:systemstack") {
			f.needsG = "marked //go:systemstack (" + f.file.pos(f.decl.Pos()) + ")"
		}
		w := newWalker(p, f)
		w.walkBlock(f.decl.Body.List, "", "")
		// A function that makes no call and whose body is at most one
		// statement is taken to have no frame (or a small one): the
		// assembler's leaf rule applies.
		if !f.nosplit && len(f.decl.Body.List) <= 1 && len(f.edges) == 0 && len(f.indirect) == 0 && len(f.unresolved) == 0 {
			if why := p.leafNosplit(0, false); why != "" {
				f.nosplit, f.nosplitWhy = true, ""
				f.leaf = why
			}
		}
	default:
		// No body anywhere: a compiler intrinsic (getg, getcallerpc) or
		// a function defined outside the packages read.
		f.noBody = true
		f.nosplit = true
	}
}

func (p *program) analyzeAsm(f *fn) {
	tx := f.asm
	v, unknown := tree.EvalFlags(tx.Flags, p.flags)
	ns := p.flags["NOSPLIT"]
	if ns == 0 {
		ns = 4
	}
	f.nosplit = v&ns != 0
	if !f.nosplit {
		hasCall := false
		for _, ln := range tx.Body {
			hasCall = hasCall || ln.Op == "CALL" || ln.Op == "BL" || ln.Op == "JAL"
		}
		if why := p.leafNosplit(tx.Frame, hasCall); why != "" {
			f.nosplit, f.leaf = true, why
		} else {
			f.nosplitWhy = "TEXT without NOSPLIT"
			if len(unknown) > 0 {
				f.nosplitWhy += " (unknown flags " + strings.Join(unknown, ",") + ")"
			}
		}
	}
	file := tx.File.Src.Name
	pkg := f.pkg.path
	guarded := gGuarded(tx)
	for i, ln := range tx.Body {
		where := fmt.Sprintf("%s:%d", file, ln.Line)
		for _, a := range ln.Args {
			for _, m := range gFieldRE.FindAllStringSubmatch(a, -1) {
				if guarded[i] != "" {
					if f.gGuarded == "" {
						f.gGuarded = fmt.Sprintf("reads g_%s(%s) only after checking g for nil (%s)", m[1], m[2], guarded[i])
					}
				} else if f.needsG == "" {
					f.needsG = fmt.Sprintf("reads g_%s(%s) (%s)", m[1], m[2], where)
				}
			}
		}
		if branchRE.MatchString(ln.Op) && len(ln.Args) > 0 {
			last := ln.Args[len(ln.Args)-1]
			if raw, ok := tree.SymbolOperand(last); ok && !strings.HasPrefix(last, "$") {
				if to := p.syms[tree.AsmSymbol(raw, pkg, file)]; to != nil {
					e := &edge{to: to, pos: where}
					if guarded[i] != "" {
						e.withG = "only when g is not nil (checked at " + guarded[i] + ")"
					}
					f.edges = append(f.edges, e)
				}
			}
		}
	}
}

// closureName numbers closures as the compiler does: outer.func1, ...
func (p *program) newClosure(w *walker, lit *ast.FuncLit) *fn {
	top := w.f
	for top.outer != nil {
		top = top.outer
	}
	top.nclosures++
	sym := fmt.Sprintf("%s.func%d", top.sym, top.nclosures)
	return &fn{sym: sym, display: displayName(sym), pkg: w.f.pkg, file: w.file, lit: lit, outer: w.f, capture: w}
}

// tlsGRE is x86's g slot in thread-local storage: g(CX).
var tlsGRE = regexp.MustCompile(`^g\((\w+)\)$`)

// leafRules: where the assembler leaves out the stack check of a function
// with no NOSPLIT mark that makes no call (cmd/internal/obj/*): "small"
// when its frame is under StackSmall (128 bytes), "noframe" when it has no
// frame. The 2015 assemblers did so on amd64 and amd64p32 (x86/obj6.go,
// 64-bit mode) and arm (arm/obj5.go); Go 1.19's on amd64, arm64, ppc64
// and s390x (small) and arm, mips and loong64 (no frame). 386, riscv64 and
// wasm always check.
var leafRules = map[bool]map[string]string{
	false: {"amd64": "small", "amd64p32": "small", "arm": "noframe"},
	true: {"amd64": "small", "arm64": "small", "ppc64": "small", "ppc64le": "small", "s390x": "small",
		"arm": "noframe", "mips": "noframe", "mipsle": "noframe", "mips64": "noframe", "mips64le": "noframe", "loong64": "noframe"},
}

// leafNosplit says why the assembler leaves out the stack check of a
// function with no NOSPLIT mark, or "".
func (p *program) leafNosplit(frame int64, hasCall bool) string {
	if hasCall {
		return ""
	}
	switch leafRules[p.l.Modern()][p.t.GOARCH] {
	case "small":
		if frame < 128 {
			return "a leaf with a frame under StackSmall: the " + p.t.GOARCH + " assembler marks it nosplit"
		}
	case "noframe":
		if frame <= 0 {
			return "a leaf with no frame: the " + p.t.GOARCH + " assembler emits no stack check"
		}
	}
	return ""
}

// intrinsic: the compiler expands calls of sym in place on this target.
func (p *program) intrinsic(sym string) bool {
	for _, a := range p.l.Intrinsics()[sym] {
		if a == "*" || a == p.t.GOARCH {
			return true
		}
	}
	return false
}

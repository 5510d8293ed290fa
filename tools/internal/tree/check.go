package tree

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"xaddref/tools/internal/era"
)

// Checked is one port's view of the tree's runtime, type-checked.
type Checked struct {
	Port era.Port
	Fset *token.FileSet
	Pkg  *types.Package
	// Info covers the runtime and, for a whole check, the tree's packages
	// it imports, bodies included: a call graph follows calls into
	// runtime/internal/atomic.
	Info  *types.Info
	Files []*ast.File
	// TypeErrors are what go/types reported; the check goes on without
	// the types it could not give (a 2015 plain tree lacks the generated
	// zversion.go, for one).
	TypeErrors []string
	PtrSize    int64
	Sizes      types.Sizes

	bodies    map[string]bool // the files whose bodies were checked; nil: all
	declsOnce sync.Once
	decls     map[token.Pos]*Decl // DeclOf's index
}

// sizesFallback are the pointer sizes of the architectures the standard
// library's go/types no longer knows (Go 1.19): amd64p32 (nacl) has
// 32-bit pointers and 64-bit registers, so 8-byte alignment.
var sizesFallback = map[string]*types.StdSizes{"amd64p32": {WordSize: 4, MaxAlign: 8}}

// importer type-checks the tree's own packages that the runtime imports
// (runtime/internal/atomic, internal/abi, ... in Go 1.19; only unsafe in
// 2015), from the same files a build of the port would compile.
type importer struct {
	src    *Source
	t      era.Port
	sizes  types.Sizes
	info   *types.Info // where imported packages' types go; nil: not kept
	pkgs   map[string]*types.Package
	errs   *[]string
	active map[string]bool
}

func (im *importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	if im.active[path] {
		return nil, fmt.Errorf("import cycle through %s", path)
	}
	im.active[path] = true
	defer delete(im.active, path)
	files, err := im.src.GoFiles(im.t, path)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("the tree has no package %s for %s", path, im.t)
	}
	p, _ := im.check(path, files, im.info, im.info != nil)
	im.pkgs[path] = p
	return p, nil
}

func (im *importer) check(path string, files []*ast.File, info *types.Info, bodies bool) (*types.Package, error) {
	conf := types.Config{
		Importer: im,
		Sizes:    im.sizes,
		// The runtime declares functions without bodies (assembly) and
		// uses names only the compiler knows; every error is recorded and
		// the check goes on.
		Error:            func(err error) { *im.errs = append(*im.errs, err.Error()) },
		FakeImportC:      true,
		IgnoreFuncBodies: !bodies,
	}
	return conf.Check(path, im.src.Fset, files, info)
}

// checkOnce is one port's type-check, done once.
type checkOnce struct {
	once sync.Once
	c    *Checked
	err  error
}

// checkKey is a port and which bodies its check covers: allBodies, or
// the files' names, sorted and joined.
type checkKey struct {
	port   era.Port
	bodies string
}

const allBodies = "*"

// Check type-checks package runtime of the tree for port t, once.
func (l *Source) Check(t era.Port) (*Checked, error) { return l.checkOnce(t, allBodies, nil) }

// CheckBodies type-checks package runtime for port t with the bodies of
// the named files alone; the other files' functions are checked for their
// signatures. A consumer that reads the code of a few files of every port
// (the variants' extraction) need not pay for every function of every
// port: the declarations take most of a check without bodies, a fifth of
// Check's time. Memoized per port and set of names.
func (l *Source) CheckBodies(t era.Port, files []string) (*Checked, error) {
	set := map[string]bool{}
	for _, f := range files {
		set[f] = true
	}
	var names []string
	for f := range set {
		names = append(names, f)
	}
	sort.Strings(names)
	return l.checkOnce(t, strings.Join(names, ","), set)
}

// CheckDecls returns a check of port t's declarations, for a consumer of
// them alone (constants, types, signatures: the OS conventions): the
// port's first check, whatever bodies it covers (the declarations are
// checked alike in each), else one without bodies.
func (l *Source) CheckDecls(t era.Port) (*Checked, error) {
	l.mu.Lock()
	first, ok := l.first[t]
	l.mu.Unlock()
	if ok {
		return l.checkOnce(t, first.key, first.bodies)
	}
	return l.CheckBodies(t, nil)
}

// firstCheck is the key and bodies of a port's first check.
type firstCheck struct {
	key    string
	bodies map[string]bool
}

func (l *Source) checkOnce(t era.Port, key string, bodies map[string]bool) (*Checked, error) {
	k := checkKey{t, key}
	l.mu.Lock()
	c := l.checked[k]
	if c == nil {
		c = &checkOnce{}
		l.checked[k] = c
	}
	if _, ok := l.first[t]; !ok {
		l.first[t] = firstCheck{key, bodies}
	}
	l.mu.Unlock()
	c.once.Do(func() { c.c, c.err = check(l, t, bodies) })
	return c.c, c.err
}

// withoutBodies is files with the functions of the files not in bodies
// (nil: every file's) reduced to their signatures, for go/types: shallow
// copies, which share the originals' identifiers, so that the check's
// Info holds the originals'.
func withoutBodies(fset *token.FileSet, files []*ast.File, bodies map[string]bool) []*ast.File {
	if bodies == nil {
		return files
	}
	var out []*ast.File
	for _, f := range files {
		if bodies[filepath.Base(fset.Position(f.Pos()).Filename)] {
			out = append(out, f)
			continue
		}
		c := *f
		c.Decls = make([]ast.Decl, len(f.Decls))
		for i, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				sig := *fd
				sig.Body = nil
				d = &sig
			}
			c.Decls[i] = d
		}
		out = append(out, &c)
	}
	return out
}

// HasBodies reports whether the check covered the bodies of the functions
// of file (a name of the runtime's folder).
func (p *Checked) HasBodies(file string) bool { return p.bodies == nil || p.bodies[file] }

// check type-checks the runtime for t with the bodies of the files in
// bodies (nil: all).
func check(src *Source, t era.Port, bodies map[string]bool) (*Checked, error) {
	files, err := src.GoFiles(t, "runtime")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no Go file of src/runtime builds for %s", t)
	}
	var sizes types.Sizes
	if s := types.SizesFor("gc", t.GOARCH); s != nil {
		sizes = s
	} else if s := sizesFallback[t.GOARCH]; s != nil {
		sizes = s
	} else {
		return nil, fmt.Errorf("go/types knows no sizes for GOARCH %s", t.GOARCH)
	}
	p := &Checked{Port: t, Fset: src.Fset, Files: files, Sizes: sizes, bodies: bodies,
		PtrSize: sizes.Sizeof(types.Typ[types.Uintptr])}
	p.Info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	im := &importer{src: src, t: t, sizes: sizes, pkgs: map[string]*types.Package{}, errs: &p.TypeErrors,
		active: map[string]bool{"runtime": true}}
	if bodies == nil {
		im.info = p.Info // a whole check: the imports' bodies too
	}
	p.Pkg, _ = im.check("runtime", withoutBodies(src.Fset, files, bodies), p.Info, true)
	if p.Pkg == nil {
		return nil, fmt.Errorf("type-checking runtime for %s failed: %s", t, strings.Join(first(p.TypeErrors, 3), "; "))
	}
	return p, nil
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Const is the value of the runtime's package-level constant name for
// the port, as go/types computed it (false if there is none, or it is
// not an integer that fits 64 bits).
func (p *Checked) Const(name string) (uint64, bool) {
	c, ok := p.Pkg.Scope().Lookup(name).(*types.Const)
	if !ok {
		return 0, false
	}
	v := constant.ToInt(c.Val())
	if u, ok := constant.Uint64Val(v); ok {
		return u, true
	}
	if i, ok := constant.Int64Val(v); ok {
		return uint64(i), true
	}
	return 0, false
}

// Position is a node's file (relative to src/runtime for the runtime's
// files) and line.
func (p *Checked) Position(pos token.Pos) (string, int) {
	ps := p.Fset.Position(pos)
	name := ps.Filename
	if i := strings.LastIndex(name, "/src/runtime/"); i >= 0 {
		name = name[i+len("/src/runtime/"):]
	} else if i := strings.LastIndex(name, "/src/"); i >= 0 {
		name = name[i+len("/src/"):]
	}
	return name, ps.Line
}

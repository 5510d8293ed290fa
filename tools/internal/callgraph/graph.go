package callgraph

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// Graph is one port's call graph of the runtime and the packages of the
// tree it imports. Its functions are analysed lazily, once; it is safe for
// concurrent use.
type Graph struct {
	Checked *tree.Checked
	// Pkgs in load order: runtime, then its imports, depth first in
	// sorted order.
	Pkgs []*Package

	port era.Port
	// printFn is the builtins print and println: one function calling the
	// runtime's print functions.
	printFn *Func
	src     *tree.Source
	info    *types.Info
	flags   map[string]int64 // textflag.h
	syms    map[string]*Func
	byObj   map[*types.Func]*Func
	byDecl  map[*ast.FuncDecl]*Func

	mu   sync.Mutex // guards the analysis of functions, and refs
	refs map[*Func][]Ref
}

// Package is one package of the tree as the port builds it.
type Package struct {
	path string
	Go   []*tree.File
	Asm  []*tree.AsmFile
}

type graphKey struct {
	src  *tree.Source
	port era.Port
}

type graphOnce struct {
	once sync.Once
	g    *Graph
	err  error
}

var graphs sync.Map // graphKey -> *graphOnce

// Of returns the call graph of the tree for the port, built once per
// process: every analysis of a run shares it.
func Of(src *tree.Source, port era.Port) (*Graph, error) {
	v, _ := graphs.LoadOrStore(graphKey{src, port}, &graphOnce{})
	o := v.(*graphOnce)
	o.once.Do(func() { o.g, o.err = build(src, port) })
	return o.g, o.err
}

func build(src *tree.Source, port era.Port) (*Graph, error) {
	g := &Graph{port: port, src: src, flags: src.TextFlags(), syms: map[string]*Func{},
		byObj: map[*types.Func]*Func{}, byDecl: map[*ast.FuncDecl]*Func{}}
	if err := g.load("runtime"); err != nil {
		return nil, err
	}
	if len(g.Pkgs[0].Go) == 0 {
		return nil, fmt.Errorf("no Go files of src/runtime build for %s", port)
	}
	c, err := src.Check(port)
	if err != nil {
		return nil, err
	}
	g.Checked, g.info = c, c.Info
	for _, pkg := range g.Pkgs {
		g.index(pkg)
	}
	g.printFn = g.newPrint()
	return g, nil
}

// load reads package path and, depth first, the packages of the tree it
// imports.
func (g *Graph) load(path string) error {
	for _, p := range g.Pkgs {
		if p.path == path {
			return nil
		}
	}
	files, err := g.src.Files(g.port, path)
	if err != nil {
		return err
	}
	pkg := &Package{path: path}
	g.Pkgs = append(g.Pkgs, pkg)
	var imports []string
	for _, f := range files {
		if f.Asm != nil {
			pkg.Asm = append(pkg.Asm, f.Asm)
			continue
		}
		pkg.Go = append(pkg.Go, f)
		for _, ip := range f.Go.Imports {
			imports = append(imports, ip)
		}
	}
	sort.Strings(imports)
	for _, ip := range imports {
		if ip != "unsafe" && ip != "C" && g.src.HasPackage(ip) {
			if err := g.load(ip); err != nil {
				return err
			}
		}
	}
	return nil
}

// Lookup finds a function by the name reports use (f, atomic.Xadd64,
// (*sysMemStat).add) or by its symbol; nil if there is none, or more
// than one.
func (g *Graph) Lookup(name string) *Func {
	if f := g.syms[name]; f != nil {
		return f
	}
	if f := g.syms["runtime."+name]; f != nil {
		return f
	}
	var found *Func
	for _, f := range g.syms {
		if f.Name == name {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
}

// FuncOf is the function a declaration declares (nil for a body-less
// one that another declaration or a TEXT implements).
func (g *Graph) FuncOf(d *ast.FuncDecl) *Func { return g.byDecl[d] }

// Pos is where something is in the tree's sources: a Go position, an
// assembly file's line, or a word for what has no place ("builtin print").
type Pos struct {
	fset *token.FileSet
	tok  token.Pos
	file string
	line int
}

func (g *Graph) pos(p token.Pos) Pos { return Pos{fset: g.src.Fset, tok: p} }

// String is "file.go:12", the file by its name.
func (p Pos) String() string {
	if p.tok.IsValid() {
		pp := p.fset.Position(p.tok)
		return filepath.Base(pp.Filename) + ":" + strconv.Itoa(pp.Line)
	}
	if p.line > 0 {
		return p.file + ":" + strconv.Itoa(p.line)
	}
	return p.file
}

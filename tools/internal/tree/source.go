package gless

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// loader reads a tree's sources once and hands out each target's view of
// them. It is safe for concurrent use.
type loader struct {
	root string // the tree: the folder holding src/
	fset *token.FileSet

	mu        sync.Mutex
	dirs      map[string][]string // import path -> file names
	files     map[string]*srcFile // absolute path -> file
	textflags map[string]int64
	intr      map[string][]string // intrinsic symbol -> GOARCHes ("*": all)
}

// srcFile is one source file; its parse is shared by every target.
type srcFile struct {
	path string
	name string
	data []byte

	once sync.Once
	gof  *goFile
	asm  *asmFile
	err  error
}

func newLoader(root string) *loader {
	return &loader{
		root:  root,
		fset:  token.NewFileSet(),
		dirs:  map[string][]string{},
		files: map[string]*srcFile{},
	}
}

func (l *loader) pkgDir(path string) string {
	return filepath.Join(l.root, "src", filepath.FromSlash(path))
}

// list returns the names of the .go (not _test.go) and .s files of the
// package at path, nil if there is no such folder.
func (l *loader) list(path string) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if names, ok := l.dirs[path]; ok {
		return names, nil
	}
	ents, err := os.ReadDir(l.pkgDir(path))
	if os.IsNotExist(err) {
		l.dirs[path] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if strings.HasSuffix(n, ".go") || strings.HasSuffix(n, ".s") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	l.dirs[path] = names
	return names, nil
}

func (l *loader) file(path string) (*srcFile, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.files[path]; ok {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &srcFile{path: path, name: filepath.Base(path), data: data}
	l.files[path] = f
	return f, nil
}

// context is go/build's view of one target, reading files from the cache.
func (l *loader) context(t Target) *build.Context {
	c := build.Context{
		GOOS:        t.GOOS,
		GOARCH:      t.GOARCH,
		GOROOT:      l.root,
		Compiler:    "gc",
		CgoEnabled:  false,
		ReleaseTags: build.Default.ReleaseTags,
	}
	c.OpenFile = func(path string) (io.ReadCloser, error) {
		f, err := l.file(path)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(f.data)), nil
	}
	return &c
}

// matching returns the files of package path that build for t.
func (l *loader) matching(t Target, ctxt *build.Context, path string) ([]*srcFile, error) {
	names, err := l.list(path)
	if err != nil {
		return nil, err
	}
	dir := l.pkgDir(path)
	var out []*srcFile
	for _, n := range names {
		ok, err := ctxt.MatchFile(dir, n)
		if err != nil {
			// A file whose header cannot be read: go/build would report
			// it too. Skip it; the parse error surfaces if it matters.
			continue
		}
		if !ok {
			continue
		}
		f, err := l.file(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// parse parses f once (Go or assembly).
func (l *loader) parse(f *srcFile) error {
	f.once.Do(func() {
		if strings.HasSuffix(f.name, ".s") {
			f.asm = parseAsm(f)
			return
		}
		af, err := parser.ParseFile(l.fset, f.path, f.data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			f.err = err
			return
		}
		f.gof = newGoFile(l.fset, f, af)
	})
	return f.err
}

// flags reads the tree's textflag.h once: the values of NOSPLIT and the
// other TEXT flags.
func (l *loader) flags() map[string]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.textflags != nil {
		return l.textflags
	}
	l.textflags = map[string]int64{}
	for _, p := range []string{"src/runtime/textflag.h", "src/cmd/ld/textflag.h", "src/cmd/internal/obj/textflag.h"} {
		data, err := os.ReadFile(filepath.Join(l.root, p))
		if err != nil {
			continue
		}
		for _, m := range defineRE.FindAllStringSubmatch(string(data), -1) {
			if v, err := strconv.ParseInt(m[2], 0, 64); err == nil {
				l.textflags[m[1]] = v
			}
		}
		break
	}
	return l.textflags
}

var defineRE = regexp.MustCompile(`(?m)^#define\s+(\w+)\s+(\w+)`)

// goFile is a parsed Go file and what every target needs from it.
type goFile struct {
	src     *srcFile
	fset    *token.FileSet
	ast     *ast.File
	imports map[string]string // local name -> import path
	// directives: for each top-level function, the //go: lines between
	// the previous declaration and it (the compiler's rule).
	directives map[*ast.FuncDecl][]string
	docs       map[*ast.FuncDecl]string // the same comments, as text
	linknames  map[string]string        // local name -> symbol
}

func newGoFile(fset *token.FileSet, src *srcFile, f *ast.File) *goFile {
	g := &goFile{src: src, fset: fset, ast: f, imports: map[string]string{},
		directives: map[*ast.FuncDecl][]string{}, docs: map[*ast.FuncDecl]string{}, linknames: map[string]string{}}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndexByte(p, '/')+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		g.imports[name] = p
	}
	var comments []*ast.Comment
	for _, cg := range f.Comments {
		comments = append(comments, cg.List...)
		for _, c := range cg.List {
			if fs := strings.Fields(c.Text); len(fs) == 3 && fs[0] == "//go:linkname" {
				g.linknames[fs[1]] = fs[2]
			}
		}
	}
	prev := f.Package
	i := 0
	for _, d := range f.Decls {
		for i < len(comments) && comments[i].Slash < prev {
			i++
		}
		j := i
		var dirs []string
		var doc strings.Builder
		for j < len(comments) && comments[j].Slash < d.Pos() {
			t := comments[j].Text
			if strings.HasPrefix(t, "//go:") {
				dirs = append(dirs, strings.Fields(t)[0][2:])
			}
			doc.WriteString(t)
			doc.WriteByte('\n')
			j++
		}
		if fd, ok := d.(*ast.FuncDecl); ok {
			g.directives[fd] = dirs
			g.docs[fd] = doc.String()
		}
		prev = d.End()
		i = j
	}
	return g
}

func (g *goFile) pos(p token.Pos) string {
	return fmt.Sprintf("%s:%d", g.src.name, g.fset.Position(p).Line)
}

func has(dirs []string, d string) bool {
	for _, x := range dirs {
		if x == d {
			return true
		}
	}
	return false
}

// intrinsics reads the compiler's table of calls it expands in place
// (cmd/compile/internal/ssagen/ssa.go, Go 1.10 and later): entries
// add("pkg", "Name", builder, archs...) and addF(...) whose architectures
// are all... or a list of sys.X families. They are not calls. The 2015
// compiler has no such table; its only intrinsics (getg, getcallerpc)
// have no body, which the analysis treats alike.
func (l *loader) intrinsics() map[string][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.intr != nil {
		return l.intr
	}
	l.intr = map[string][]string{}
	path := filepath.Join(l.root, "src", "cmd", "compile", "internal", "ssagen", "ssa.go")
	data, err := os.ReadFile(path)
	if err != nil {
		return l.intr
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, data, parser.SkipObjectResolution)
	if err != nil {
		return l.intr
	}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) < 4 {
			return true
		}
		id, ok := c.Fun.(*ast.Ident)
		if !ok || id.Name != "add" && id.Name != "addF" {
			return true
		}
		pkg, ok1 := c.Args[0].(*ast.BasicLit)
		name, ok2 := c.Args[1].(*ast.BasicLit)
		if !ok1 || !ok2 {
			return true
		}
		p, _ := strconv.Unquote(pkg.Value)
		nm, _ := strconv.Unquote(name.Value)
		var arches []string
		for _, a := range c.Args[3:] {
			switch x := a.(type) {
			case *ast.Ident:
				if x.Name == "all" && c.Ellipsis.IsValid() {
					arches = append(arches, "*")
				}
			case *ast.SelectorExpr:
				arches = append(arches, familyArches[x.Sel.Name]...)
			}
		}
		if len(arches) > 0 {
			l.intr[p+"."+nm] = append(l.intr[p+"."+nm], arches...)
		}
		return true
	})
	return l.intr
}

// familyArches maps the compiler's architecture families to GOARCHes.
var familyArches = map[string][]string{
	"AMD64": {"amd64"}, "ARM": {"arm"}, "ARM64": {"arm64"}, "I386": {"386"},
	"Loong64": {"loong64"}, "MIPS": {"mips", "mipsle"}, "MIPS64": {"mips64", "mips64le"},
	"PPC64": {"ppc64", "ppc64le"}, "RISCV64": {"riscv64"}, "S390X": {"s390x"}, "Wasm": {"wasm"},
}

// modern: a tree of the Go 1.19 era (runtime/internal/atomic exists), not
// the 2015 one.
func (l *loader) modern() bool {
	_, err := os.Stat(filepath.Join(l.root, "src", "runtime", "internal", "atomic"))
	return err == nil
}

package tree

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
	"xaddref/tools/internal/era"
)

// Source is a tree's packages as each port sees them: every file read and
// parsed once, for every port and every check of the kit; the runtime
// type-checked once per port (check.go). It is the only reader of a tree's
// Go and assembly sources. It is safe for concurrent use; what it hands
// out is shared and must not be changed.
type Source struct {
	Dir  string // the tree: the folder holding src/
	Fset *token.FileSet

	mu        sync.Mutex
	dirs      map[string][]string // import path -> file names
	files     map[string]*File    // absolute path -> file
	textflags map[string]int64
	intr      map[string][]string // intrinsic symbol -> GOARCHes ("*": all)
	ports     *portList
	checked   map[checkKey]*checkOnce
	first     map[era.Port]firstCheck // each port's first check (CheckDecls)
	parses    int                     // Go files parsed: each at most once
}

// File is one source file; its parse is shared by every port.
type File struct {
	Path string
	Name string
	Data []byte

	once sync.Once
	Go   *GoFile  // a .go file's parse
	Asm  *AsmFile // a .s file's
	err  error
}

var sources sync.Map // absolute directory -> *Source

// Load returns the Source of the tree at dir (the folder holding src/):
// one per tree in a process, so that every check of a run shares its
// parses.
func Load(dir string) *Source {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	s, _ := sources.LoadOrStore(dir, &Source{
		Dir:     dir,
		Fset:    token.NewFileSet(),
		dirs:    map[string][]string{},
		files:   map[string]*File{},
		checked: map[checkKey]*checkOnce{},
		first:   map[era.Port]firstCheck{},
	})
	return s.(*Source)
}

// Forget drops the process's Source of the tree at dir: the next Load reads
// it afresh. A Source assumes its tree does not change; a caller that
// changes one and reads it again (a test that plants a change) says so.
func Forget(dir string) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sources.Delete(dir)
}

// TotalParses is how many Go files every Source of the process has parsed.
func TotalParses() int {
	n := 0
	sources.Range(func(_, s any) bool {
		n += s.(*Source).Parses()
		return true
	})
	return n
}

// Parses is how many Go files the Source has parsed so far.
func (l *Source) Parses() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.parses
}

func (l *Source) pkgDir(path string) string {
	return filepath.Join(l.Dir, "src", filepath.FromSlash(path))
}

// list returns the names of the .go (not _test.go) and .s files of the
// package at path, nil if there is no such folder.
func (l *Source) list(path string) ([]string, error) {
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

// Names lists the .go (not tests) and .s files of package path, whatever
// port they build for: for a consumer that must see every file of a kind
// (a file it does not know stops it), not only a port's. Nil if the tree
// has no such package.
func (l *Source) Names(path string) ([]string, error) { return l.list(path) }

func (l *Source) file(path string) (*File, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.files[path]; ok {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &File{Path: path, Name: filepath.Base(path), Data: data}
	l.files[path] = f
	return f, nil
}

// context is go/build's view of one port, reading files from the cache.
func (l *Source) context(t era.Port) *build.Context {
	c := build.Context{
		GOOS:        t.GOOS,
		GOARCH:      t.GOARCH,
		GOROOT:      l.Dir,
		Compiler:    "gc",
		CgoEnabled:  false,
		ReleaseTags: build.Default.ReleaseTags,
	}
	c.OpenFile = func(path string) (io.ReadCloser, error) {
		f, err := l.file(path)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(f.Data)), nil
	}
	return &c
}

// Files returns the files (.go but tests, and .s) of the tree's package
// path that build for port t, by go/build's rules with cgo off, parsed;
// nil if the tree has no such package.
func (l *Source) Files(t era.Port, path string) ([]*File, error) {
	ctxt := l.context(t)
	names, err := l.list(path)
	if err != nil {
		return nil, err
	}
	dir := l.pkgDir(path)
	var out []*File
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
		if err := l.parse(f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Builds reports whether go/build builds the file name of package path
// for port t (by its name and build constraint, cgo off), as Files would
// take it: for a consumer that asks it of one file on every port (which
// GOOSes build mem_bsd.go) rather than for a port's files.
func (l *Source) Builds(t era.Port, path, name string) (bool, error) {
	return l.context(t).MatchFile(l.pkgDir(path), name)
}

// parse parses f once (Go or assembly).
func (l *Source) parse(f *File) error {
	f.once.Do(func() {
		if strings.HasSuffix(f.Name, ".s") {
			f.Asm = parseAsm(f)
			return
		}
		l.mu.Lock()
		l.parses++
		l.mu.Unlock()
		af, err := parser.ParseFile(l.Fset, f.Path, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			f.err = fmt.Errorf("%s: %v", f.Path, err)
			return
		}
		f.Go = newGoFile(af)
	})
	return f.err
}

// GoFiles returns the parsed Go files of package path that build for t.
func (l *Source) GoFiles(t era.Port, path string) ([]*ast.File, error) {
	files, err := l.Files(t, path)
	if err != nil {
		return nil, err
	}
	var out []*ast.File
	for _, f := range files {
		if f.Go != nil {
			out = append(out, f.Go.AST)
		}
	}
	return out, nil
}

// TextFlags reads the tree's textflag.h once: the values of NOSPLIT and
// the other TEXT flags.
func (l *Source) TextFlags() map[string]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.textflags != nil {
		return l.textflags
	}
	l.textflags = map[string]int64{}
	for _, p := range []string{"src/runtime/textflag.h", "src/cmd/ld/textflag.h", "src/cmd/internal/obj/textflag.h"} {
		data, err := os.ReadFile(filepath.Join(l.Dir, p))
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

// GoFile is a parsed Go file and what every port needs from it.
type GoFile struct {
	AST     *ast.File
	Imports map[string]string // local name -> import path
	// Directives: for each top-level function, the //go: lines between
	// the previous declaration and it (the compiler's rule).
	Directives map[*ast.FuncDecl][]string
	Docs       map[*ast.FuncDecl]string // the same comments, as text
	Linknames  map[string]string        // local name -> symbol
}

func newGoFile(f *ast.File) *GoFile {
	g := &GoFile{AST: f, Imports: map[string]string{},
		Directives: map[*ast.FuncDecl][]string{}, Docs: map[*ast.FuncDecl]string{}, Linknames: map[string]string{}}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndexByte(p, '/')+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		g.Imports[name] = p
	}
	var comments []*ast.Comment
	for _, cg := range f.Comments {
		comments = append(comments, cg.List...)
		for _, c := range cg.List {
			if fs := strings.Fields(c.Text); len(fs) == 3 && fs[0] == "//go:linkname" {
				g.Linknames[fs[1]] = fs[2]
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
			g.Directives[fd] = dirs
			g.Docs[fd] = doc.String()
		}
		prev = d.End()
		i = j
	}
	return g
}

// Intrinsics reads the compiler's table of calls it expands in place
// (cmd/compile/internal/ssagen/ssa.go from Go 1.10, intrinsics.go from Go
// 1.24): entries add("pkg", "Name", builder, archs...) and addF(...) whose
// architectures are all... or a list of sys.X families. They are not
// calls. The 2015 compiler has no such table; its only intrinsics (getg,
// getcallerpc) have no body, which the analysis treats alike.
func (l *Source) Intrinsics() map[string][]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.intr != nil {
		return l.intr
	}
	l.intr = map[string][]string{}
	for _, name := range []string{"ssa.go", "intrinsics.go"} {
		l.readIntrinsics(filepath.Join(l.Dir, "src", "cmd", "compile", "internal", "ssagen", name))
	}
	return l.intr
}

// readIntrinsics adds the entries of the table in the compiler's file at
// path, if there is one, to l.intr.
func (l *Source) readIntrinsics(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, data, parser.SkipObjectResolution)
	if err != nil {
		return
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
}

// familyArches maps the compiler's architecture families to GOARCHes.
var familyArches = map[string][]string{
	"AMD64": {"amd64"}, "ARM": {"arm"}, "ARM64": {"arm64"}, "I386": {"386"},
	"Loong64": {"loong64"}, "MIPS": {"mips", "mipsle"}, "MIPS64": {"mips64", "mips64le"},
	"PPC64": {"ppc64", "ppc64le"}, "RISCV64": {"riscv64"}, "S390X": {"s390x"}, "Wasm": {"wasm"},
}

// Modern: a tree of Go 1.19 or later, whose atomics are a package of
// their own (runtime/internal/atomic; internal/runtime/atomic from Go
// 1.23), not the 2015 one.
func (l *Source) Modern() bool {
	for _, p := range []string{"runtime/internal/atomic", "internal/runtime/atomic"} {
		if _, err := os.Stat(filepath.Join(l.Dir, "src", filepath.FromSlash(p))); err == nil {
			return true
		}
	}
	return false
}

// HasPackage reports whether the tree has a folder src/<path> with Go or
// assembly files.
func (l *Source) HasPackage(path string) bool {
	names, _ := l.list(path)
	return names != nil
}

// portList is the tree's ports, listed once.
type portList struct {
	ports []era.Port
	from  string
	err   error
}

// Ports lists the tree's ports once (Ports in ports.go) and says where the
// list came from.
func (l *Source) Ports() ([]era.Port, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ports == nil {
		ps, from, err := Ports(l.Dir)
		l.ports = &portList{ps, from, err}
	}
	return l.ports.ports, l.ports.from, l.ports.err
}

// HasPort reports whether p is one of the tree's ports.
func (l *Source) HasPort(p era.Port) bool {
	ps, _, _ := l.Ports()
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// Fingerprints hashes, per file under src/ that glob matches (a
// path.Match pattern: "runtime/mem_*.go"), the file's declarations whose
// names match re: a Go function or method ("f", "T.f") from its func
// keyword to its end, an assembly TEXT symbol ("·Xadd", "runtime·f") with
// its instructions (tests left out). The same fingerprint is the same
// text: it says whether
// a later release left what an era depends on as it was. Keys are slash
// paths under src/.
func (l *Source) Fingerprints(glob string, re *regexp.Regexp) (map[string]string, error) {
	names, err := filepath.Glob(filepath.Join(l.Dir, "src", filepath.FromSlash(glob)))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, path := range names {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := l.file(path)
		if err != nil {
			return nil, err
		}
		if err := l.parse(f); err != nil {
			return nil, err
		}
		h := sha256.New()
		for _, text := range declTexts(l.Fset, f, re) {
			fmt.Fprintf(h, "%s\x00", text)
		}
		rel, _ := filepath.Rel(filepath.Join(l.Dir, "src"), path)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(h.Sum(nil))[:16]
	}
	return out, nil
}

// declTexts are the texts of f's declarations whose names match re.
func declTexts(fset *token.FileSet, f *File, re *regexp.Regexp) []string {
	var out []string
	if f.Asm != nil {
		for _, tx := range f.Asm.Texts {
			if !re.MatchString(tx.Raw) {
				continue
			}
			text := fmt.Sprintf("TEXT %s %s %d", tx.Raw, tx.Flags, tx.Frame)
			for _, in := range tx.Body {
				text += "\n" + in.Op + " " + strings.Join(in.Args, ", ")
			}
			out = append(out, text)
		}
		return out
	}
	for _, d := range f.Go.AST.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !re.MatchString(funcName(fd)) {
			continue
		}
		start, end := fset.Position(fd.Pos()).Offset, fset.Position(fd.End()).Offset
		out = append(out, string(f.Data[start:end]))
	}
	return out
}

// funcName is "f" for a function, "T.f" for a method of T or *T.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

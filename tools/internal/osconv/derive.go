package osconv

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// deriver reads one tree's src/runtime.
type deriver struct {
	dir   string // src/runtime
	fset  *token.FileSet
	goSrc []string             // the non-test .go files
	asm   []string             // the .s files
	files map[string]*ast.File // parsed on first use
	text  map[string][]string  // lines of the .s and .go files read
}

// Derive reads the tree at root (a GOROOT) and returns its table: every
// port of the tree (tree.Ports) with the facts derived from its files.
// Measure adds what runs on the machine.
func Derive(root, profile string) (*Table, error) {
	targets, _, err := tree.Load(root).Ports()
	if err != nil {
		return nil, err
	}
	return DerivePorts(root, profile, targets)
}

// DerivePorts is Derive for the ports given, reading src/runtime alone.
func DerivePorts(root, profile string, targets []era.Port) (*Table, error) {
	d := &deriver{dir: filepath.Join(root, "src", "runtime"), fset: token.NewFileSet(),
		files: map[string]*ast.File{}, text: map[string][]string{}}
	ents, err := os.ReadDir(d.dir)
	if err != nil {
		return nil, fmt.Errorf("reading the tree's runtime: %v", err)
	}
	for _, e := range ents {
		n := e.Name()
		switch {
		case e.IsDir():
		case strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go"):
			d.goSrc = append(d.goSrc, n)
		case strings.HasSuffix(n, ".s"):
			d.asm = append(d.asm, n)
		}
	}
	t := &Table{Profile: profile, Tree: root}
	for _, tg := range targets {
		p := &Port{GOOS: tg.GOOS, GOARCH: tg.GOARCH}
		if err := d.port(p, profile); err != nil {
			return nil, fmt.Errorf("%s: %v", p.Name(), err)
		}
		t.Ports = append(t.Ports, p)
	}
	t.sort()
	return t, nil
}

// context is go/build's view of a port, without cgo.
func context(goos, goarch string) *build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = goos, goarch, false
	return &ctx
}

// matching lists the files of names built for the port.
func (d *deriver) matching(names []string, goos, goarch string) ([]string, error) {
	ctx := context(goos, goarch)
	var out []string
	for _, n := range names {
		ok, err := ctx.MatchFile(d.dir, n)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, n)
		}
	}
	return out, nil
}

func (d *deriver) parse(name string) (*ast.File, error) {
	if f, ok := d.files[name]; ok {
		return f, nil
	}
	f, err := parser.ParseFile(d.fset, filepath.Join(d.dir, name), nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	d.files[name] = f
	return f, nil
}

func (d *deriver) lines(name string) ([]string, error) {
	if l, ok := d.text[name]; ok {
		return l, nil
	}
	b, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		return nil, err
	}
	l := strings.Split(string(b), "\n")
	d.text[name] = l
	return l, nil
}

func (d *deriver) port(p *Port, profile string) error {
	goFiles, err := d.matching(d.goSrc, p.GOOS, p.GOARCH)
	if err != nil {
		return err
	}
	asmFiles, err := d.matching(d.asm, p.GOOS, p.GOARCH)
	if err != nil {
		return err
	}
	if err := d.constants(p, goFiles); err != nil {
		return err
	}
	return d.failures(p, goFiles, asmFiles)
}

// constants evaluates the port's declarations of Constants with go/types:
// the const declarations of every file built for the port, type-checked as
// one package with the port's sizes (a constant the checker cannot
// evaluate without the rest of the package is left out, and so is one the
// port does not declare).
func (d *deriver) constants(p *Port, goFiles []string) error {
	var files []*ast.File
	for _, n := range goFiles {
		f, err := d.parse(n)
		if err != nil {
			return err
		}
		c := &ast.File{Name: f.Name, Package: f.Package}
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.IMPORT) {
				c.Decls = append(c.Decls, g)
			}
		}
		files = append(files, c)
	}
	conf := types.Config{
		// Only "unsafe" matters to the constants wanted; other imports
		// fail and leave what needs them out.
		Importer: unsafeOnly{},
		Sizes:    types.SizesFor("gc", p.GOARCH),
		Error:    func(error) {}, // the rest of the package is not here
	}
	if conf.Sizes == nil {
		return fmt.Errorf("go/types has no sizes for %s", p.GOARCH)
	}
	pkg, _ := conf.Check("runtime", d.fset, files, nil)
	for _, name := range Constants {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok || c.Val().Kind() != constant.Int {
			continue
		}
		v, ok := constant.Uint64Val(c.Val())
		if !ok {
			return fmt.Errorf("%s = %s does not fit 64 bits", name, c.Val())
		}
		p.set(Fact{Name: name, Value: fmt.Sprintf("0x%x", v), How: Derived, Where: d.where(c.Pos())})
	}
	return nil
}

type unsafeOnly struct{}

func (unsafeOnly) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	return nil, fmt.Errorf("not imported: %s", path)
}

func (d *deriver) where(pos token.Pos) string {
	ps := d.fset.Position(pos)
	return fmt.Sprintf("runtime/%s:%d", filepath.Base(ps.Filename), ps.Line)
}

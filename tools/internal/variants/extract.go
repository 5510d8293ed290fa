package variants

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/tree"
)

//go:embed host/*.tmpl
var hostFS embed.FS

// An Instance is one port's copy of a variant: the variant's code for its
// GOOS, with the port's constants from the conventions table.
type Instance struct {
	Variant      string         // bsd, darwin, linux, plan9, windows
	GOOS, GOARCH string         // the port it is built for
	Port         *osconv.Port   // its conventions
	Funcs        map[string]int // the roots it has, and their parameter counts
}

// Scope is the prefix of the instance's names in the host: linux_arm64.
func (in *Instance) Scope() string { return in.GOOS + "_" + in.GOARCH }

// An Extraction is the host program built from a tree: its files, keyed by
// their path in the host module, and the instances it can run.
type Extraction struct {
	Profile   *Profile
	Instances []*Instance
	Files     map[string]string
}

type srcFile struct {
	name string // base name
	file *ast.File
	src  []byte
}

type extractor struct {
	dir     string // the tree's src/runtime
	prof    *Profile
	fset    *token.FileSet
	parsed  map[string]*srcFile
	names   []string // the directory's non-test .go files
	content map[string][]byte
	match   map[string]bool // goos/goarch/file: go/build builds the file for the port
	known   map[string]bool // the stubs' names
	pulled  map[string]string
	out     map[string]*bytes.Buffer // "" shared, else the instance's scope
	inst    map[string]*Instance     // by scope
	funcs   map[string]*ast.FuncDecl // a pulled function's host name -> its resolved copy
	// uintptrTypes are the host names of the types declared as uintptr
	// (Go 1.19 plan9's memHdrPtr), which unsafe.Pointer converts to.
	uintptrTypes map[string]bool
	record       map[string]bool
}

// Extract builds the host program's sources from the tree at dir (the top
// of a Go tree, holding src/runtime): each variant once per port of the
// conventions table whose GOOS it is built for, with that port's constants
// from the table. Any identifier it cannot account for is an error naming
// it and its file.
func Extract(dir string, prof *Profile, table *osconv.Table) (*Extraction, error) {
	x := &extractor{
		dir:          filepath.Join(dir, "src", "runtime"),
		prof:         prof,
		fset:         token.NewFileSet(),
		parsed:       map[string]*srcFile{},
		content:      map[string][]byte{},
		match:        map[string]bool{},
		pulled:       map[string]string{},
		out:          map[string]*bytes.Buffer{"": {}},
		inst:         map[string]*Instance{},
		funcs:        map[string]*ast.FuncDecl{},
		uintptrTypes: map[string]bool{},
		record:       map[string]bool{},
	}
	for _, n := range prof.Record {
		x.record[n] = true
	}
	ents, err := os.ReadDir(x.dir)
	if err != nil {
		return nil, fmt.Errorf("reading the tree's runtime: %v", err)
	}
	for _, e := range ents {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !e.IsDir() {
			x.names = append(x.names, n)
		}
	}
	if err := x.loadStubs(); err != nil {
		return nil, err
	}
	if err := x.checkVariants(); err != nil {
		return nil, err
	}
	ports, err := treePorts(dir)
	if err != nil {
		return nil, err
	}
	ex := &Extraction{Profile: prof, Files: map[string]string{}}
	for _, v := range prof.Variants {
		goos, err := x.variantGOOS(v, ports)
		if err != nil {
			return nil, err
		}
		for _, g := range goos {
			for _, port := range table.PortsOf(g) {
				in := &Instance{Variant: v, GOOS: g, GOARCH: port.GOARCH, Port: port, Funcs: map[string]int{}}
				x.inst[in.Scope()] = in
				x.out[in.Scope()] = &bytes.Buffer{}
				if err := x.roots(in); err != nil {
					return nil, err
				}
				ex.Instances = append(ex.Instances, in)
			}
		}
	}
	return ex, x.render(ex)
}

func (x *extractor) file(name string) (*srcFile, error) {
	if f, ok := x.parsed[name]; ok {
		return f, nil
	}
	src, err := x.read(name)
	if err != nil {
		return nil, err
	}
	af, err := parser.ParseFile(x.fset, "runtime/"+name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %v", name, err)
	}
	f := &srcFile{name, af, src}
	x.parsed[name] = f
	return f, nil
}

func (x *extractor) read(name string) ([]byte, error) {
	if b, ok := x.content[name]; ok {
		return b, nil
	}
	b, err := os.ReadFile(filepath.Join(x.dir, name))
	if err != nil {
		return nil, err
	}
	x.content[name] = b
	return b, nil
}

func (x *extractor) exists(name string) bool {
	_, err := os.Stat(filepath.Join(x.dir, name))
	return err == nil
}

func expand(pattern string, in *Instance) string {
	return strings.NewReplacer("{v}", in.Variant, "{goos}", in.GOOS).Replace(pattern)
}

// impliedGOOS is the GOOS whose files another GOOS builds too (go/build:
// android builds _linux files, ios _darwin ones, illumos _solaris ones).
var impliedGOOS = map[string]string{"android": "linux", "ios": "darwin", "illumos": "solaris"}

// candidates are the names a file pattern gives for in: with in's GOOS,
// then with the GOOS it implies.
func candidates(pattern string, in *Instance) []string {
	out := []string{expand(pattern, in)}
	if g, ok := impliedGOOS[in.GOOS]; ok && strings.Contains(pattern, "{goos}") {
		out = append(out, strings.NewReplacer("{v}", in.Variant, "{goos}", g).Replace(pattern))
	}
	return out
}

// treePorts are the tree's GOOSes, each with its GOARCHes (tree.Ports: the
// pairs its dist supports).
func treePorts(dir string) (map[string][]string, error) {
	targets, _, err := tree.Load(dir).Ports()
	if err != nil {
		return nil, fmt.Errorf("the tree's ports: %v", err)
	}
	out := map[string][]string{}
	for _, t := range targets {
		out[t.GOOS] = append(out[t.GOOS], t.GOARCH)
	}
	return out, nil
}

// variantGOOS are the GOOSes mem_<v>.go is built for: those of the tree's
// ports for which go/build takes the file, by its name and its build
// constraint, with the GOOSes they imply (illumos takes a file built for
// solaris).
func (x *extractor) variantGOOS(v string, ports map[string][]string) ([]string, error) {
	name := "mem_" + v + ".go"
	if !x.exists(name) {
		return nil, fmt.Errorf("the tree has no runtime/%s", name)
	}
	var out []string
	for g, arches := range ports {
		for _, a := range arches {
			ok, err := x.builds(g, a, name)
			if err != nil {
				return nil, fmt.Errorf("runtime/%s: %v", name, err)
			}
			if ok {
				out = append(out, g)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("runtime/%s is built for none of the tree's ports", name)
	}
	sort.Strings(out)
	return out, nil
}

// checkVariants: every mem_<v>.go of the tree is one of the profile's
// variants. A variant the harness does not know is never passed silently.
func (x *extractor) checkVariants() error {
	known := map[string]bool{}
	for _, v := range x.prof.Variants {
		known["mem_"+v+".go"] = true
	}
	var unknown []string
	for _, n := range x.names {
		if strings.HasPrefix(n, "mem_") && !known[n] {
			unknown = append(unknown, "runtime/"+n)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%s: a memory variant the harness does not know (profile %s checks mem_%s.go): "+
			"extend the profile (tools/internal/variants/profile.go), its stubs and the C model together",
			strings.Join(unknown, ", "), x.prof.Name, strings.Join(x.prof.Variants, ".go, mem_"))
	}
	return nil
}

// loadStubs collects the names the stubs declare: the identifiers the
// harness knows.
func (x *extractor) loadStubs() error {
	x.known = map[string]bool{}
	for _, t := range append(append([]string{"common.go.tmpl", "types.go.tmpl"}, x.prof.Stubs...), x.moreStubs()...) {
		src, err := x.template(t, map[string]interface{}{"Pkg": "p", "Era": x.prof.Era, "Bits": 64, "PtrSize": 8})
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), t, src, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("host/%s: %v", t, err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					x.known[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							x.known[n.Name] = true
						}
					case *ast.TypeSpec:
						x.known[s.Name.Name] = true
					}
				}
			}
		}
	}
	return nil
}

// moreStubs are the profile's MoreStubs' names, in order.
func (x *extractor) moreStubs() []string {
	var out []string
	for n := range x.prof.MoreStubs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (x *extractor) template(name string, data interface{}) (string, error) {
	b, err := hostFS.ReadFile("host/" + name)
	if src, ok := x.prof.MoreStubs[name]; ok {
		b, err = []byte(src), nil
	}
	if err != nil {
		return "", err
	}
	t, err := template.New(name).Parse(string(b))
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

// A declaration found in a file.
type found struct {
	f     *srcFile
	fn    *ast.FuncDecl
	gen   *ast.GenDecl
	spec  ast.Spec
	index int // the spec's index in its group (iota)
	name  string
}

// lookup finds the package-level declaration of name in f (not methods).
func lookup(f *srcFile, name string) *found {
	for _, d := range f.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return &found{f: f, fn: d, name: name}
			}
		case *ast.GenDecl:
			for i, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name == name {
							return &found{f: f, gen: d, spec: s, index: i, name: name}
						}
					}
				case *ast.TypeSpec:
					if s.Name.Name == name {
						return &found{f: f, gen: d, spec: s, index: i, name: name}
					}
				}
			}
		}
	}
	return nil
}

// roots extracts in's functions under test.
func (x *extractor) roots(in *Instance) error {
	for _, r := range x.prof.Roots {
		var fd *found
		names := candidates(r.File, in)
		for _, name := range names {
			if !x.exists(name) {
				continue
			}
			f, err := x.file(name)
			if err != nil {
				return err
			}
			if fd = lookup(f, r.Name); fd != nil && fd.fn != nil {
				break
			}
			fd = nil
		}
		if fd == nil {
			if r.Optional {
				continue
			}
			return fmt.Errorf("runtime/%s has no function %s (for %s)", strings.Join(names, " or "), r.Name, in.GOOS)
		}
		if r.Calling != "" && !calls(fd.fn, r.Calling) {
			continue
		}
		if _, err := x.pull(fd, in.Scope()); err != nil {
			return err
		}
		in.Funcs[r.Name] = fd.fn.Type.Params.NumFields()
	}
	return nil
}

// calls reports whether fn's body calls the function name.
func calls(fn *ast.FuncDecl, name string) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// pull extracts fd into scope ("" shared, else a GOOS) once and returns the
// name it has in the host.
func (x *extractor) pull(fd *found, scope string) (string, error) {
	key := scope + "|" + fd.name
	if n, ok := x.pulled[key]; ok {
		return n, nil
	}
	newName := fd.name
	if scope != "" {
		newName = scope + "_" + fd.name
	}
	x.pulled[key] = newName
	decl, err := x.copyDecl(fd)
	if err != nil {
		return "", err
	}
	// Rename the declared names.
	switch d := decl.(type) {
	case *ast.FuncDecl:
		d.Name.Name = newName
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.ValueSpec:
				for _, n := range s.Names {
					x.pulled[scope+"|"+n.Name] = prefixed(scope, n.Name)
					n.Name = prefixed(scope, n.Name)
				}
			case *ast.TypeSpec:
				s.Name.Name = newName
				if id, ok := s.Type.(*ast.Ident); ok && id.Name == "uintptr" {
					x.uintptrTypes[newName] = true
				}
			}
		}
	}
	if err := x.resolveRefs(decl, scope, fd); err != nil {
		return "", err
	}
	if f, ok := decl.(*ast.FuncDecl); ok {
		x.funcs[newName] = f
	}
	if err := x.emit(scope, fd, decl); err != nil {
		return "", err
	}
	// A type brings its methods from the same file.
	if ts, ok := fd.spec.(*ast.TypeSpec); ok {
		for _, d := range fd.f.file.Decls {
			m, ok := d.(*ast.FuncDecl)
			if !ok || m.Recv == nil || recvType(m) != ts.Name.Name {
				continue
			}
			if _, err := x.pullMethod(&found{f: fd.f, fn: m, name: ts.Name.Name + "." + m.Name.Name}, scope); err != nil {
				return "", err
			}
		}
	}
	return newName, nil
}

func prefixed(scope, name string) string {
	if scope == "" {
		return name
	}
	return scope + "_" + name
}

func recvType(m *ast.FuncDecl) string {
	t := m.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// pullMethod extracts a method; its receiver type is renamed with the rest.
func (x *extractor) pullMethod(fd *found, scope string) (string, error) {
	key := scope + "|" + fd.name
	if _, ok := x.pulled[key]; ok {
		return "", nil
	}
	x.pulled[key] = fd.name
	decl, err := x.copyDecl(fd)
	if err != nil {
		return "", err
	}
	if err := x.resolveRefs(decl, scope, fd); err != nil {
		return "", err
	}
	return "", x.emit(scope, fd, decl)
}

// resolveRefs renames every package-level name decl (fd's copy) uses to
// its name in the host, extracting what it refers to. A call of a
// recorded function goes through its site's wrapper.
func (x *extractor) resolveRefs(decl ast.Decl, scope string, fd *found) error {
	var rerr error
	at := x.origPositions(fd, decl)
	w := &walker{ref: func(id *ast.Ident) {
		if rerr != nil {
			return
		}
		name := id.Name
		n, err := x.resolve(name, scope, fd.f, fd.name)
		if err != nil {
			rerr = err
			return
		}
		if pos, ok := at[id]; ok && x.record[name] {
			n = x.recorder(scope, name, n, pos)
		}
		id.Name = n
	}, uintptrType: func(name string) bool { return x.uintptrTypes[name] }}
	w.decl(decl)
	if w.err != nil {
		return fmt.Errorf("runtime/%s: %s: %v", fd.f.name, fd.name, w.err)
	}
	return rerr
}

// origPositions maps the identifiers of decl, a fresh copy of fd's
// function (copyDecl prints it and parses it again), to their place in the
// tree's file, "malloc.go:412": both hold the same identifiers in the same
// order. Nil when fd is not a function or Record is empty.
func (x *extractor) origPositions(fd *found, decl ast.Decl) map[*ast.Ident]string {
	if fd.fn == nil || len(x.record) == 0 {
		return nil
	}
	var orig, cp []*ast.Ident
	ast.Inspect(fd.fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			orig = append(orig, id)
		}
		return true
	})
	ast.Inspect(decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			cp = append(cp, id)
		}
		return true
	})
	if len(orig) != len(cp) {
		return nil
	}
	var name *ast.Ident // renamed already (pull)
	if d, ok := decl.(*ast.FuncDecl); ok {
		name = d.Name
	}
	out := map[*ast.Ident]string{}
	for i, id := range cp {
		if id.Name != orig[i].Name && id != name {
			return nil
		}
		p := x.fset.Position(orig[i].Pos())
		out[id] = fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
	}
	return out
}

// recorder returns the wrapper through which the call of host (the
// recorded function name, as the host calls it) at the tree's position at
// goes, writing it into scope's file once.
func (x *extractor) recorder(scope, name, host, at string) string {
	fn := x.funcs[host]
	if fn == nil {
		return host // a stub, or a function still being extracted
	}
	wname := host + "__at_" + strings.NewReplacer(".", "_", ":", "_", "-", "_").Replace(at)
	key := "record|" + wname
	if _, ok := x.pulled[key]; ok {
		return wname
	}
	x.pulled[key] = wname
	typeText := func(e ast.Expr) string {
		var b bytes.Buffer
		printer.Fprint(&b, token.NewFileSet(), e)
		return b.String()
	}
	var params, args, pass []string
	for _, f := range fn.Type.Params.List {
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for k := 0; k < n; k++ {
			a := fmt.Sprintf("a%d", len(args))
			params = append(params, a+" "+typeText(f.Type))
			args = append(args, a)
			if _, ok := f.Type.(*ast.Ellipsis); ok {
				a += "..."
			}
			pass = append(pass, a)
		}
	}
	var results, rets []string
	if fn.Type.Results != nil {
		for _, f := range fn.Type.Results.List {
			n := len(f.Names)
			if n == 0 {
				n = 1
			}
			for k := 0; k < n; k++ {
				results = append(results, typeText(f.Type))
				rets = append(rets, fmt.Sprintf("r%d", len(rets)))
			}
		}
	}
	buf := x.out[scope]
	fmt.Fprintf(buf, "//line xaddref-record.go:1\nfunc %s(%s) (%s) {\n", wname, strings.Join(params, ", "), strings.Join(results, ", "))
	fmt.Fprintf(buf, "\txrEnter(%q, %q, %s)\n", name, at, strings.Join(args, ", "))
	call := host + "(" + strings.Join(pass, ", ") + ")"
	if len(rets) > 0 {
		call = strings.Join(rets, ", ") + " := " + call
	}
	fmt.Fprintf(buf, "\t%s\n\txrLeave(%q, %s)\n", call, name, strings.Join(args, ", "))
	if len(rets) > 0 {
		fmt.Fprintf(buf, "\treturn %s\n", strings.Join(rets, ", "))
	}
	buf.WriteString("}\n\n")
	return wname
}

// resolve maps a package-level name used by user (declared in file f) to its
// name in the host, extracting what it refers to.
func (x *extractor) resolve(name, scope string, f *srcFile, user string) (string, error) {
	if x.known[name] || universe[name] {
		return name, nil
	}
	in := x.inst[scope]
	if in != nil && name == "GOOS" {
		key := scope + "|GOOS"
		if _, ok := x.pulled[key]; !ok {
			x.pulled[key] = scope + "_GOOS"
			fmt.Fprintf(x.out[scope], "//line xaddref-goos.go:1\nconst %s_GOOS = %q\n\n", scope, in.GOOS)
		}
		return scope + "_GOOS", nil
	}
	if in != nil {
		for _, pat := range x.prof.InstanceFiles {
			for _, n := range candidates(pat, in) {
				if !x.exists(n) {
					continue
				}
				g, err := x.file(n)
				if err != nil {
					return "", err
				}
				if fd := lookup(g, name); fd != nil {
					return x.pull(fd, scope)
				}
			}
		}
	}
	for _, n := range x.prof.SharedFiles {
		g, err := x.file(n)
		if err != nil {
			return "", err
		}
		if fd := lookup(g, name); fd != nil {
			// A shared function that calls a GOOS's own code is
			// extracted once per GOOS.
			if in != nil && fd.fn != nil && x.prof.InstanceFuncs[name] {
				return x.pull(fd, scope)
			}
			return x.pull(fd, "")
		}
	}
	if in != nil {
		if n, ok, err := x.convConst(name, in); ok || err != nil {
			return n, err
		}
		fd, err := x.portDecl(name, in)
		if err != nil {
			return "", err
		}
		if fd != nil {
			return x.pull(fd, in.Scope())
		}
	}
	where := "the stubs, " + strings.Join(x.prof.SharedFiles, ", ")
	if in != nil {
		var files []string
		for _, pat := range x.prof.InstanceFiles {
			files = append(files, candidates(pat, in)...)
		}
		where = "the stubs, " + strings.Join(files, ", ") + ", " + strings.Join(x.prof.SharedFiles, ", ") +
			", the conventions table's constants or the declarations of " + in.GOOS + "/" + in.GOARCH
	}
	return "", fmt.Errorf("runtime/%s: %s uses %s, which the harness does not know (not in %s); "+
		"a changed variant is never passed silently: extend the stubs (tools/internal/variants/host) "+
		"and the C model together", f.name, user, name, where)
}

// convConst resolves a constant of the port's OS files (osconv.Constants)
// to its value in the conventions table, the one source of the port's
// conventions for the harness and the C model alike.
func (x *extractor) convConst(name string, in *Instance) (string, bool, error) {
	if v, ok := identity(name, in); ok {
		// goos_nacl and the like (zgoos_<goos>.go, zgoarch_<goarch>.go):
		// the port's own name, 1 for it and 0 for the others.
		key := in.Scope() + "|" + name
		if n, ok := x.pulled[key]; ok {
			return n, true, nil
		}
		n := prefixed(in.Scope(), name)
		x.pulled[key] = n
		fmt.Fprintf(x.out[in.Scope()], "//line xaddref-port-%s-%s.go:1\nconst %s = %d\n\n", in.GOOS, in.GOARCH, n, v)
		return n, true, nil
	}
	isConv := false
	for _, c := range osconv.Constants {
		isConv = isConv || c == name
	}
	if !isConv {
		return "", false, nil
	}
	key := in.Scope() + "|" + name
	if n, ok := x.pulled[key]; ok {
		return n, true, nil
	}
	f := in.Port.Fact(name)
	if f == nil {
		return "", true, fmt.Errorf("the conventions table has no %s for %s/%s (%s needs it)", name, in.GOOS, in.GOARCH, in.Variant)
	}
	n := prefixed(in.Scope(), name)
	x.pulled[key] = n
	fmt.Fprintf(x.out[in.Scope()], "//line %s\nconst %s = %s\n\n", lineOf(f.Where), n, f.Value)
	return n, true, nil
}

// identity is the value of goos_<os> or goarch_<arch> on the instance's
// port (the tree's zgoos_<goos>.go and zgoarch_<goarch>.go define them so).
func identity(name string, in *Instance) (int, bool) {
	for _, p := range []struct{ prefix, is string }{{"goos_", in.GOOS}, {"goarch_", in.GOARCH}} {
		if strings.HasPrefix(name, p.prefix) && name != p.prefix {
			if strings.TrimPrefix(name, p.prefix) == p.is {
				return 1, true
			}
			return 0, true
		}
	}
	return 0, false
}

// lineOf is the file:line a fact's Where starts with, for a //line
// directive ("runtime/defs_linux_arm64.go:16 ..."), or the table's name.
func lineOf(where string) string {
	if f := strings.Fields(where); len(f) > 0 && strings.Count(f[0], ":") == 1 {
		return strings.TrimSuffix(f[0], ";")
	}
	return "xaddref-conventions.go:1"
}

// builds reports whether go/build builds the runtime's file name for the
// port goos/goarch, without cgo, by its name and build constraint.
func (x *extractor) builds(goos, goarch, name string) (bool, error) {
	key := goos + "/" + goarch + "/" + name
	if ok, seen := x.match[key]; seen {
		return ok, nil
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = goos, goarch, false
	ok, err := ctx.MatchFile(x.dir, name)
	if err != nil {
		return false, err
	}
	x.match[key] = ok
	return ok, nil
}

// portDecl finds a package-level constant or type that is not one of the
// conventions (aix's _EACCES, a defs file's type) in the files built for
// in's port, as go/build selects them.
func (x *extractor) portDecl(name string, in *Instance) (*found, error) {
	var hits []*found
	for _, n := range x.names {
		src, err := x.read(n)
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(src, []byte(name)) {
			continue
		}
		ok, err := x.builds(in.GOOS, in.GOARCH, n)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		f, err := x.file(n)
		if err != nil {
			return nil, err
		}
		if fd := lookup(f, name); fd != nil && fd.gen != nil && (fd.gen.Tok == token.CONST || fd.gen.Tok == token.TYPE) {
			hits = append(hits, fd)
		}
	}
	switch len(hits) {
	case 0:
		return nil, nil
	case 1:
		return hits[0], nil
	}
	return nil, fmt.Errorf("%s is declared in both runtime/%s and runtime/%s for %s/%s",
		name, hits[0].f.name, hits[1].f.name, in.GOOS, in.GOARCH)
}

// copyDecl is a fresh AST of fd's declaration (only the spec that declares
// fd's name, for a grouped const, with iota replaced by its value).
func (x *extractor) copyDecl(fd *found) (ast.Decl, error) {
	var src bytes.Buffer
	node := func(n interface{}) error { return printer.Fprint(&src, x.fset, n) }
	switch {
	case fd.fn != nil:
		c := *fd.fn
		c.Doc = nil
		if err := node(&c); err != nil {
			return nil, err
		}
	case fd.gen.Tok == token.CONST:
		vs := fd.spec.(*ast.ValueSpec)
		i := 0
		for j, n := range vs.Names {
			if n.Name == fd.name {
				i = j
			}
		}
		// An implicit repetition takes the previous explicit spec's type
		// and values.
		typ, vals := vs.Type, vs.Values
		for k := fd.index; len(vals) == 0 && k > 0; k-- {
			prev := fd.gen.Specs[k-1].(*ast.ValueSpec)
			typ, vals = prev.Type, prev.Values
		}
		if i >= len(vals) {
			return nil, fmt.Errorf("runtime/%s: constant %s has no value", fd.f.name, fd.name)
		}
		src.WriteString("const " + fd.name + " ")
		if typ != nil {
			if err := node(typ); err != nil {
				return nil, err
			}
		}
		src.WriteString(" = ")
		if err := node(vals[i]); err != nil {
			return nil, err
		}
	default:
		src.WriteString(fd.gen.Tok.String() + " ")
		if err := node(fd.spec); err != nil {
			return nil, err
		}
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src.String(), parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("runtime/%s: re-parsing %s: %v", fd.f.name, fd.name, err)
	}
	d := f.Decls[0]
	if fd.gen != nil && fd.gen.Tok == token.CONST {
		ast.Inspect(d, func(n ast.Node) bool {
			if ce, ok := n.(*ast.ValueSpec); ok {
				for k, v := range ce.Values {
					ce.Values[k] = replaceIota(v, fd.index)
				}
			}
			return true
		})
	}
	return d, nil
}

func replaceIota(e ast.Expr, index int) ast.Expr {
	if id, ok := e.(*ast.Ident); ok && id.Name == "iota" {
		return &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(index)}
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			n.X, n.Y = replaceIota(n.X, index), replaceIota(n.Y, index)
		case *ast.UnaryExpr:
			n.X = replaceIota(n.X, index)
		case *ast.ParenExpr:
			n.X = replaceIota(n.X, index)
		case *ast.CallExpr:
			for i, a := range n.Args {
				n.Args[i] = replaceIota(a, index)
			}
		}
		return true
	})
	return e
}

// emit appends decl to its scope's file, with a //line directive pointing at
// the tree's source so that a compile error names the tree's file and line.
func (x *extractor) emit(scope string, fd *found, decl ast.Decl) error {
	var pos token.Position
	if fd.fn != nil {
		pos = x.fset.Position(fd.fn.Pos())
	} else {
		pos = x.fset.Position(fd.spec.Pos())
	}
	buf := x.out[scope]
	fmt.Fprintf(buf, "//line %s:%d\n", pos.Filename, pos.Line)
	if err := printer.Fprint(buf, token.NewFileSet(), decl); err != nil {
		return err
	}
	buf.WriteString("\n\n")
	return nil
}

type callEntry struct{ Key, Stmt string }

// worldEntry is an instance's World, its prefix put in.
type worldEntry struct{ Key, Setup, Cells string }

// render writes the host module's files.
func (x *extractor) render(ex *Extraction) error {
	ex.Files["go.mod"] = "module xrhost\n\ngo 1.19\n"
	for _, t := range []struct{ tmpl, path string }{
		{"main.go.tmpl", "main.go"}, {"scen.go.tmpl", "scen/scen.go"}, {"hostmem.go.tmpl", "hostmem/hostmem.go"},
	} {
		s, err := x.template(t.tmpl, nil)
		if err != nil {
			return err
		}
		ex.Files[t.path] = s
	}
	var calls []callEntry
	for _, in := range ex.Instances {
		var funcs []string
		for f := range in.Funcs {
			funcs = append(funcs, f)
		}
		sort.Strings(funcs)
		for _, f := range funcs {
			stmt, ok := x.prof.Calls[f]
			if !ok {
				stmt, ok = x.prof.Calls[fmt.Sprintf("%s/%d", f, in.Funcs[f])]
			}
			if !ok {
				return fmt.Errorf("runtime: %s's %s takes %d parameters, a signature the harness does not know",
					in.GOOS, f, in.Funcs[f])
			}
			calls = append(calls, callEntry{in.GOOS + "/" + in.GOARCH + "/" + f, strings.ReplaceAll(stmt, "{P}", in.Scope()+"_")})
		}
	}
	var worlds []worldEntry
	for _, in := range ex.Instances {
		if wd, ok := x.prof.Worlds[in.GOOS]; ok {
			p := in.Scope() + "_"
			worlds = append(worlds, worldEntry{in.GOOS + "/" + in.GOARCH,
				strings.ReplaceAll(wd.Setup, "{P}", p), strings.ReplaceAll(wd.Cells, "{P}", p)})
		}
	}
	for _, pk := range []struct {
		pkg     string
		ptrSize int
	}{{"p4", 4}, {"p8", 8}} {
		data := map[string]interface{}{"Pkg": pk.pkg, "Era": x.prof.Era, "Bits": pk.ptrSize * 8,
			"PtrSize": pk.ptrSize, "Calls": calls, "Worlds": worlds, "Profile": x.prof.Name}
		files := []struct{ tmpl, file string }{
			{"types.go.tmpl", "types.go"}, {"common.go.tmpl", "common.go"}, {"driver.go.tmpl", "driver.go"},
		}
		for _, t := range append(append([]string{}, x.prof.Stubs...), x.moreStubs()...) {
			files = append(files, struct{ tmpl, file string }{t, strings.TrimSuffix(t, ".tmpl")})
		}
		for _, t := range files {
			s, err := x.template(t.tmpl, data)
			if err != nil {
				return err
			}
			ex.Files[pk.pkg+"/"+t.file] = s
		}
		for scope, buf := range x.out {
			// (Not x_<goos>.go: the go command would build that for <goos> only.)
			name := "shared_extracted.go"
			if scope != "" {
				name = scope + "_extracted.go"
			}
			src := "// Extracted from the tree by xaddref variants.\n\npackage " + pk.pkg +
				"\n\nimport \"unsafe\"\n\nvar _ unsafe.Pointer\n\n" + buf.String()
			b, err := format.Source([]byte(src))
			if err != nil {
				return fmt.Errorf("formatting the extracted %s: %v", name, err)
			}
			ex.Files[pk.pkg+"/"+name] = string(b)
		}
	}
	return nil
}

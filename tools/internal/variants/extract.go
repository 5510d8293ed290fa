package variants

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"runtime"
	"sync"

	"xaddref/tools/internal/era"
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
	funcs        map[string]int // the roots it has, and their parameter counts

	checked *tree.Checked // the port's runtime, which resolves its names (planFiles)
}

// scope is the prefix of the instance's names in the host: linux_arm64.
func (in *Instance) scope() string { return in.GOOS + "_" + in.GOARCH }

// An Extraction is the host program built from a tree: its files, keyed by
// their path in the host module, and the instances it can run.
type Extraction struct {
	Instances []*Instance
	files     map[string]string
	goos      map[string][]string // each variant's GOOSes (variantGOOS)
	// sites are the lines of the tree the host's site lines name
	// ("mem_bsd.go:16"), each with its text (sites.go).
	sites map[string]siteText
}

// An extractor copies declarations of a tree into the host program. What
// a name refers to is go/types' answer on the port (tree.Checked); which
// declarations the host takes, and under which name, is the extraction
// plan (plan.go, resolve.go).
type extractor struct {
	src    *tree.Source
	prof   *Profile
	files  map[string]bool // the runtime's files, whatever they build for
	known  map[string]bool // the stubs' names
	pulled map[string]string
	out    map[string]*bytes.Buffer // "" shared, else the instance's scope
	inst   map[string]*Instance     // by scope
	funcs  map[string]*ast.FuncDecl // a pulled function's host name -> its copy
	// uintptrTypes are the host names of the extracted types whose
	// underlying type is uintptr (Go 1.19 plan9's memHdrPtr), which
	// unsafe.Pointer converts to.
	uintptrTypes map[string]bool
	record       map[string]bool
	sites        map[string]siteText // instrument's sites -> their text
	lines        map[string][]string // a file's lines, by its path
}

// Extract builds the host program's sources from the tree at dir (the top
// of a Go tree, holding src/runtime): each variant once per port of the
// conventions table whose GOOS it is built for, with that port's constants
// from the table. Any identifier it cannot account for is an error naming
// it and its file.
func Extract(dir string, prof *Profile, table *osconv.Table) (*Extraction, error) {
	x, err := newExtractor(dir, prof)
	if err != nil {
		return nil, err
	}
	ports, err := x.goosArches()
	if err != nil {
		return nil, err
	}
	ex := &Extraction{files: map[string]string{}, goos: map[string][]string{}, sites: x.sites}
	for _, v := range prof.Variants {
		goos, err := x.variantGOOS(v, ports)
		if err != nil {
			return nil, err
		}
		ex.goos[v] = goos
		for _, g := range goos {
			for _, port := range table.PortsOf(g) {
				in, err := x.instance(v, g, port)
				if err != nil {
					return nil, err
				}
				ex.Instances = append(ex.Instances, in)
			}
		}
	}
	return ex, x.render(ex)
}

func newExtractor(dir string, prof *Profile) (*extractor, error) {
	x := &extractor{
		src:          tree.Load(dir),
		prof:         prof,
		files:        map[string]bool{},
		pulled:       map[string]string{},
		out:          map[string]*bytes.Buffer{"": {}},
		inst:         map[string]*Instance{},
		funcs:        map[string]*ast.FuncDecl{},
		uintptrTypes: map[string]bool{},
		record:       map[string]bool{},
		sites:        map[string]siteText{},
		lines:        map[string][]string{},
	}
	for _, n := range prof.Record {
		x.record[n] = true
	}
	names, err := x.src.Names("runtime")
	if err != nil {
		return nil, fmt.Errorf("reading the tree's runtime: %v", err)
	}
	if names == nil {
		return nil, fmt.Errorf("the tree at %s has no src/runtime", dir)
	}
	for _, n := range names {
		x.files[n] = true
	}
	if err := x.loadStubs(); err != nil {
		return nil, err
	}
	return x, x.checkVariants()
}

// instance extracts variant v's roots for a port of goos.
func (x *extractor) instance(v, goos string, port *osconv.Port) (*Instance, error) {
	in := &Instance{Variant: v, GOOS: goos, GOARCH: port.GOARCH, Port: port, funcs: map[string]int{}}
	c, err := x.src.CheckBodies(era.Port{GOOS: in.GOOS, GOARCH: in.GOARCH}, x.planFiles(in))
	if err != nil {
		return nil, err
	}
	in.checked = c
	x.inst[in.scope()] = in
	x.out[in.scope()] = &bytes.Buffer{}
	return in, x.roots(in)
}

// checkPorts type-checks, as Extract does, each of the ports that builds
// one of prof's variants, so that the derivation of the OS conventions,
// which reads the ports' declarations alone (tree.Source.CheckDecls),
// takes those checks instead of checking each port again. The ports'
// checks are independent: they run on every core. What fails here,
// Extract reports.
func checkPorts(dir string, prof *Profile, ports []era.Port) {
	x, err := newExtractor(dir, prof)
	if err != nil {
		return
	}
	all, err := x.goosArches()
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	cores := make(chan bool, runtime.GOMAXPROCS(0))
	for _, v := range prof.Variants {
		goos, _ := x.variantGOOS(v, all)
		for _, p := range ports {
			if !contains(goos, p.GOOS) {
				continue
			}
			files := x.planFiles(&Instance{Variant: v, GOOS: p.GOOS, GOARCH: p.GOARCH})
			wg.Add(1)
			cores <- true
			go func() {
				defer wg.Done()
				x.src.CheckBodies(p, files)
				<-cores
			}()
		}
	}
	wg.Wait()
}

// Package variants checks every mem_<os>.go variant of a Go tree against
// the C model (cref/mem_*.c): it extracts sysAlloc, sysFree and sysMap (and,
// for 6ad33be, persistentalloc and newosproc0) from the tree's own files,
// compiles them into a host program whose OS is a script, runs the same
// scenarios through the host and the model, and compares the traces.
//
// For users: docs/variants.md and docs/semantics.md.
package variants

import (
	"fmt"

	"xaddref/tools/internal/era"
)

// A Profile is an era's data: where the variant code lives in a tree, what
// is extracted, which stubs stand in for the rest of the runtime, and how a
// scenario calls each function.
type Profile struct {
	Name string // the era's name (internal/profile, tree.Identify)
	era  string // how print renders integers: "2015" or "go1.19"

	// Variants are the mem_<variant>.go files, in report order.
	Variants []string
	// modelGOOS lists, per variant, the GOOSes the C model knows; with a
	// tree, the GOOSes come from the variant file's build constraint.
	modelGOOS map[string][]string

	// instanceFiles are one GOOS's files ({v} the variant, {goos} the
	// GOOS); their declarations are extracted once per GOOS.
	instanceFiles []string
	// sharedFiles' declarations are extracted once for all GOOSes.
	sharedFiles []string
	// Roots are the functions under test, extracted once per GOOS.
	Roots []Root

	stubs []string // the templates of the profile's stubs (host/)
	// MoreStubs are templates from outside host/ (file name -> source),
	// rendered and known like stubs: a caller function's world.
	MoreStubs map[string]string
	// instanceFuncs are functions of sharedFiles extracted once per GOOS,
	// because they call a GOOS's own code (persistentalloc1 its sysAlloc).
	instanceFuncs map[string]bool
	// Calls is how the driver calls each root ("func" or "func/nparams");
	// {P} is the instance's prefix.
	Calls map[string]string
	// worlds are, per GOOS, the statements that set an instance's
	// extracted state from the scenario before the call (setup) and write
	// it to the cells line after (cells, appending to the string s); {P}
	// is the instance's prefix.
	worlds map[string]world
	// Record are the functions whose calls from the extracted code the
	// trace records ("rt enter"/"rt leave" lines, host/common.go.tmpl),
	// each call site through a wrapper of its own that knows the site's
	// file and line in the tree.
	Record []string
}

// A world is a GOOS's extracted state that scenarios set and traces show.
type world struct{ setup, cells string }

// plan9World is mem_plan9.go's allocator state: the break and the free
// list, whose memHdrs live in the window's memory (hostmem).
func plan9World(go119 bool) world {
	w := world{
		setup: `{P}bloc = uintptr(sc.Bloc)
	{P}memFreelist = nil
	for i := len(free) - 1; i >= 0; i-- {
		h := (*{P}memHdr)(hostmem.Ptr(free[i].Addr))
		h.next, h.size = {P}memFreelist, uintptr(free[i].Size)
		{P}memFreelist = h
	}`,
		cells: `s += fmt.Sprintf(" bloc=0x%x free=", uint64({P}bloc))
	n := 0
	for p := {P}memFreelist; p != nil && n < 64; p = p.next {
		s += fmt.Sprintf("%s0x%x+0x%x", map[bool]string{true: ",", false: ""}[n > 0], hostmem.Bits(unsafe.Pointer(p)), uint64(p.size))
		n++
	}`,
	}
	if go119 {
		// Go 1.19: memHdrPtr, a uintptr, and blocMax; bloc is the stubs'
		// (stubs_go119), which every GOOS's cells show.
		w.setup = `{P}blocMax = uintptr(sc.BlocMax)
	{P}memFreelist = 0
	for i := len(free) - 1; i >= 0; i-- {
		h := (*{P}memHdr)(hostmem.Ptr(free[i].Addr))
		h.next, h.size = {P}memFreelist, uintptr(free[i].Size)
		{P}memFreelist = {P}memHdrPtr(free[i].Addr)
	}`
		w.cells = `s += fmt.Sprintf(" blocmax=0x%x free=", uint64({P}blocMax))
	n := 0
	for p := {P}memFreelist.ptr(); p != nil && n < 64; p = p.next.ptr() {
		s += fmt.Sprintf("%s0x%x+0x%x", map[bool]string{true: ",", false: ""}[n > 0], hostmem.Bits(unsafe.Pointer(p)), uint64(p.size))
		n++
	}`
	}
	w.cells += `
	if n == 0 {
		s += "-"
	}`
	return w
}

// A Root is a function under test.
type Root struct {
	File     string // a file pattern: mem_{v}.go, os1_{goos}.go
	Name     string
	optional bool // the file or function may be missing for a GOOS
	// calling, if set, keeps the root only where it calls that function
	// (newosproc0 where it allocates its stack with sysAlloc).
	calling string
}

var profile6ad33be = &Profile{
	Name:     era.Go2015.Name,
	era:      era.Go2015.PrintEra,
	Variants: []string{"bsd", "darwin", "linux", "plan9", "windows"},
	modelGOOS: map[string][]string{
		"bsd":     {"dragonfly", "freebsd", "nacl", "netbsd", "openbsd", "solaris"},
		"darwin":  {"darwin"},
		"linux":   {"android", "linux"},
		"plan9":   {"plan9"},
		"windows": {"windows"},
	},
	instanceFiles: []string{"mem_{v}.go", "os1_{goos}.go"},
	sharedFiles:   []string{"mstats.go", "malloc.go"},
	Roots: []Root{
		{File: "mem_{v}.go", Name: "sysAlloc"},
		{File: "mem_{v}.go", Name: "sysFree"},
		{File: "mem_{v}.go", Name: "sysMap"},
		{File: "malloc.go", Name: "persistentalloc"},
		{File: "os1_{goos}.go", Name: "newosproc0", optional: true},
	},
	stubs: []string{"stubs_6ad33be.go.tmpl"},
	Calls: map[string]string{
		"sysAlloc":        "ret, hasRet = {P}sysAlloc(uintptr(sc.N), statArg(sc)), true",
		"sysFree":         "{P}sysFree(toPointer(uintptr(sc.V)), uintptr(sc.N), statArg(sc))",
		"sysMap":          "{P}sysMap(toPointer(uintptr(sc.V)), uintptr(sc.N), sc.Reserved, statArg(sc))",
		"persistentalloc": "ret, hasRet = {P}persistentalloc(uintptr(sc.N), uintptr(sc.Align), statArg(sc)), true",
		"newosproc0/2":    "{P}newosproc0(uintptr(sc.N), toPointer(uintptr(sc.Fn)))",
		"newosproc0/3":    "{P}newosproc0(uintptr(sc.N), toPointer(uintptr(sc.Fn)), uintptr(sc.FnArg))",
	},
	worlds: map[string]world{"plan9": plan9World(false)},
}

var profileGo119 = &Profile{
	Name:     era.Go119.Name,
	era:      era.Go119.PrintEra,
	Variants: []string{"aix", "bsd", "darwin", "js", "linux", "plan9", "windows"},
	modelGOOS: map[string][]string{
		"aix":     {"aix"},
		"bsd":     {"dragonfly", "freebsd", "illumos", "netbsd", "openbsd", "solaris"},
		"darwin":  {"darwin", "ios"},
		"js":      {"js"},
		"linux":   {"android", "linux"},
		"plan9":   {"plan9"},
		"windows": {"windows"},
	},
	instanceFiles: []string{"mem.go", "mem_{v}.go", "os_{goos}.go"},
	sharedFiles:   []string{"mstats.go", "malloc.go", "sizeclasses.go"},
	instanceFuncs: map[string]bool{"persistentalloc1": true},
	Roots: []Root{
		{File: "mem.go", Name: "sysAlloc"},
		{File: "mem.go", Name: "sysFree"},
		{File: "mem.go", Name: "sysMap"},
		{File: "malloc.go", Name: "persistentalloc"},
		// Where newosproc0 allocates the new thread's stack (linux,
		// android, freebsd); darwin's, windows's and aix's do not.
		{File: "os_{goos}.go", Name: "newosproc0", optional: true, calling: "sysAlloc"},
	},
	stubs: []string{"stubs_go119.go.tmpl", "stubs_go119_ports.go.tmpl"},
	Calls: map[string]string{
		"sysAlloc":        "ret, hasRet = {P}sysAlloc(uintptr(sc.N), statArg(sc)), true",
		"sysFree":         "{P}sysFree(toPointer(uintptr(sc.V)), uintptr(sc.N), statArg(sc))",
		"sysMap":          "{P}sysMap(toPointer(uintptr(sc.V)), uintptr(sc.N), statArg(sc))",
		"persistentalloc": "ret, hasRet = {P}persistentalloc(uintptr(sc.N), uintptr(sc.Align), statArg(sc)), true",
		"newosproc0":      "{P}newosproc0(uintptr(sc.N), toPointer(uintptr(sc.Fn)))",
	},
	worlds: map[string]world{"plan9": plan9World(true)},
}

// profiles are the profiles, oldest first.
var profiles = []*Profile{profile6ad33be, profileGo119}

// ProfileNamed returns the profile called name.
func ProfileNamed(name string) (*Profile, error) {
	for _, p := range profiles {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no variants profile %q", name)
}

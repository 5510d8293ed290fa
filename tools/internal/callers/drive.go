package callers

import (
	"embed"
	"fmt"
	"sort"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

//go:embed stubs/*.tmpl
var stubsFS embed.FS

// A Driver is a caller function driven whole: extracted from the tree
// with the variants' machinery and run on the host against a scripted OS,
// from the states States gives, with every OS result exploration finds.
type Driver struct {
	File, Func string
	// Call is how the host calls it (variants.Profile.Calls' syntax).
	Call string
	// Stubs are the templates (stubs/) of its world beyond the variants'.
	Stubs []string
	// States are its inputs on a port; an error means the port's tree
	// lacks what they are computed from.
	States func(p *tree.Checked) ([]State, error)
}

// A State is one input of a driven function.
type State struct {
	Label string
	Set   func(sc *variants.Scenario)
}

// hostProfile is the era's variants profile, with the drivers' functions
// as roots, their stubs, and the stat functions recorded.
func hostProfile(e *era.Era) (*variants.Profile, error) {
	base, err := variants.ProfileNamed(e.Name)
	if err != nil {
		return nil, err
	}
	p := *base
	p.Roots = append([]variants.Root{}, base.Roots...)
	p.Calls = map[string]string{}
	for k, v := range base.Calls {
		p.Calls[k] = v
	}
	p.MoreStubs = map[string]string{}
	ds, err := driversOf(e)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		known := false
		for _, r := range p.Roots {
			known = known || r.Name == d.Func
		}
		if !known {
			p.Roots = append(p.Roots, variants.Root{File: d.File, Name: d.Func})
		}
		if d.Call != "" {
			p.Calls[d.Func] = d.Call
		}
		for _, s := range d.Stubs {
			b, err := stubsFS.ReadFile("stubs/" + s)
			if err != nil {
				return nil, err
			}
			p.MoreStubs[s] = string(b)
		}
	}
	seen := map[string]bool{}
	for _, f := range e.Ledger.StatFuncs {
		if f.Recv == "" && !seen[f.Name] {
			seen[f.Name] = true
			p.Record = append(p.Record, f.Name)
		}
	}
	// sysReserve charges nothing in 2015 but decides where
	// mHeap_SysAlloc goes: the chain shows it.
	if !seen["sysReserve"] {
		p.Record = append(p.Record, "sysReserve")
	}
	sort.Strings(p.Record)
	return &p, nil
}

// drivers are the code that drives each caller an era's ledger names.
var drivers = map[string]Driver{
	driveMHeapSysAlloc.Func:   driveMHeapSysAlloc,
	drivePersistentalloc.Func: drivePersistentalloc,
}

// driversOf are the drivers of the callers e's ledger names.
func driversOf(e *era.Era) ([]Driver, error) {
	var out []Driver
	for _, name := range e.Ledger.Drivers {
		d, ok := drivers[name]
		if !ok {
			return nil, fmt.Errorf("callers: era %s drives %s, for which the kit has no driver", e.Name, name)
		}
		out = append(out, d)
	}
	return out, nil
}

// addrClasses are the results exploration gives each primitive: the
// variants' own, and "far" for those that return an address: one beyond
// the range the caller accepts (the state's Far).
func addrClasses() map[string][]string {
	c := variants.ResultClasses()
	for _, prim := range []string{"mmap", "VirtualAlloc"} {
		if _, ok := c[prim]; ok {
			c[prim] = append(c[prim], "far")
		}
	}
	return c
}

func roundUp(n, a uint64) uint64 { return (n + a - 1) &^ (a - 1) }

// consts are the port's values of the named constants, or an error naming
// the first missing.
func consts(p *tree.Checked, names ...string) (map[string]uint64, error) {
	out := map[string]uint64{}
	for _, n := range names {
		v, ok := p.Const(n)
		if !ok {
			return nil, fmt.Errorf("runtime has no integer constant %s for %s", n, p.Port)
		}
		out[n] = v
	}
	return out, nil
}

// driveMHeapSysAlloc: mHeap_SysAlloc grows the arena. Its states are the
// arena mallocinit (malloc.go) lays out, computed from the port's
// constants as mallocinit computes them:
//   - 32-bit (the `if p == 0` branch: every 32-bit port, and a 64-bit one
//     whose 0x80 high reservations all failed): spans and bitmap for
//     _MaxArena32, then an arena of 512 MB, after the binary, which is
//     taken to end at 16 MB;
//   - 64-bit: the reservation at 0x00c0<<32 for _MaxMem.
//
// In each, the reservation is used up (arena_used = arena_end), so the
// call must grow it; on 32-bit, also with the arena 128 MB short of its
// 2 GB limit, so that growing fails and it asks the OS anywhere. "far" is
// an address just past arena_start+_MaxArena32.
var driveMHeapSysAlloc = Driver{
	File:   "malloc.go",
	Func:   "mHeap_SysAlloc",
	Call:   "ret, hasRet = {P}mHeap_SysAlloc(heapArg(sc), uintptr(sc.N)), true",
	Stubs:  []string{"mheap_6ad33be.go.tmpl"},
	States: arenaStates,
}

func arenaStates(p *tree.Checked) ([]State, error) {
	c, err := consts(p, "_PageSize", "_MaxArena32", "_MaxMem")
	if err != nil {
		return nil, err
	}
	page, max32, ptr := c["_PageSize"], c["_MaxArena32"], uint64(p.PtrSize)
	type layout struct {
		label                   string
		start, used, end, fresh uint64
	}
	var layouts []layout
	// malloc.go mallocinit, 32-bit branch.
	bitmap := max32 / (ptr * 8 / 4)
	spans := roundUp(max32/page*ptr, page)
	base := roundUp(16<<20+1<<18, 1<<20)
	start := roundUp(base, page) + spans + bitmap
	end := base + bitmap + spans + 512<<20 + page
	what := "32-bit arena"
	if ptr == 8 {
		what = "32-bit arena (mallocinit's fallback when no 64-bit reservation succeeds)"
	}
	layouts = append(layouts,
		layout{what + ", its reservation used up", start, end, end, start + 0x1000000},
		layout{what + ", 128 MB short of arena_start+_MaxArena32", start, start + max32 - 128<<20,
			start + max32 - 128<<20, start + 0x1000000})
	if ptr == 8 {
		// malloc.go mallocinit, 64-bit branch, first hint.
		arena := roundUp(c["_MaxMem"], page)
		bitmap := arena / (ptr * 8 / 4)
		spans := roundUp(arena/page*ptr, page)
		hint := uint64(0x00c0) << 32
		start := hint + spans + bitmap
		end := hint + bitmap + spans + arena + page
		layouts = append(layouts, layout{"64-bit arena, its reservation used up", start, end, end, start + 0x1000000})
	}
	var out []State
	for _, lo := range layouts {
		far := roundUp(lo.start+max32+1, 1<<20)
		// plan9's sysReserve takes memory at the break (mem_plan9.go's
		// allocator, run as the tree's code): the break at the arena's end,
		// or far.
		blocs := []uint64{0}
		if p.Port.GOOS == "plan9" {
			blocs = []uint64{lo.end, far}
		}
		for _, n := range []uint64{page, 1 << 20} {
			for _, bloc := range blocs {
				lo, n, bloc := lo, n, bloc
				label := fmt.Sprintf("%s, n=%#x", lo.label, n)
				if bloc != 0 {
					label += fmt.Sprintf(", the break at %#x", bloc)
				}
				out = append(out, State{
					Label: label,
					Set: func(sc *variants.Scenario) {
						sc.N, sc.V, sc.Fresh, sc.Bloc, sc.BlocMax = n, lo.end, lo.fresh, bloc, bloc
						sc.Far = far
						sc.X = map[string]uint64{"arena_start": lo.start, "arena_used": lo.used,
							"arena_end": lo.end, "arena_reserved": 1}
					},
				})
			}
		}
	}
	return out, nil
}

// drivePersistentalloc: persistentalloc moves size from other_sys, which
// its chunk was charged to, to the caller's stat (malloc.go). Its states:
// a small block from a fresh chunk and from one nearly used up, with and
// without a P, and a block large enough to go to sysAlloc.
var drivePersistentalloc = Driver{
	File: "malloc.go",
	Func: "persistentalloc",
	States: func(p *tree.Checked) ([]State, error) {
		var out []State
		for _, st := range []struct {
			label           string
			size, base, off uint64
			withP           bool
		}{
			{"a fresh chunk, no P", 0x20, 0, 0, false},
			{"a fresh chunk, with a P", 0x20, 0, 0, true},
			{"a chunk nearly used up", 0x20, 0x40000000, 0x3fff0, false},
			{"a block of 64 KB (sysAlloc)", 0x10000, 0, 0, false},
		} {
			st := st
			out = append(out, State{Label: st.label, Set: func(sc *variants.Scenario) {
				sc.N, sc.Align, sc.WithP, sc.PBase, sc.POff = st.size, 8, st.withP, st.base, st.off
				sc.Which = "stat"
			}})
		}
		return out, nil
	},
}

package variants

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
)

// A Step is one scripted OS result, as a class: "ok", "nil", "wrong" (an
// address other than the one asked for), "fail", "eN" (errno N) or a number.
type Step struct{ Prim, Class string }

// resultClasses are the results each primitive can give, the first being
// its success. Exploration tries every one at every call.
var resultClasses = map[string][]string{
	"mmap":             {"ok", "nil", "wrong", "e1", "e11", "e12", "e13", "e22", "e35"},
	"mincore":          {"ok", "e12", "e22"}, // 0 (mapped), ENOMEM (unmapped), EINVAL
	"munmap":           {"ok", "e22"},
	"VirtualAlloc":     {"ok", "nil", "wrong"},
	"VirtualFree":      {"ok", "fail"},
	"getlasterror":     {"ok", "8"},
	"memAlloc":         {"ok", "nil"},
	"clone":            {"ok", "-11"},
	"bsdthread_create": {"ok", "-35"},
	"thr_new":          {"ok", "-12"},
	"mprotect":         {"ok", "e12", "e13", "e22"},
	// js's memory.size: its default 0x20 pages, none, plenty, and one
	// page short of and exactly what sysAlloc of the base scenario's n
	// needs (the break from 0x2b0000, lastmoduledatap.end aligned up, to
	// 0x2c0000).
	"currentMemory": {"ok", "0", "0x10000", "0x2b", "0x2c"},
	"growMemory":    {"ok", "-1"},
}

// ResultClasses are the results the variants explore for each primitive,
// success first: a copy, for an Explore with more.
func ResultClasses() map[string][]string {
	out := map[string][]string{}
	for k, v := range resultClasses {
		out[k] = append([]string{}, v...)
	}
	return out
}

// A Scenario is one run of one function of one GOOS on one architecture.
type Scenario struct {
	ID                            int
	Profile, GOOS, Variant, Func  string
	Arch                          Arch
	N, V, Align, Fn, FnArg, Fresh uint64
	Stat, Other, Stacks           uint64
	Bloc, Mapped, PBase, POff     uint64
	// BlocMax and Free are plan9's allocator's: Go 1.19's blocMax, and
	// the free list (ADDR+SIZE,... in list order, "" for none), whose
	// blocks lie in the window (hostmem, XR_WINDOW_LO).
	BlocMax         uint64
	Free            string
	Reserved, WithP bool
	Which           string
	Script          []Step
	// Conv is the port's OS conventions as scenario fields
	// (osconv.Port.ScenarioFields): its GOOS and Arch name the port.
	Conv string
	// Ordinary: the stats hold ordinary values, far from every boundary.
	Ordinary bool
	// X are fields only the host reads (x.name=value): the state of the
	// caller functions tools/internal/callers drives. The C model has no
	// such fields and refuses them.
	X map[string]uint64
	// Far is the address of the result class "far": one the caller under
	// test takes for out of its range.
	Far uint64
}

func (s *Scenario) token(c string) string {
	switch c {
	case "nil", "fail":
		return "0x0"
	case "wrong":
		return fmt.Sprintf("0x%x", (s.V^0x100000)&s.Arch.Mask())
	case "far":
		return fmt.Sprintf("0x%x", s.Far&s.Arch.Mask())
	}
	return c
}

// ScriptLabel is the script as a reader reads it.
func ScriptLabel(script []Step) string {
	if len(script) == 0 {
		return "OS succeeds"
	}
	var parts []string
	for _, st := range script {
		parts = append(parts, st.Prim+" "+st.Class)
	}
	return strings.Join(parts, ", ")
}

func scriptKey(script []Step) string {
	var parts []string
	for _, st := range script {
		parts = append(parts, st.Prim+":"+st.Class)
	}
	return strings.Join(parts, ",")
}

// Line is the scenario in the language of cref/trace.h.
func (s *Scenario) Line() string {
	script := "-"
	if len(s.Script) > 0 {
		var parts []string
		for _, st := range s.Script {
			parts = append(parts, st.Prim+":"+s.token(st.Class))
		}
		script = strings.Join(parts, ",")
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	which := s.Which
	if which == "" {
		which = "stat"
	}
	conv := ""
	if s.Conv != "" {
		conv = " " + s.Conv
	}
	free := s.Free
	if free == "" {
		free = "-"
	}
	conv = fmt.Sprintf(" blocmax=0x%x free=%s", s.BlocMax, free) + conv
	line := fmt.Sprintf("id=%d profile=%s goos=%s func=%s arch=%s ptrsize=%d be=%d n=0x%x v=0x%x "+
		"reserved=%d stat=0x%x other=0x%x stacks=0x%x mapped=0x%x bloc=0x%x align=0x%x which=%s "+
		"withp=%d pbase=0x%x poff=0x%x fn=0x%x fnarg=0x%x fresh=0x%x script=%s%s",
		s.ID, s.Profile, s.GOOS, s.Func, s.Arch.Name, s.Arch.PtrSize, b(s.Arch.BE), s.N, s.V,
		b(s.Reserved), s.Stat, s.Other, s.Stacks, s.Mapped, s.Bloc, s.Align, which,
		b(s.WithP), s.PBase, s.POff, s.Fn, s.FnArg, s.Fresh, script, conv)
	var xs []string
	for k := range s.X {
		xs = append(xs, k)
	}
	sort.Strings(xs)
	for _, k := range xs {
		line += fmt.Sprintf(" x.%s=0x%x", k, s.X[k])
	}
	return line
}

// A target is a function of a port: what the scenarios are generated for,
// on the port's architecture, with its conventions.
type target struct {
	variant, goos, fn string
	arch              Arch
	conv              string
}

// base is the scenario every generated one starts from: ordinary values on
// the target's port, nothing near a boundary.
func base(profile string, t target) *Scenario {
	sc := &Scenario{
		Profile: profile, GOOS: t.goos, Variant: t.variant, Func: t.fn, Arch: t.arch, Conv: t.conv,
		N: 0x1000, V: 0x20000000, Fresh: 0x30000000, Stat: 0x100000, Other: 0x100000,
		Stacks: 0x100000, Align: 8, Fn: 0x401000, FnArg: 0x1234, Which: "stat",
	}
	if t.goos == "plan9" {
		// In the window, with room below v for free blocks; the break
		// above them.
		sc.V, sc.Bloc, sc.BlocMax = plan9V, plan9Bloc, plan9Bloc
	}
	return sc
}

// The window of plan9's allocator (cref/os_script.h XR_WINDOW_LO), and
// where its scenarios put v and the break in it.
const (
	windowLo, windowSize = 0x20000000, 0x1000000
	plan9V, plan9Bloc    = 0x20200000, 0x20800000
)

// plan9Frees are free lists around v = plan9V: none, a block below, blocks
// on both sides, one ending at v and one starting a page past it (a free
// of a page merges with both), one at a page past v (merged with a free of
// a page), one too small for a page and one larger.
var plan9Frees = []string{"", "0x20100000+0x1000", "0x20100000+0x1000,0x20400000+0x3000",
	"0x201ff000+0x1000,0x20201000+0x2000", "0x20201000+0x1000", "0x20100000+0x800,0x20300000+0x3000"}

// randomFree is a free list of up to 3 blocks in the window, in address
// order, apart from each other and from [v, v+n).
func randomFree(rng *rand.Rand, v, n uint64) string {
	var parts []string
	at := uint64(windowLo)
	for k := rng.Intn(4); k > 0; k-- {
		at += uint64(rng.Intn(0x100)) << 12
		size := uint64(1+rng.Intn(8)) << 12
		if at+size+0x1000 > windowLo+windowSize {
			break
		}
		if at < v+n && v < at+size+0x1000 {
			at = v + n + 0x1000
			continue
		}
		parts = append(parts, fmt.Sprintf("0x%x+0x%x", at, size))
		at += size + 0x1000
	}
	return strings.Join(parts, ",")
}

// callResults are a trace's scripted calls: primitive names, in order.
func callResults(trace string, classes map[string][]string) []string {
	var out []string
	for _, l := range strings.Split(trace, "\n") {
		if !strings.HasPrefix(l, "call ") || !strings.Contains(l, " -> ") {
			continue
		}
		prim := strings.Fields(l)[1]
		if _, ok := classes[prim]; ok {
			out = append(out, prim)
		}
	}
	return out
}

// explore finds, for each target, the scripts that reach every result of
// every OS call (Explore), from the base scenario on the target's port.
func explore(profile string, targets []target, run func([]string) ([]string, error)) (map[target][][]Step, error) {
	var starts []*Scenario
	for _, t := range targets {
		sc := base(profile, t)
		if t.fn == "persistentalloc" {
			sc.N = 0x20
		}
		if t.fn == "newosproc0" {
			sc.N = 0x10000
		}
		starts = append(starts, sc)
	}
	scripts, err := Explore(starts, nil, run)
	if err != nil {
		return nil, err
	}
	out := map[target][][]Step{}
	for i, t := range targets {
		out[t] = scripts[i]
	}
	return out, nil
}

// Explore finds, for each start scenario (its script aside), the scripts
// that reach every result of every OS call: from a run where the OS
// succeeds, every call the trace shows is retried with each of its other
// results, keeping the calls before it. classes are the results of each
// primitive, its success first (nil: the ones the variants explore). The
// scripts of each start come back shortest first.
func Explore(starts []*Scenario, classes map[string][]string, run func([]string) ([]string, error)) ([][][]Step, error) {
	if classes == nil {
		classes = resultClasses
	}
	out := make([][][]Step, len(starts))
	seen := map[string]bool{}
	type item struct {
		start  int
		script []Step
	}
	var frontier []item
	for i := range starts {
		frontier = append(frontier, item{i, nil})
		seen[fmt.Sprintf("%d|", i)] = true
	}
	for round := 0; len(frontier) > 0 && round < 8; round++ {
		var lines []string
		for i, it := range frontier {
			sc := *starts[it.start]
			sc.ID, sc.Script = i, it.script
			lines = append(lines, sc.Line())
			out[it.start] = append(out[it.start], it.script)
		}
		traces, err := run(lines)
		if err != nil {
			return nil, err
		}
		var next []item
		for i, it := range frontier {
			calls := callResults(traces[i], classes)
			used := map[string]int{}
			var prefix []Step
			for _, prim := range calls {
				k := used[prim]
				used[prim]++
				class := "ok"
				for _, st := range it.script {
					if st.Prim == prim {
						if k == 0 {
							class = st.Class
						}
						k--
					}
				}
				if len(prefix) < 6 {
					for _, alt := range classes[prim] {
						if alt == class {
							continue
						}
						s := trimOK(append(append([]Step{}, prefix...), Step{prim, alt}))
						key := fmt.Sprintf("%d|%s", it.start, scriptKey(s))
						if !seen[key] {
							seen[key] = true
							next = append(next, item{it.start, s})
						}
					}
				}
				prefix = append(prefix, Step{prim, class})
			}
		}
		frontier = next
	}
	for i := range out {
		sort.SliceStable(out[i], func(a, b int) bool { return len(out[i][a]) < len(out[i][b]) })
	}
	return out, nil
}

// trimOK drops trailing "ok" steps: a call past its script succeeds anyway.
func trimOK(s []Step) []Step {
	for len(s) > 0 && s[len(s)-1].Class == "ok" {
		s = s[:len(s)-1]
	}
	return s
}

// statPairs are (stat, n) next to the boundaries an architecture's checks
// have: the uintptr word wrapping up and down, 2^32, 2^63 (a signed
// int64), 2^64.
func statPairs(a Arch) [][2]uint64 {
	mask := a.Mask()
	out := [][2]uint64{{0x100000, 0x1000}}
	seen := map[[2]uint64]bool{out[0]: true}
	for _, n := range []uint64{1, 0x1000, mask/2 + 1, mask} {
		for _, st := range []uint64{0, 1, n - 1, n, n + 1, mask - n, mask - n + 1, mask, 1 << 32,
			1<<32 + n - 1, 1<<63 - n - 1, 1<<63 - n, 1 << 63, -n, ^uint64(0)} {
			p := [2]uint64{st, n}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// fewPairs are an ordinary pair and one past each boundary.
func fewPairs(a Arch) [][2]uint64 {
	return [][2]uint64{{0x100000, 0x1000}, {a.Mask() - 0x800, 0x1000}, {0x800, 0x1000}, {1<<63 - 0x800, 0x1000}}
}

// generate makes the scenarios for targets, each on its port: boundary
// values with every explored script, and random ones drawn with rng.
func generate(profile string, targets []target, scripts map[target][][]Step, rng *rand.Rand, random int) []*Scenario {
	var out []*Scenario
	add := func(sc *Scenario) {
		sc.ID = len(out)
		b := base(profile, target{arch: sc.Arch})
		sc.Ordinary = sc.Stat == b.Stat && sc.Other == b.Other && sc.Stacks == b.Stacks &&
			(sc.N == b.N || sc.Func != "sysAlloc" && sc.Func != "sysFree" && sc.Func != "sysMap") &&
			(sc.Fresh == b.Fresh || sc.Func != "newosproc0")
		out = append(out, sc)
	}
	for _, t := range targets {
		ss := scripts[t]
		{
			a := t.arch
			mask := a.Mask()
			switch t.fn {
			case "sysAlloc", "sysFree", "sysMap":
				for si, script := range ss {
					pairs := fewPairs(a)
					if si == 0 {
						pairs = statPairs(a)
					}
					for _, p := range pairs {
						for _, reserved := range []bool{false, true} {
							if reserved && t.fn != "sysMap" {
								continue
							}
							blocs, frees := []uint64{0}, []string{""}
							if t.goos == "plan9" && t.fn != "sysMap" {
								blocs, frees = []uint64{plan9Bloc}, plan9Frees
								if t.fn == "sysFree" {
									blocs = append(blocs, (plan9V+p[1])&mask)
								}
							}
							for _, bloc := range blocs {
								for _, free := range frees {
									for _, blocMax := range []uint64{bloc, bloc + 0x100000} {
										if blocMax != bloc && (t.goos != "plan9" || t.fn != "sysAlloc") {
											continue
										}
										sc := base(profile, t)
										sc.Stat, sc.N, sc.Reserved, sc.Bloc, sc.Script = p[0], p[1], reserved, bloc, script
										sc.BlocMax, sc.Free = blocMax&mask, free
										if t.goos != "plan9" {
											sc.BlocMax = 0
										}
										add(sc)
									}
								}
							}
						}
					}
				}
			case "newosproc0":
				for _, script := range ss {
					for _, fresh := range []uint64{0x30000000, mask - 0x7fff} {
						for _, stacks := range []uint64{0x100000, mask - 0x8000, 0x8000} {
							sc := base(profile, t)
							sc.N, sc.Fresh, sc.Stacks, sc.Script = 0x10000, fresh, stacks, script
							add(sc)
						}
					}
				}
			case "persistentalloc":
				for si, script := range ss {
					for _, size := range []uint64{0, 8, 0x20, 0x10000} {
						for _, align := range []uint64{0, 3, 8, 0x2000, 0x4000} {
							for _, which := range []string{"stat", "other_sys"} {
								for _, withp := range []bool{false, true} {
									for _, pb := range [][2]uint64{{0, 0}, {0x40000000, 0}, {0x40000000, 0x3fff0}} {
										if si > 0 && (align != 8 || pb[0] != 0 || withp) {
											continue
										}
										sc := base(profile, t)
										sc.N, sc.Align, sc.Which, sc.WithP = size, align, which, withp
										sc.PBase, sc.POff, sc.Script = pb[0], pb[1], script
										add(sc)
									}
								}
							}
						}
					}
				}
				// The transfer at the boundaries: other_sys below size, the
				// stat at its top.
				for _, st := range [][2]uint64{{0x10, 0x100000}, {0x100000, 0x10}, {mask - 0x8, 0x100000}, {1<<63 - 0x10, 0x100000}} {
					sc := base(profile, t)
					sc.N, sc.Stat, sc.Other, sc.PBase = 0x20, st[0], st[1], 0x40000000
					add(sc)
				}
			}
		}
		for i := 0; i < random; i++ {
			sc := randomScenario(profile, t, ss, rng)
			add(sc)
			sc.Ordinary = false
		}
	}
	return out
}

// randomValue is a uintptr on a, half the time next to a boundary.
func randomValue(a Arch, rng *rand.Rand) uint64 {
	mask := a.Mask()
	switch rng.Intn(4) {
	case 0:
		return rng.Uint64() & mask
	case 1:
		return uint64(rng.Intn(0x10000))
	case 2:
		return (mask - uint64(rng.Intn(0x10000))) & mask
	}
	return (1<<uint(rng.Intn(8*a.PtrSize)) + uint64(rng.Intn(64)) - 32) & mask
}

func randomScenario(profile string, t target, scripts [][]Step, rng *rand.Rand) *Scenario {
	sc := base(profile, t)
	a := t.arch
	mask := a.Mask()
	if len(scripts) > 0 {
		sc.Script = scripts[rng.Intn(len(scripts))]
	}
	sc.N = randomValue(a, rng)
	sc.Stat = rng.Uint64()
	if rng.Intn(2) == 0 {
		sc.Stat = randomValue(a, rng) | uint64(rng.Intn(2))<<32
	}
	sc.Other, sc.Stacks = randomValue(a, rng), randomValue(a, rng)
	sc.V = rng.Uint64() & mask &^ 0xfff
	sc.Fresh = (rng.Uint64()&mask&^0xfff | 0x1000) & mask
	sc.Reserved = rng.Intn(2) == 0
	sc.Mapped = rng.Uint64()
	sc.Bloc = rng.Uint64() & mask
	if rng.Intn(2) == 0 {
		sc.Bloc = (sc.V + sc.N) & mask
	}
	sc.Which = []string{"stat", "stat", "stat", "other_sys", "stacks_sys"}[rng.Intn(5)]
	if t.goos == "plan9" {
		// The allocator's memory is the window: v in it, a free list
		// apart from [v, v+n), the break above them or at v+n.
		sc.V = windowLo + uint64(rng.Intn(windowSize>>12))<<12
		if rng.Intn(2) == 0 {
			sc.N = uint64(rng.Intn(0x20)) << 12
		}
		end := sc.V + 0x1000
		if sc.N < windowSize {
			end = sc.V + (sc.N+0xfff)&^0xfff
		}
		sc.Free = randomFree(rng, sc.V, end-sc.V)
		sc.Bloc = []uint64{plan9Bloc, (sc.V + sc.N) & mask}[rng.Intn(2)]
		sc.BlocMax = []uint64{sc.Bloc, (sc.Bloc + uint64(rng.Intn(0x100))<<12) & mask}[rng.Intn(2)]
	}
	switch t.fn {
	case "persistentalloc":
		sc.N = []uint64{0, uint64(rng.Intn(0x100)), uint64(rng.Intn(0x20000)), 0x10000}[rng.Intn(4)]
		sc.Align = []uint64{0, 1 << uint(rng.Intn(15)), uint64(rng.Intn(0x100))}[rng.Intn(3)]
		sc.WithP = rng.Intn(2) == 0
		sc.PBase = []uint64{0, sc.Fresh ^ 0x100000}[rng.Intn(2)] & mask
		sc.POff = uint64(rng.Intn(0x40000))
	case "newosproc0":
		sc.N = uint64(rng.Intn(0x40000)) &^ 0xfff
		sc.Fn, sc.FnArg = rng.Uint64()&mask, rng.Uint64()&mask
	}
	return sc
}

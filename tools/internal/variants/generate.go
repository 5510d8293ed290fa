package variants

import (
	"fmt"
	"math/rand"
	"strings"
)

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
		sc.ordinary = sc.Stat == b.Stat && sc.Other == b.Other && sc.Stacks == b.Stacks &&
			(sc.N == b.N || sc.Func != "sysAlloc" && sc.Func != "sysFree" && sc.Func != "sysMap") &&
			(sc.Fresh == b.Fresh || sc.Func != "newosproc0")
		out = append(out, sc)
	}
	for _, t := range targets {
		ss := scripts[t]
		switch t.fn {
		case "sysAlloc", "sysFree", "sysMap":
			memScenarios(profile, t, ss, add)
		case "newosproc0":
			threadScenarios(profile, t, ss, add)
		case "persistentalloc":
			persistentScenarios(profile, t, ss, add)
		}
		for i := 0; i < random; i++ {
			sc := randomScenario(profile, t, ss, rng)
			add(sc)
			sc.ordinary = false
		}
	}
	return out
}

// memScenarios: sysAlloc, sysFree and sysMap with stat values next to the
// boundaries (every pair with the first script, a few with the others),
// sysMap with v reserved or not, plan9's in each state of its break.
func memScenarios(profile string, t target, scripts [][]Step, add func(*Scenario)) {
	for si, script := range scripts {
		pairs := fewPairs(t.arch)
		if si == 0 {
			pairs = statPairs(t.arch)
		}
		for _, p := range pairs {
			for _, reserved := range []bool{false, true} {
				if reserved && t.fn != "sysMap" {
					continue
				}
				for _, b := range breaks(t, p[1]) {
					sc := base(profile, t)
					sc.Stat, sc.N, sc.Reserved, sc.Bloc, sc.Script = p[0], p[1], reserved, b.bloc, script
					sc.BlocMax, sc.free = b.blocMax, b.free
					add(sc)
				}
			}
		}
	}
}

// A brk is the state of plan9's allocator a scenario starts from: its
// break, the break's limit and the free list (zero on other GOOSes).
type brk struct {
	bloc, blocMax uint64
	free          string
}

// breaks are the states a sys* call of n bytes runs from: on plan9, the
// break with each free list (for sysFree, also the break at the freed
// block's end; for sysAlloc, also a limit above the break); elsewhere,
// none.
func breaks(t target, n uint64) []brk {
	mask := t.arch.Mask()
	blocs, frees := []uint64{0}, []string{""}
	if t.goos == "plan9" && t.fn != "sysMap" {
		blocs, frees = []uint64{plan9Bloc}, plan9Frees
		if t.fn == "sysFree" {
			blocs = append(blocs, (plan9V+n)&mask)
		}
	}
	var out []brk
	for _, bloc := range blocs {
		for _, free := range frees {
			for _, blocMax := range []uint64{bloc, bloc + 0x100000} {
				if blocMax != bloc && (t.goos != "plan9" || t.fn != "sysAlloc") {
					continue
				}
				b := brk{bloc: bloc, blocMax: blocMax & mask, free: free}
				if t.goos != "plan9" {
					b.blocMax = 0
				}
				out = append(out, b)
			}
		}
	}
	return out
}

// threadScenarios: newosproc0 with the new stack at the top of memory or
// not, and stacks_sys next to its boundaries.
func threadScenarios(profile string, t target, scripts [][]Step, add func(*Scenario)) {
	mask := t.arch.Mask()
	for _, script := range scripts {
		for _, fresh := range []uint64{0x30000000, mask - 0x7fff} {
			for _, stacks := range []uint64{0x100000, mask - 0x8000, 0x8000} {
				sc := base(profile, t)
				sc.N, sc.Fresh, sc.Stacks, sc.Script = 0x10000, fresh, stacks, script
				add(sc)
			}
		}
	}
}

// persistentScenarios: persistentalloc's sizes, alignments, stats, with or
// without a P and a chunk (every combination with the first script, the
// plain ones with the others), and its transfer at the boundaries: other_sys
// below the size, the stat at its top.
func persistentScenarios(profile string, t target, scripts [][]Step, add func(*Scenario)) {
	for si, script := range scripts {
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
	for _, st := range [][2]uint64{{0x10, 0x100000}, {0x100000, 0x10}, {t.arch.Mask() - 0x8, 0x100000}, {1<<63 - 0x10, 0x100000}} {
		sc := base(profile, t)
		sc.N, sc.Stat, sc.Other, sc.PBase = 0x20, st[0], st[1], 0x40000000
		add(sc)
	}
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
	return (1<<uint(rng.Intn(8*a.ptrSize)) + uint64(rng.Intn(64)) - 32) & mask
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
	sc.mapped = rng.Uint64()
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
		sc.free = randomFree(rng, sc.V, end-sc.V)
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

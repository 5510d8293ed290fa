package variants

import (
	"fmt"
	"sort"
	"strings"
)

// A Step is one scripted OS result, as a class: "ok", "nil", "wrong" (an
// address other than the one asked for), "fail", "eN" (errno N) or a number.
type Step struct{ prim, Class string }

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
	Profile, GOOS, variant, Func  string
	Arch                          Arch
	N, V, Align, Fn, FnArg, Fresh uint64
	Stat, Other, Stacks           uint64
	Bloc, mapped, PBase, POff     uint64
	// BlocMax and Free are plan9's allocator's: Go 1.19's blocMax, and
	// the free list (ADDR+SIZE,... in list order, "" for none), whose
	// blocks lie in the window (hostmem, XR_WINDOW_LO).
	BlocMax         uint64
	free            string
	Reserved, WithP bool
	Which           string
	Script          []Step
	// Conv is the port's OS conventions as scenario fields
	// (osconv.Port.ScenarioFields): its GOOS and Arch name the port.
	Conv string
	// ordinary: the stats hold ordinary values, far from every boundary.
	ordinary bool
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
		parts = append(parts, st.prim+" "+st.Class)
	}
	return strings.Join(parts, ", ")
}

func scriptKey(script []Step) string {
	var parts []string
	for _, st := range script {
		parts = append(parts, st.prim+":"+st.Class)
	}
	return strings.Join(parts, ",")
}

// Line is the scenario in the language of cref/trace.h.
func (s *Scenario) Line() string {
	script := "-"
	if len(s.Script) > 0 {
		var parts []string
		for _, st := range s.Script {
			parts = append(parts, st.prim+":"+s.token(st.Class))
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
	free := s.free
	if free == "" {
		free = "-"
	}
	conv = fmt.Sprintf(" blocmax=0x%x free=%s", s.BlocMax, free) + conv
	line := fmt.Sprintf("id=%d profile=%s goos=%s func=%s arch=%s ptrsize=%d be=%d n=0x%x v=0x%x "+
		"reserved=%d stat=0x%x other=0x%x stacks=0x%x mapped=0x%x bloc=0x%x align=0x%x which=%s "+
		"withp=%d pbase=0x%x poff=0x%x fn=0x%x fnarg=0x%x fresh=0x%x script=%s%s",
		s.ID, s.Profile, s.GOOS, s.Func, s.Arch.Name, s.Arch.ptrSize, b(s.Arch.BE), s.N, s.V,
		b(s.Reserved), s.Stat, s.Other, s.Stacks, s.mapped, s.Bloc, s.Align, which,
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
		Profile: profile, GOOS: t.goos, variant: t.variant, Func: t.fn, Arch: t.arch, Conv: t.conv,
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

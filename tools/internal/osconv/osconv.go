// Package osconv is the table of the OS conventions the variant model and
// harness rely on, per port (GOOS/GOARCH) of a tree: how mmap, munmap and
// mincore report a failure, and the constants the mem_*.go variants pass
// to the OS. Each fact says how it was obtained: measured (the tree's own
// wrapper run on that architecture), derived (read from the tree, with the
// file and line it was read from) or assumed (said so, with why).
//
// The table is the one source of these facts: the C model receives a
// port's facts in each scenario (ScenarioFields), and the variants harness
// compiles its constants from it.
//
// For users: docs/variants.md (OS conventions).
package osconv

import (
	"fmt"
	"sort"
	"strings"
)

// How a fact was obtained.
const (
	Measured = "measured"
	derived  = "derived"
	assumed  = "assumed"
)

// The facts that are not constants.
const (
	MmapFailure    = "mmap failure"
	MunmapFailure  = "munmap failure"
	MincoreFailure = "mincore failure"
)

// Values of the failure facts: what the wrapper hands the runtime.
const (
	Errno    = "errno"        // the errno, positive, in place of the result
	NegErrno = "-errno"       // the kernel's negated errno, unchanged
	allOnes  = "all ones"     // ^uintptr(0), libc's MAP_FAILED; the errno is elsewhere
	pair     = "(nil, errno)" // a second result holds the errno (Go 1.19)
	crash    = "crash"        // the wrapper faults on purpose
	ignored  = "ignored"      // the result is dropped
)

// Constants are the OS constants the mem_*.go variants and newosproc0 take
// from the tree's per-port files (defs_<goos>_<goarch>.go, os2_<goos>.go,
// arch1_<goarch>.go, ...), where a port declares them.
var Constants = []string{"_PROT_NONE", "_PROT_READ", "_PROT_WRITE", "_MAP_ANON", "_MAP_PRIVATE", "_MAP_FIXED",
	"_EAGAIN", "_ENOMEM", "_SIG_SETMASK", "_PhysPageSize", "_PAGESIZE"}

// A Fact is one convention of one port.
type Fact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	How   string `json:"how"`   // Measured, derived or assumed
	Where string `json:"where"` // file:line for derived; what ran for measured; why for assumed
	// Also holds the other sources' evidence where more than one agree
	// (a measured fact's derivation).
	Also string `json:"also,omitempty"`
}

// A Port is the facts of one GOOS/GOARCH.
type Port struct {
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	Facts  []Fact `json:"facts"`
}

// Name is "goos/goarch".
func (p *Port) Name() string { return p.GOOS + "/" + p.GOARCH }

// Fact returns the fact called name, or nil.
func (p *Port) Fact(name string) *Fact {
	for i := range p.Facts {
		if p.Facts[i].Name == name {
			return &p.Facts[i]
		}
	}
	return nil
}

// Value is the value of the fact called name, or "".
func (p *Port) Value(name string) string {
	if f := p.Fact(name); f != nil {
		return f.Value
	}
	return ""
}

// With is a copy of the port whose fact name has value v instead (how
// the code would run on other conventions).
func (p *Port) With(name, v string) *Port {
	c := *p
	c.Facts = append([]Fact(nil), p.Facts...)
	c.set(Fact{Name: name, Value: v, How: assumed, Where: "for comparison"})
	return &c
}

// set adds or replaces a fact.
func (p *Port) set(f Fact) {
	if old := p.Fact(f.Name); old != nil {
		*old = f
		return
	}
	p.Facts = append(p.Facts, f)
}

// A Table is a tree's ports and their facts.
type Table struct {
	Profile string  `json:"profile"`
	Tree    string  `json:"tree"`
	Ports   []*Port `json:"ports"`
}

// Port returns the port goos/goarch, or nil.
func (t *Table) Port(goos, goarch string) *Port {
	if t == nil {
		return nil
	}
	for _, p := range t.Ports {
		if p.GOOS == goos && p.GOARCH == goarch {
			return p
		}
	}
	return nil
}

// PortsOf lists the ports of goos, in the table's order.
func (t *Table) PortsOf(goos string) []*Port {
	var out []*Port
	for _, p := range t.Ports {
		if p.GOOS == goos {
			out = append(out, p)
		}
	}
	return out
}

func (t *Table) sort() {
	sort.SliceStable(t.Ports, func(i, j int) bool {
		if t.Ports[i].GOOS != t.Ports[j].GOOS {
			return t.Ports[i].GOOS < t.Ports[j].GOOS
		}
		return t.Ports[i].GOARCH < t.Ports[j].GOARCH
	})
}

// errToken is a failure fact's value as a scenario writes it.
var errToken = map[string]string{Errno: "errno", NegErrno: "negerrno", allOnes: "ones", pair: "pair",
	crash: "crash", ignored: "ignore"}

// ScenarioFields is the port's facts as the fields of a scenario line
// (cref/trace.h): mmaperr=, munmaperr=, mincoreerr= where the port has the
// fact, and defs=NAME:VALUE,... for its constants.
func (p *Port) ScenarioFields() string {
	var parts []string
	for _, f := range []struct{ fact, key string }{{MmapFailure, "mmaperr"}, {MunmapFailure, "munmaperr"}, {MincoreFailure, "mincoreerr"}} {
		if v := p.Value(f.fact); v != "" {
			parts = append(parts, f.key+"="+errToken[v])
		}
	}
	var defs []string
	for _, c := range Constants {
		if v := p.Value(c); v != "" {
			defs = append(defs, c+":"+v)
		}
	}
	if len(defs) == 0 {
		defs = []string{"-"}
	}
	parts = append(parts, "defs="+strings.Join(defs, ","))
	return strings.Join(parts, " ")
}

// Summary is a line per port: its failure facts and how its constants
// were obtained.
func (t *Table) Summary() []string {
	var out []string
	for _, p := range t.Ports {
		var parts []string
		consts := map[string]int{}
		for _, f := range p.Facts {
			if strings.HasPrefix(f.Name, "_") {
				consts[f.How]++
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s)", strings.TrimSuffix(f.Name, " failure"), f.Value, f.How))
		}
		for _, how := range []string{Measured, derived, assumed} {
			if consts[how] > 0 {
				parts = append(parts, fmt.Sprintf("%d constants (%s)", consts[how], how))
			}
		}
		out = append(out, p.Name()+": "+strings.Join(parts, ", "))
	}
	return out
}

// Columns are Rows' columns.
var Columns = []string{"port", "fact", "value", "how", "where"}

// Rows is the table as a report's cells (Columns).
func (t *Table) Rows() [][]string {
	var out [][]string
	for _, p := range t.Ports {
		for _, f := range p.Facts {
			where := f.Where
			if f.Also != "" {
				where += "; " + f.Also
			}
			out = append(out, []string{p.Name(), f.Name, f.Value, f.How, where})
		}
	}
	return out
}

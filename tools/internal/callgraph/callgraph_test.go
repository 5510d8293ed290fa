package callgraph

import (
	"fmt"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/wants"
)

// TestGraph builds the graph of testdata (a small runtime and
// runtime/internal/atomic) and compares it with the `// want` comments
// there: every function's facts where it is written, every edge and every
// call not followed where the call is.
func TestGraph(t *testing.T) {
	src := tree.Load("testdata")
	for _, p := range []era.Port{{GOOS: "linux", GOARCH: "amd64"}, {GOOS: "linux", GOARCH: "arm"}} {
		g, err := Of(src, p)
		if err != nil {
			t.Fatal(err)
		}
		if errs := g.Checked.TypeErrors; len(errs) > 0 {
			t.Fatalf("%s: testdata does not type-check: %v", p, errs)
		}
		var files []*tree.File
		for _, pkg := range g.Pkgs {
			files = append(files, pkg.Go...)
			for _, a := range pkg.Asm {
				files = append(files, a.Src)
			}
		}
		wants.Check(t, p, files, diags(g))
	}
}

// diags says what the graph knows, function by function.
func diags(g *Graph) []wants.Diag {
	seen := map[*Func]bool{}
	var out []wants.Diag
	var add func(f *Func)
	add = func(f *Func) {
		if seen[f] {
			return
		}
		seen[f] = true
		out = append(out, wants.Diag{Pos: f.Pos().String(), Msg: facts(f)})
		for _, e := range f.Edges() {
			out = append(out, wants.Diag{Pos: e.Pos.String(), Msg: edge(e)})
		}
		for _, u := range f.Unfollowed() {
			out = append(out, wants.Diag{Pos: u[strings.LastIndex(u, "(")+1 : len(u)-1], Msg: "not followed: " + u})
		}
		for _, c := range f.Closures() {
			add(c)
		}
	}
	for _, f := range g.syms {
		add(f)
	}
	for _, f := range g.byDecl {
		add(f)
	}
	return out
}

// facts is "f: nosplit", "f: not nosplit (why)", then "; needs a G: why"
// or "; bodyless".
func facts(f *Func) string {
	s := f.Name + ": nosplit"
	if ok, why := f.Nosplit(); !ok {
		s = fmt.Sprintf("%s: not nosplit (%s)", f.Name, why)
	}
	if why := f.NeedsG(); why != "" {
		s += "; needs a G: " + why
	}
	if f.Bodyless() {
		s += "; bodyless"
	}
	return s
}

var kinds = map[Kind]string{Call: "call", Builtin: "builtin", Go: "go", Inline: "inline"}

// edge is "call f", with "via alias", "(dead)", and what ends it.
func edge(e *Edge) string {
	s := kinds[e.Kind] + " " + e.To.Name
	if e.Via != "" {
		s += " via " + e.Via
	}
	if e.Dead {
		s += " (dead)"
	}
	for _, c := range []struct{ what, why string }{{"ends", e.Ends}, {"cgo", e.Cgo}, {"with g", e.WithG}} {
		if c.why != "" {
			s += "; " + c.what + ": " + c.why
		}
	}
	return s
}

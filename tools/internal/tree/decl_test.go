package tree

import (
	"go/types"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
)

// CheckBodies gives the port's constants and declarations, and checks the
// bodies of the files named alone; CheckDecls serves the declarations
// from a check made already; DeclOf finds the syntax of each object;
// Names lists a file that builds for no port, which Builds refuses.
func TestCheckBodies(t *testing.T) {
	dir := kittest.WriteTree(t, map[string]string{
		"src/runtime/a.go": "package runtime\n\nconst (\n\t_A = iota * 4\n\t_B\n)\n\n" +
			"type T uintptr\n\nfunc (T) m() {}\n\nfunc f() int { var x int = \"in a.go\"; return x }\n",
		"src/runtime/b.go":                "package runtime\n\nfunc g() int { var x int = \"in b.go\"; return x }\n",
		"src/runtime/defs_linux_amd64.go": "package runtime\n\nconst _C = _B + 1\n",
		"src/runtime/defs_plan9.go":       "package runtime\n\nconst _C = 7\n",
		"src/runtime/mem_zos.go":          "//go:build zos\n\npackage runtime\n",
	})
	src := Load(dir)
	port := era.Port{GOOS: "linux", GOARCH: "amd64"}
	c, err := src.CheckBodies(port, []string{"b.go"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.Const("_C"); !ok || v != 5 {
		t.Errorf("_C = %d, %v; want 5 (defs_linux_amd64.go)", v, ok)
	}
	if errs := strings.Join(c.TypeErrors, "\n"); !strings.Contains(errs, "b.go") || strings.Contains(errs, "a.go") {
		t.Errorf("type errors %q, want b.go's alone", errs)
	}
	if !c.HasBodies("b.go") || c.HasBodies("a.go") {
		t.Errorf("HasBodies: b.go %v, a.go %v", c.HasBodies("b.go"), c.HasBodies("a.go"))
	}
	if none, _ := src.CheckBodies(port, nil); len(none.TypeErrors) > 0 || none.HasBodies("b.go") {
		t.Errorf("no bodies: type errors %v", none.TypeErrors)
	}
	// The declarations: the port's first check; a port without one gets
	// one without bodies.
	if d, _ := src.CheckDecls(port); d != c {
		t.Error("CheckDecls made a check of its own for a port checked already")
	}
	if d, err := src.CheckDecls(era.Port{GOOS: "plan9", GOARCH: "386"}); err != nil || d.HasBodies("b.go") {
		t.Errorf("CheckDecls of plan9/386: %v, %v", d, err)
	} else if v, _ := d.Const("_C"); v != 7 {
		t.Errorf("plan9/386: _C = %d, want 7 (defs_plan9.go)", v)
	}
	scope := c.Pkg.Scope()
	if d := c.DeclOf(scope.Lookup("_B")); d == nil || d.Index != 1 || d.Gen == nil {
		t.Errorf("_B: %+v, want the second spec of its group", d)
	}
	if d := c.DeclOf(scope.Lookup("f")); d == nil || d.Func == nil || d.Func.Body == nil {
		t.Errorf("f: %+v, want its declaration, with its body", d)
	}
	m, _, _ := types.LookupFieldOrMethod(scope.Lookup("T").Type(), false, c.Pkg, "m")
	if d := c.DeclOf(m); d == nil || d.Func == nil || d.Func.Recv == nil {
		t.Errorf("T.m: %+v", d)
	}
	if d := c.DeclOf(types.Universe.Lookup("int")); d != nil {
		t.Errorf("int has a declaration in the tree: %+v", d)
	}
	names, err := src.Names("runtime")
	if err != nil || !strings.Contains(strings.Join(names, " "), "mem_zos.go") {
		t.Errorf("Names = %v, %v; want mem_zos.go among them", names, err)
	}
	for _, f := range []struct {
		name  string
		port  era.Port
		build bool
	}{{"mem_zos.go", port, false}, {"defs_plan9.go", era.Port{GOOS: "plan9", GOARCH: "arm"}, true}, {"defs_plan9.go", port, false}} {
		if ok, err := src.Builds(f.port, "runtime", f.name); ok != f.build || err != nil {
			t.Errorf("Builds(%s, %s) = %v, %v", f.port, f.name, ok, err)
		}
	}
}

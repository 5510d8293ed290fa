package tree

import (
	"go/types"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
)

// CheckDecls gives the port's constants and declarations (without bodies);
// DeclOf finds the syntax of each.
func TestCheckDecls(t *testing.T) {
	dir := kittest.WriteTree(t, map[string]string{
		"src/runtime/a.go": "package runtime\n\nconst (\n\t_A = iota * 4\n\t_B\n)\n\n" +
			"type T uintptr\n\nfunc (T) m() {}\n\nfunc f() int { var x int = \"not checked\"; return x }\n",
		"src/runtime/defs_linux_amd64.go": "package runtime\n\nconst _C = _B + 1\n",
		"src/runtime/defs_plan9.go":       "package runtime\n\nconst _C = 7\n",
	})
	src := Load(dir)
	c, err := src.CheckDecls(era.Port{GOOS: "linux", GOARCH: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.Const("_C"); !ok || v != 5 {
		t.Errorf("_C = %d, %v; want 5 (defs_linux_amd64.go)", v, ok)
	}
	if len(c.TypeErrors) > 0 {
		t.Errorf("the bodies were checked: %v", c.TypeErrors)
	}
	scope := c.Pkg.Scope()
	if d := c.DeclOf(scope.Lookup("_B")); d == nil || d.Index != 1 || d.Gen == nil {
		t.Errorf("_B: %+v, want the second spec of its group", d)
	}
	if d := c.DeclOf(scope.Lookup("f")); d == nil || d.Func == nil || d.Func.Name.Name != "f" {
		t.Errorf("f: %+v", d)
	}
	m, _, _ := types.LookupFieldOrMethod(scope.Lookup("T").Type(), false, c.Pkg, "m")
	if d := c.DeclOf(m); d == nil || d.Func == nil || d.Func.Recv == nil {
		t.Errorf("T.m: %+v", d)
	}
	if d := c.DeclOf(types.Universe.Lookup("int")); d != nil {
		t.Errorf("int has a declaration in the tree: %+v", d)
	}
}

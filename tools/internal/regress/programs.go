package regress

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// builders lists the tests of the package in dir (a scratch copy's
// src/runtime) that build a program with the go command, exec.Command("go",
// "build", ...), themselves or through the functions they call: the crash
// tests' executeTest (crash_test.go) and TestGdbPython do, then run the
// program, or have gdb run it. Under an emulator such a program cannot
// start (reasons.go).
func builders(dir string) (map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	calls := map[string][]string{} // function -> the functions it calls by name
	builds := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil {
				continue
			}
			name := fn.Name.Name
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); ok {
					calls[name] = append(calls[name], id.Name)
				}
				if goBuild(call) {
					builds[name] = true
				}
				return true
			})
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, callees := range calls {
			for _, c := range callees {
				if builds[c] && !builds[fn] {
					builds[fn], changed = true, true
				}
			}
		}
	}
	tests := map[string]bool{}
	for fn := range builds {
		if strings.HasPrefix(fn, "Test") {
			tests[fn] = true
		}
	}
	return tests, nil
}

// goBuild: exec.Command("go", "build", ...).
func goBuild(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Command" || len(call.Args) < 2 {
		return false
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "exec" {
		return false
	}
	for i, want := range []string{"go", "build"} {
		lit, ok := call.Args[i].(*ast.BasicLit)
		if !ok {
			return false
		}
		if s, err := strconv.Unquote(lit.Value); err != nil || s != want {
			return false
		}
	}
	return true
}

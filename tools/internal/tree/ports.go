package tree

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"xaddref/tools/internal/era"
)

// Ports lists every GOOS/GOARCH pair the tree at dir supports, and says
// where the list came from. Source.Ports memoizes it for a tree.
//
// A tree with a `cgoEnabled` table in src/cmd/dist/build.go (Go 1.7 and
// later) supports the pairs `go tool dist list` prints: the tree's own
// bin/go is asked when it runs, else the table is read (its keys, less the
// `incomplete` ones, which is what dist list prints). An older tree's dist
// knows only its GOOS and GOARCH lists (okgoos, okgoarch); of those pairs,
// the tree supports the ones whose runtime has an entry point,
// src/runtime/rt0_GOOS_GOARCH.s (the rule Go's own buildall.bash used).
func Ports(dir string) ([]era.Port, string, error) {
	build := filepath.Join(dir, "src", "cmd", "dist", "build.go")
	src, err := os.ReadFile(build)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read the tree's dist: %v", err)
	}
	if strings.Contains(string(src), "var cgoEnabled = map[string]bool{") {
		if ts, err := distList(filepath.Join(dir, "bin", "go"), dir); err == nil {
			return ts, "go tool dist list (" + filepath.Join(dir, "bin", "go") + ")", nil
		}
		ts, err := distTable(src)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %v", build, err)
		}
		return ts, "src/cmd/dist/build.go: cgoEnabled less incomplete (as go tool dist list)", nil
	}
	oses, err1 := stringList(src, "okgoos")
	arches, err2 := stringList(src, "okgoarch")
	if err1 != nil || err2 != nil {
		return nil, "", fmt.Errorf("%s has neither cgoEnabled nor okgoos/okgoarch", build)
	}
	var out []era.Port
	for _, goos := range oses {
		for _, goarch := range arches {
			rt0 := filepath.Join(dir, "src", "runtime", "rt0_"+goos+"_"+goarch+".s")
			if _, err := os.Stat(rt0); err == nil {
				out = append(out, era.Port{GOOS: goos, GOARCH: goarch})
			}
		}
	}
	era.SortPorts(out)
	if len(out) == 0 {
		return nil, "", fmt.Errorf("no src/runtime/rt0_GOOS_GOARCH.s matches the dist's okgoos and okgoarch")
	}
	return out, "src/cmd/dist okgoos x okgoarch with a src/runtime/rt0_GOOS_GOARCH.s", nil
}

func distList(goBin, goroot string) ([]era.Port, error) {
	if _, err := os.Stat(goBin); err != nil {
		return nil, err
	}
	cmd := exec.Command(goBin, "tool", "dist", "list")
	cmd.Env = append(os.Environ(), "GOROOT="+goroot, "GOFLAGS=", "GO111MODULE=off")
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	var ts []era.Port
	for _, line := range strings.Fields(string(out)) {
		t, err := era.ParsePort(line)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("go tool dist list printed nothing")
	}
	era.SortPorts(ts)
	return ts, nil
}

// distTable reads cmd/dist's cgoEnabled and incomplete maps.
func distTable(src []byte) ([]era.Port, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "build.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	keys := func(name string) []string {
		var out []string
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || vs.Names[0].Name != name || len(vs.Values) != 1 {
				return true
			}
			if cl, ok := vs.Values[0].(*ast.CompositeLit); ok {
				for _, e := range cl.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if lit, ok := kv.Key.(*ast.BasicLit); ok {
							if s, err := strconv.Unquote(lit.Value); err == nil {
								out = append(out, s)
							}
						}
					}
				}
			}
			return false
		})
		return out
	}
	incomplete := map[string]bool{}
	for _, k := range keys("incomplete") {
		incomplete[k] = true
	}
	var ts []era.Port
	for _, k := range keys("cgoEnabled") {
		if incomplete[k] {
			continue
		}
		t, err := era.ParsePort(k)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("empty cgoEnabled table")
	}
	era.SortPorts(ts)
	return ts, nil
}

// stringList reads `var name = []string{...}` from Go source.
func stringList(src []byte, name string) ([]string, error) {
	re := regexp.MustCompile(`(?s)var ` + name + ` = \[\]string\{(.*?)\}`)
	m := re.FindSubmatch(src)
	if m == nil {
		return nil, fmt.Errorf("no %s", name)
	}
	var out []string
	for _, q := range regexp.MustCompile(`"[^"]*"`).FindAll(m[1], -1) {
		out = append(out, strings.Trim(string(q), `"`))
	}
	return out, nil
}

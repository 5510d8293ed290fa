package variants

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"text/template"
)

// loadStubs collects the names the stubs declare: the identifiers the
// harness knows.
func (x *extractor) loadStubs() error {
	x.known = map[string]bool{}
	for _, t := range append(append([]string{"common.go.tmpl", "types.go.tmpl"}, x.prof.stubs...), x.moreStubs()...) {
		src, err := x.template(t, map[string]interface{}{"Pkg": "p", "Era": x.prof.era, "Bits": 64, "PtrSize": 8})
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), t, src, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("host/%s: %v", t, err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					x.known[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							x.known[n.Name] = true
						}
					case *ast.TypeSpec:
						x.known[s.Name.Name] = true
					}
				}
			}
		}
	}
	return nil
}

// moreStubs are the profile's MoreStubs' names, in order.
func (x *extractor) moreStubs() []string {
	var out []string
	for n := range x.prof.MoreStubs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (x *extractor) template(name string, data interface{}) (string, error) {
	b, err := hostFS.ReadFile("host/" + name)
	if src, ok := x.prof.MoreStubs[name]; ok {
		b, err = []byte(src), nil
	}
	if err != nil {
		return "", err
	}
	t, err := template.New(name).Parse(string(b))
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		return "", err
	}
	return out.String(), nil
}

package variants

import (
	"fmt"
	"go/format"
	"sort"
	"strings"
)

type callEntry struct{ Key, Stmt string }

// worldEntry is an instance's world, its prefix put in.
type worldEntry struct{ Key, Setup, Cells string }

// render writes the host module's files.
func (x *extractor) render(ex *Extraction) error {
	ex.files["go.mod"] = "module xrhost\n\ngo 1.19\n"
	for _, t := range []struct{ tmpl, path string }{
		{"main.go.tmpl", "main.go"}, {"scen.go.tmpl", "scen/scen.go"}, {"hostmem.go.tmpl", "hostmem/hostmem.go"},
	} {
		s, err := x.template(t.tmpl, nil)
		if err != nil {
			return err
		}
		ex.files[t.path] = s
	}
	var calls []callEntry
	for _, in := range ex.Instances {
		var funcs []string
		for f := range in.funcs {
			funcs = append(funcs, f)
		}
		sort.Strings(funcs)
		for _, f := range funcs {
			stmt, ok := x.prof.Calls[f]
			if !ok {
				stmt, ok = x.prof.Calls[fmt.Sprintf("%s/%d", f, in.funcs[f])]
			}
			if !ok {
				return fmt.Errorf("runtime: %s's %s takes %d parameters, a signature the harness does not know",
					in.GOOS, f, in.funcs[f])
			}
			calls = append(calls, callEntry{in.GOOS + "/" + in.GOARCH + "/" + f, strings.ReplaceAll(stmt, "{P}", in.scope()+"_")})
		}
	}
	var worlds []worldEntry
	for _, in := range ex.Instances {
		if wd, ok := x.prof.worlds[in.GOOS]; ok {
			p := in.scope() + "_"
			worlds = append(worlds, worldEntry{in.GOOS + "/" + in.GOARCH,
				strings.ReplaceAll(wd.setup, "{P}", p), strings.ReplaceAll(wd.cells, "{P}", p)})
		}
	}
	for _, pk := range []struct {
		pkg     string
		ptrSize int
	}{{"p4", 4}, {"p8", 8}} {
		data := map[string]interface{}{"Pkg": pk.pkg, "Era": x.prof.era, "Bits": pk.ptrSize * 8,
			"PtrSize": pk.ptrSize, "Calls": calls, "Worlds": worlds, "Profile": x.prof.Name}
		files := []struct{ tmpl, file string }{
			{"types.go.tmpl", "types.go"}, {"common.go.tmpl", "common.go"}, {"driver.go.tmpl", "driver.go"},
		}
		for _, t := range append(append([]string{}, x.prof.stubs...), x.moreStubs()...) {
			files = append(files, struct{ tmpl, file string }{t, strings.TrimSuffix(t, ".tmpl")})
		}
		for _, t := range files {
			s, err := x.template(t.tmpl, data)
			if err != nil {
				return err
			}
			ex.files[pk.pkg+"/"+t.file] = s
		}
		for scope, buf := range x.out {
			// (Not x_<goos>.go: the go command would build that for <goos> only.)
			name := "shared_extracted.go"
			if scope != "" {
				name = scope + "_extracted.go"
			}
			src := "// Extracted from the tree by xaddref variants.\n\npackage " + pk.pkg +
				"\n\nimport \"unsafe\"\n\nvar _ unsafe.Pointer\n\n" + buf.String()
			b, err := format.Source([]byte(src))
			if err != nil {
				return fmt.Errorf("formatting the extracted %s: %v", name, err)
			}
			ex.files[pk.pkg+"/"+name] = string(b)
		}
	}
	return nil
}

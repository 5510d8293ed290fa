package variants

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"xaddref/tools/internal/era"
)

// The extraction plan: which files are a variant's, which GOOSes build it,
// and which of its functions are under test (the profile's file patterns
// and roots).

func expand(pattern string, in *Instance) string {
	return strings.NewReplacer("{v}", in.Variant, "{goos}", in.GOOS).Replace(pattern)
}

// impliedGOOS is the GOOS whose files another GOOS builds too (go/build:
// android builds _linux files, ios _darwin ones, illumos _solaris ones).
var impliedGOOS = map[string]string{"android": "linux", "ios": "darwin", "illumos": "solaris"}

// candidates are the names a file pattern gives for in: with in's GOOS,
// then with the GOOS it implies.
func candidates(pattern string, in *Instance) []string {
	out := []string{expand(pattern, in)}
	if g, ok := impliedGOOS[in.GOOS]; ok && strings.Contains(pattern, "{goos}") {
		out = append(out, strings.NewReplacer("{v}", in.Variant, "{goos}", g).Replace(pattern))
	}
	return out
}

// instanceFile reports whether the runtime's file is one of in's own
// (the profile's instanceFiles).
func (x *extractor) instanceFile(file string, in *Instance) bool {
	for _, pat := range x.prof.instanceFiles {
		if contains(candidates(pat, in), file) {
			return true
		}
	}
	return false
}

// planFiles are the files in's functions are extracted from: its instance
// files, the shared files and its roots'. The port's check covers their
// bodies alone (a method of a type of another file takes the port's full
// check: bodied).
func (x *extractor) planFiles(in *Instance) []string {
	var out []string
	pats := append(append([]string{}, x.prof.instanceFiles...), x.prof.sharedFiles...)
	for _, r := range x.prof.Roots {
		pats = append(pats, r.File)
	}
	for _, pat := range pats {
		out = append(out, candidates(pat, in)...)
	}
	return out
}

// goosArches are the tree's GOOSes, each with its GOARCHes (tree.Ports:
// the pairs its dist supports).
func (x *extractor) goosArches() (map[string][]string, error) {
	ports, _, err := x.src.Ports()
	if err != nil {
		return nil, fmt.Errorf("the tree's ports: %v", err)
	}
	out := map[string][]string{}
	for _, p := range ports {
		out[p.GOOS] = append(out[p.GOOS], p.GOARCH)
	}
	return out, nil
}

// variantGOOS are the GOOSes mem_<v>.go is built for: those of the tree's
// ports for which go/build takes the file, by its name and its build
// constraint, with the GOOSes they imply (illumos takes a file built for
// solaris).
func (x *extractor) variantGOOS(v string, ports map[string][]string) ([]string, error) {
	name := "mem_" + v + ".go"
	if !x.files[name] {
		return nil, fmt.Errorf("the tree has no runtime/%s", name)
	}
	var out []string
	for g, arches := range ports {
		for _, a := range arches {
			ok, err := x.src.Builds(era.Port{GOOS: g, GOARCH: a}, "runtime", name)
			if err != nil {
				return nil, fmt.Errorf("runtime/%s: %v", name, err)
			}
			if ok {
				out = append(out, g)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("runtime/%s is built for none of the tree's ports", name)
	}
	sort.Strings(out)
	return out, nil
}

// checkVariants: every mem_<v>.go of the tree is one of the profile's
// variants. A variant the harness does not know is never passed silently.
func (x *extractor) checkVariants() error {
	known := map[string]bool{}
	for _, v := range x.prof.Variants {
		known["mem_"+v+".go"] = true
	}
	var unknown []string
	for n := range x.files {
		if strings.HasPrefix(n, "mem_") && strings.HasSuffix(n, ".go") && !known[n] {
			unknown = append(unknown, "runtime/"+n)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("%s: a memory variant the harness does not know (profile %s checks mem_%s.go): "+
			"extend the profile (tools/internal/variants/profile.go), its stubs and the C model together",
			strings.Join(unknown, ", "), x.prof.Name, strings.Join(x.prof.Variants, ".go, mem_"))
	}
	return nil
}

// roots extracts in's functions under test.
func (x *extractor) roots(in *Instance) error {
	for _, r := range x.prof.Roots {
		s := x.rootDecl(r, in)
		if s == nil {
			if r.optional {
				continue
			}
			return fmt.Errorf("runtime/%s has no function %s (for %s)", strings.Join(candidates(r.File, in), " or "), r.Name, in.GOOS)
		}
		if r.calling != "" && !calls(s, r.calling) {
			continue
		}
		if _, err := x.pull(s, in.scope()); err != nil {
			return err
		}
		in.funcs[r.Name] = s.Func.Type.Params.NumFields()
	}
	return nil
}

// rootDecl is the function r names on in's port, where one of r's files
// declares it; nil if none does.
func (x *extractor) rootDecl(r Root, in *Instance) *source {
	fn, ok := in.checked.Pkg.Scope().Lookup(r.Name).(*types.Func)
	if !ok {
		return nil
	}
	s := sourceOf(fn, in.checked)
	if s == nil || !contains(candidates(r.File, in), s.file) {
		return nil
	}
	return s
}

// calls reports whether s's body calls the runtime's function name.
func calls(s *source, name string) bool {
	found := false
	ast.Inspect(s.Func, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok {
				if fn, ok := s.c.Info.Uses[id].(*types.Func); ok && fn.Name() == name && fn.Parent() == s.c.Pkg.Scope() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

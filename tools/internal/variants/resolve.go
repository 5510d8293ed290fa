package variants

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"xaddref/tools/internal/osconv"
)

// resolveRefs gives every name that cp (s's copy) uses its host name,
// extracting what it refers to, and rewrites the calls the host implements
// itself (hostCalls). What a name refers to is go/types' answer on s's
// port; a call of a recorded function goes through its site's wrapper.
func (x *extractor) resolveRefs(cp *hostDecl, scope string, s *source) error {
	var err error
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			// Sel is a field, a method or a member of an imported
			// package, never one of the runtime's names; go/types
			// gives none to a member of a package it could not
			// import (a tree's runtime copied alone).
			ast.Inspect(n.X, visit)
			return false
		case *ast.Ident:
			err = x.rename(n, cp, scope, s)
		}
		return true
	}
	for _, root := range cp.from {
		ast.Inspect(root, visit)
	}
	if err != nil {
		return err
	}
	x.hostCalls(cp, s)
	return nil
}

// rename gives id's copy the host's name for what id refers to, if it
// refers to a package-level name.
func (x *extractor) rename(id *ast.Ident, cp *hostDecl, scope string, s *source) error {
	to, ok := cp.pairs[id].(*ast.Ident)
	if !ok {
		return nil
	}
	name, ref, err := x.hostName(id, scope, s)
	if err != nil || !ref {
		return err
	}
	if s.Func != nil && x.record[id.Name] {
		file, line := s.c.Position(id.Pos())
		name = x.recorder(scope, id.Name, name, fmt.Sprintf("%s:%d", file, line))
	}
	to.Name = name
	return nil
}

// hostName is the host's name for what id (in s) refers to; ref is false
// where id refers to no package-level name (it declares one, or names a
// local, a field, a method or a label).
func (x *extractor) hostName(id *ast.Ident, scope string, s *source) (name string, ref bool, err error) {
	if _, def := s.c.Info.Defs[id]; def {
		return "", false, nil
	}
	obj := s.c.Info.Uses[id]
	switch o := obj.(type) {
	case nil:
		// Not declared on the port: the stubs may know it.
	case *types.PkgName:
		// unsafe is the host's too; the stubs stand for another
		// package (Go 1.19's atomic), or nothing does.
		if o.Imported() == types.Unsafe {
			return id.Name, true, nil
		}
		obj = nil
	default:
		if o.Parent() == types.Universe {
			return id.Name, true, nil
		}
		if o.Parent() != s.c.Pkg.Scope() {
			return "", false, nil
		}
	}
	n, err := x.resolve(id.Name, obj, scope, s)
	return n, true, err
}

// resolve maps a package-level name that s uses (obj, the runtime's object
// it refers to on the port, or nil) to its name in the host, extracting
// what it refers to. The plan, in order: the stubs' names; the instance's
// GOOS; a declaration of the instance's files, then of the shared files;
// the conventions table's constants; a constant or type of the port's
// files. Anything else stops the extraction.
func (x *extractor) resolve(name string, obj types.Object, scope string, s *source) (string, error) {
	if x.known[name] {
		return name, nil
	}
	in := x.inst[scope]
	if in != nil && name == "GOOS" {
		return x.goosConst(in), nil
	}
	var d *source
	if obj != nil {
		d = sourceOf(obj, s.c)
	}
	if d != nil && in != nil && x.instanceFile(d.file, in) {
		return x.pull(d, scope)
	}
	if d != nil && contains(x.prof.sharedFiles, d.file) {
		// A shared function that calls a GOOS's own code is extracted
		// once per GOOS.
		if in != nil && d.Func != nil && x.prof.instanceFuncs[name] {
			return x.pull(d, scope)
		}
		return x.pull(d, "")
	}
	if in != nil {
		if n, ok, err := x.convConst(name, in); ok || err != nil {
			return n, err
		}
		switch obj.(type) {
		case *types.Const, *types.TypeName:
			if d != nil {
				return x.pull(d, scope)
			}
		}
	}
	return "", x.unknown(name, in, s)
}

// unknown is the error for a name the harness does not know.
func (x *extractor) unknown(name string, in *Instance, s *source) error {
	where := "the stubs, " + strings.Join(x.prof.sharedFiles, ", ")
	if in != nil {
		var files []string
		for _, pat := range x.prof.instanceFiles {
			files = append(files, candidates(pat, in)...)
		}
		where = "the stubs, " + strings.Join(files, ", ") + ", " + strings.Join(x.prof.sharedFiles, ", ") +
			", the conventions table's constants or the declarations of " + in.GOOS + "/" + in.GOARCH
	}
	return fmt.Errorf("runtime/%s: %s uses %s, which the harness does not know (not in %s); "+
		"a changed variant is never passed silently: extend the stubs (tools/internal/variants/host) "+
		"and the C model together", s.file, s.name, name, where)
}

// goosConst is the instance's GOOS constant, written into its file once.
func (x *extractor) goosConst(in *Instance) string {
	key := in.scope() + "|GOOS"
	if _, ok := x.pulled[key]; !ok {
		x.pulled[key] = in.scope() + "_GOOS"
		fmt.Fprintf(x.out[in.scope()], "//line xaddref-goos.go:1\nconst %s_GOOS = %q\n\n", in.scope(), in.GOOS)
	}
	return in.scope() + "_GOOS"
}

// convConst resolves a constant of the port's OS files (osconv.Constants)
// to its value in the conventions table, the one source of the port's
// conventions for the harness and the C model alike; and goos_<os> and
// goarch_<arch> to the port's identity.
func (x *extractor) convConst(name string, in *Instance) (string, bool, error) {
	v, isIdentity := identity(name, in)
	if !isIdentity && !contains(osconv.Constants, name) {
		return "", false, nil
	}
	key := in.scope() + "|" + name
	if n, ok := x.pulled[key]; ok {
		return n, true, nil
	}
	n := prefixed(in.scope(), name)
	if isIdentity {
		// zgoos_<goos>.go and zgoarch_<goarch>.go: 1 for the port's own
		// name, 0 for the others.
		x.pulled[key] = n
		fmt.Fprintf(x.out[in.scope()], "//line xaddref-port-%s-%s.go:1\nconst %s = %d\n\n", in.GOOS, in.GOARCH, n, v)
		return n, true, nil
	}
	f := in.Port.Fact(name)
	if f == nil {
		return "", true, fmt.Errorf("the conventions table has no %s for %s/%s (%s needs it)", name, in.GOOS, in.GOARCH, in.Variant)
	}
	x.pulled[key] = n
	fmt.Fprintf(x.out[in.scope()], "//line %s\nconst %s = %s\n\n", lineOf(f.Where), n, f.Value)
	return n, true, nil
}

// identity is the value of goos_<os> or goarch_<arch> on the instance's
// port.
func identity(name string, in *Instance) (int, bool) {
	for _, p := range []struct{ prefix, is string }{{"goos_", in.GOOS}, {"goarch_", in.GOARCH}} {
		if strings.HasPrefix(name, p.prefix) && name != p.prefix {
			if strings.TrimPrefix(name, p.prefix) == p.is {
				return 1, true
			}
			return 0, true
		}
	}
	return 0, false
}

// lineOf is the file:line a fact's Where starts with, for a //line
// directive ("runtime/defs_linux_arm64.go:16 ..."), or the table's name.
func lineOf(where string) string {
	if f := strings.Fields(where); len(f) > 0 && strings.Count(f[0], ":") == 1 {
		return strings.TrimSuffix(f[0], ";")
	}
	return "xaddref-conventions.go:1"
}

package osconv

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// Derive reads the tree at root (a GOROOT) and returns its table: every
// port of the tree (tree.Ports) with the facts derived from its files.
// Measure adds what runs on the machine.
func Derive(root, profile string) (*Table, error) {
	targets, _, err := tree.Load(root).Ports()
	if err != nil {
		return nil, err
	}
	return DerivePorts(root, profile, targets)
}

// DerivePorts is Derive for the ports given, reading src/runtime alone.
func DerivePorts(root, profile string, targets []era.Port) (*Table, error) {
	src := tree.Load(root)
	if !src.HasPackage("runtime") {
		return nil, fmt.Errorf("the tree at %s has no src/runtime", root)
	}
	t := &Table{Profile: profile, Tree: root}
	for _, tg := range targets {
		p := &Port{GOOS: tg.GOOS, GOARCH: tg.GOARCH}
		v, err := view(src, tg)
		if err == nil {
			err = v.derive(p)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p.Name(), err)
		}
		t.Ports = append(t.Ports, p)
	}
	t.sort()
	return t, nil
}

// A portView is what the derivation reads of one port: its files of
// src/runtime, as go/build selects them, and its declarations,
// type-checked (tree.Source parses and checks each once per process).
type portView struct {
	src   *tree.Source
	port  era.Port
	decls *tree.Checked
	goSrc []*tree.File
	asm   []*tree.AsmFile
}

func view(src *tree.Source, t era.Port) (*portView, error) {
	files, err := src.Files(t, "runtime")
	if err != nil {
		return nil, err
	}
	decls, err := src.CheckDecls(t)
	if err != nil {
		return nil, err
	}
	v := &portView{src: src, port: t, decls: decls}
	for _, f := range files {
		if f.Go != nil {
			v.goSrc = append(v.goSrc, f)
		} else if f.Asm != nil {
			v.asm = append(v.asm, f.Asm)
		}
	}
	return v, nil
}

func (v *portView) derive(p *Port) error {
	if err := v.constants(p); err != nil {
		return err
	}
	return v.failures(p)
}

// constants are the port's values of Constants, as go/types evaluates
// them over the declarations of the files built for the port, with the
// port's sizes; a constant the port does not declare is left out.
func (v *portView) constants(p *Port) error {
	for _, name := range Constants {
		c, ok := v.decls.Pkg.Scope().Lookup(name).(*types.Const)
		if !ok || c.Val().Kind() != constant.Int {
			continue
		}
		val, ok := constant.Uint64Val(c.Val())
		if !ok {
			return fmt.Errorf("%s = %s does not fit 64 bits", name, c.Val())
		}
		p.set(Fact{Name: name, Value: fmt.Sprintf("0x%x", val), How: derived, Where: v.where(c.Pos())})
	}
	return nil
}

// where is a position as the table gives it: runtime/file.go:line.
func (v *portView) where(pos token.Pos) string {
	file, line := v.decls.Position(pos)
	return fmt.Sprintf("runtime/%s:%d", file, line)
}

// siblings are the assembly files of the other ports of the port's GOOS
// (named _<goos>_), by name: where the port's own wrappers show nothing of
// the kernel's convention, theirs do.
func (v *portView) siblings() ([]*tree.AsmFile, error) {
	ports, _, err := v.src.Ports()
	if err != nil {
		return nil, err
	}
	own := map[string]bool{}
	for _, a := range v.asm {
		own[a.Src.Name] = true
	}
	byName := map[string]*tree.AsmFile{}
	for _, q := range ports {
		if q.GOOS != v.port.GOOS || q == v.port {
			continue
		}
		files, err := v.src.Files(q, "runtime")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.Asm != nil && !own[f.Name] && strings.Contains(f.Name, "_"+v.port.GOOS+"_") {
				byName[f.Name] = f.Asm
			}
		}
	}
	var out []*tree.AsmFile
	for _, a := range byName {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Src.Name < out[j].Src.Name })
	return out, nil
}

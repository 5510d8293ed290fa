package osconv

import (
	"fmt"
	"go/ast"
	"strings"
)

// failures derives how mmap, munmap and, where mem_linux.go probes with it,
// mincore report a failure to the runtime.
func (v *portView) failures(p *Port) error {
	if err := v.mmapFailure(p); err != nil {
		return err
	}
	v.munmapFailure(p)
	// mincore, where mem_linux.go probes the address space with it
	// (6ad33be tests its result against -_ENOMEM).
	if !v.calls("mem_linux.go", "mincore") {
		return nil
	}
	if t := v.textOf("mincore"); t != nil {
		f, err := v.wrapper(t)
		if err != nil {
			return err
		}
		f.Name = MincoreFailure
		p.set(f)
	}
	return nil
}

// mmapFailure: Go 1.19's mmap returns the errno apart; solaris's is Go
// code that returns libc's result; elsewhere it is an assembly wrapper.
func (v *portView) mmapFailure(p *Port) error {
	fd, file := v.goFunc("mmap")
	switch {
	case fd != nil && fd.Type.Results != nil && fd.Type.Results.NumFields() == 2:
		p.set(Fact{Name: MmapFailure, Value: pair, How: derived,
			Where: v.where(fd.Pos()) + " returns (p unsafe.Pointer, err int)"})
	case fd != nil && fd.Body != nil:
		if !callsLibc(fd) {
			return fmt.Errorf("runtime/%s: mmap is Go code that calls no C library function: how it fails is not known", file)
		}
		p.set(Fact{Name: MmapFailure, Value: allOnes, How: derived,
			Where: v.where(fd.Body.Pos()) + " returns the C library's mmap result, MAP_FAILED ((void *)-1) on a failure"})
	default:
		t := v.textOf("mmap")
		if t == nil {
			return nil
		}
		f, err := v.wrapper(t)
		if err != nil {
			return err
		}
		f.Name = MmapFailure
		p.set(f)
	}
	return nil
}

// munmapFailure: an assembly munmap that faults on a failure crashes;
// a Go munmap drops the result, or crashes where it calls an assembly
// function that faults.
func (v *portView) munmapFailure(p *Port) {
	if t := v.textOf("munmap"); t != nil {
		f := Fact{Name: MunmapFailure, Value: ignored, How: derived, Where: at(t.File, t.Line) + " does not test the result"}
		if line := faultAt(t); line > 0 {
			f.Value, f.Where = crash, at(t.File, line)+" faults on a failure"
		}
		p.set(f)
		return
	}
	fd, file := v.goFunc("munmap")
	if fd == nil || fd.Body == nil {
		return
	}
	f := Fact{Name: MunmapFailure, Value: ignored, How: derived, Where: v.where(fd.Body.Pos()) + " drops the result"}
	if len(fd.Body.List) == 0 {
		f.Where = v.where(fd.Body.Pos()) + " is empty"
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || f.Value == crash || !strings.Contains(strings.ToLower(id.Name), "munmap") {
			return true
		}
		if t := v.textOf(id.Name); t != nil {
			if line := faultAt(t); line > 0 {
				f.Value, f.Where = crash, at(t.File, line)+" faults on a failure ("+file+"'s munmap calls it)"
			}
		}
		return true
	})
	p.set(f)
}

// callsLibc: the Go function calls a C library function (sysvicall*,
// libcCall).
func callsLibc(fd *ast.FuncDecl) bool {
	return findCall(fd.Body, func(name string) bool { return strings.HasPrefix(name, "sysvicall") || name == "libcCall" })
}

// calls: file, if it is one of the port's, calls fn.
func (v *portView) calls(file, fn string) bool {
	for _, f := range v.goSrc {
		if f.Name == file {
			return findCall(f.Go.AST, func(name string) bool { return name == fn })
		}
	}
	return false
}

// findCall reports whether n calls a function named so that match holds.
func findCall(n ast.Node, match func(string) bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && match(id.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}

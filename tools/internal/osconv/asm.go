package osconv

import (
	"fmt"
	"go/ast"
	"regexp"
	"sort"
	"strings"
)

// How a wrapper's failure is derived: from its assembly (what it does
// after the system call), or from its Go body, and where the assembly hands
// the kernel's result on unchanged, from the kernel's convention, which the
// port's own wrappers show by how they test a result for an error.
var (
	syscallRE = regexp.MustCompile(`^\s*(SYSCALL|INT\s+\$0x80|SWI|SVC|NACL_SYSCALL|INVOKE_SYSCALL|CALL\s+\*runtime·_vdso)\b`)
	negateRE  = regexp.MustCompile(`^\s*(NEG[BWLQ]?\s|NOT[LQ]\s|RSB(\.\w+)?\s+\$0,)`)
	// A deliberate fault: a store to 0xf1, a store through a register
	// into itself (the register just zeroed, or the small negative errno),
	// a breakpoint, an undefined instruction, a call of notok.
	crashRE     = regexp.MustCompile(`^\s*(MOV\w*\s+\$0xf1,\s*0xf1|INT\s+\$3|BL(\.\w+)?\s+notok|UNDEF|WORD\s+\$0\b)`)
	selfStoreRE = regexp.MustCompile(`^\s*MOV\w*(\.\w+)?\s+(R\d+),\s*(0x[0-9a-f]+|\d+)?\((R\d+)\)`)
	// The kernel returns -errno: the wrappers compare with -4095.
	negErrRE = regexp.MustCompile(`^\s*(CMP[LQ]?\s+\w+,\s*\$(0xfffff001|0xfffffffffffff001|-4095)|CMN\s+\$4095,|CMP[LQ]?\s+\$-4095,|MOVW\s+\$0xfffff001,)`)
	// The kernel returns the errno, positive, with the carry flag set (the
	// BSDs, darwin) or the summary overflow bit (linux/ppc64x).
	carryRE = regexp.MustCompile(`^\s*(JAE|JCC|JCS|BCC|BCS|BVC|BVS|\w+\.(CS|CC))\b`)
)

// A block is an assembly function's text.
type block struct {
	file  string
	start int // the TEXT line, 1-based
	lines []string
}

func (b *block) where(i int) string { return fmt.Sprintf("runtime/%s:%d", b.file, b.start+i) }

// textOf finds TEXT runtime·sym(SB) in the port's assembly files.
func (d *deriver) textOf(sym string, asmFiles []string) (*block, error) {
	head := "TEXT runtime·" + sym + "(SB)"
	for _, f := range asmFiles {
		ls, err := d.lines(f)
		if err != nil {
			return nil, err
		}
		for i, l := range ls {
			if !strings.HasPrefix(strings.TrimSpace(l), head) {
				continue
			}
			b := &block{file: f, start: i + 1}
			// To the next function or data (a blank line may be inside).
			for j, m := range ls[i:] {
				t := strings.TrimSpace(m)
				if j > 0 && (strings.HasPrefix(t, "TEXT ") || strings.HasPrefix(t, "GLOBL ") ||
					strings.HasPrefix(t, "DATA ") || strings.HasPrefix(t, "#")) {
					break
				}
				b.lines = append(b.lines, m)
			}
			return b, nil
		}
	}
	return nil, nil
}

// goFunc finds the Go declaration of name in the port's files.
func (d *deriver) goFunc(name string, goFiles []string) (*ast.FuncDecl, string, error) {
	for _, n := range goFiles {
		f, err := d.parse(n)
		if err != nil {
			return nil, "", err
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return fd, n, nil
			}
		}
	}
	return nil, "", nil
}

// kernel is the port's kernel convention for a failed system call, with
// the line that shows it: a wrapper of the port testing a result for an
// error; where the port's own files have none, one of another port of its
// GOOS.
func (d *deriver) kernel(p *Port, asmFiles []string) (value, where string, err error) {
	look := func(files []string) (string, string, error) {
		sorted := append([]string{}, files...)
		sort.Strings(sorted)
		for _, f := range sorted {
			ls, err := d.lines(f)
			if err != nil {
				return "", "", err
			}
			after := false // just after a system call
			for i, l := range ls {
				switch {
				case syscallRE.MatchString(l):
					after = true
					continue
				case negErrRE.MatchString(l):
					return NegErrno, fmt.Sprintf("runtime/%s:%d tests a result against -4095", f, i+1), nil
				case after && carryRE.MatchString(l):
					return Errno, fmt.Sprintf("runtime/%s:%d tests the error flag after a system call", f, i+1), nil
				}
				after = false
			}
		}
		return "", "", nil
	}
	if v, w, err := look(asmFiles); v != "" || err != nil {
		return v, w, err
	}
	var siblings []string
	for _, f := range d.asm {
		if strings.Contains(f, "_"+p.GOOS+"_") && !contains(asmFiles, f) {
			siblings = append(siblings, f)
		}
	}
	if v, w, err := look(siblings); v != "" || err != nil {
		return v, w + " (another " + p.GOOS + " port: the kernel's convention)", err
	}
	return "", "", fmt.Errorf("no wrapper of %s shows how its kernel reports a failure", p.GOOS)
}

// failures derives how mmap, munmap and, where mem_linux.go probes with it,
// mincore report a failure to the runtime.
func (d *deriver) failures(p *Port, goFiles, asmFiles []string) error {
	// mmap
	fd, file, err := d.goFunc("mmap", goFiles)
	if err != nil {
		return err
	}
	b, err := d.textOf("mmap", asmFiles)
	if err != nil {
		return err
	}
	switch {
	case fd != nil && fd.Type.Results != nil && fd.Type.Results.NumFields() == 2:
		p.set(Fact{Name: MmapFailure, Value: Pair, How: Derived,
			Where: d.where(fd.Pos()) + " returns (p unsafe.Pointer, err int)"})
	case fd != nil && fd.Body != nil:
		if !callsLibc(fd) {
			return fmt.Errorf("runtime/%s: mmap is Go code that calls no C library function: how it fails is not known", file)
		}
		p.set(Fact{Name: MmapFailure, Value: AllOnes, How: Derived,
			Where: d.where(fd.Body.Pos()) + " returns the C library's mmap result, MAP_FAILED ((void *)-1) on a failure"})
	case b != nil:
		f, err := d.wrapper(p, b, asmFiles)
		if err != nil {
			return err
		}
		f.Name = MmapFailure
		p.set(f)
	}

	// munmap
	if b, err := d.textOf("munmap", asmFiles); err != nil {
		return err
	} else if b != nil {
		f := Fact{Name: MunmapFailure, Value: Ignored, How: Derived, Where: b.where(0) + " does not test the result"}
		for i, l := range b.lines {
			if faults(l) {
				f.Value, f.Where = Crash, b.where(i)+" faults on a failure"
				break
			}
		}
		p.set(f)
	} else if fd, file, err := d.goFunc("munmap", goFiles); err != nil {
		return err
	} else if fd != nil && fd.Body != nil {
		f := Fact{Name: MunmapFailure, Value: Ignored, How: Derived, Where: d.where(fd.Body.Pos()) + " drops the result"}
		if len(fd.Body.List) == 0 {
			f.Where = d.where(fd.Body.Pos()) + " is empty"
		}
		// A Go munmap that calls an assembly function: the failure is
		// that function's.
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || f.Value == Crash || !strings.Contains(strings.ToLower(id.Name), "munmap") {
				return true
			}
			if cb, _ := d.textOf(id.Name, asmFiles); cb != nil {
				for i, l := range cb.lines {
					if faults(l) {
						f.Value, f.Where = Crash, cb.where(i)+" faults on a failure ("+file+"'s munmap calls it)"
					}
				}
			}
			return true
		})
		p.set(f)
	}

	// mincore, where mem_linux.go probes the address space with it (6ad33be
	// tests its result against -_ENOMEM).
	if !d.uses(goFiles, "mem_linux.go", "mincore") {
		return nil
	}
	if b, err := d.textOf("mincore", asmFiles); err != nil {
		return err
	} else if b != nil {
		f, err := d.wrapper(p, b, asmFiles)
		if err != nil {
			return err
		}
		f.Name = MincoreFailure
		p.set(f)
	}
	return nil
}

// wrapper classifies an assembly wrapper's failure: the errno positive
// where it negates the kernel's result after the system call, else the
// kernel's own convention.
func (d *deriver) wrapper(p *Port, b *block, asmFiles []string) (Fact, error) {
	sys := -1
	for i, l := range b.lines {
		if syscallRE.MatchString(l) {
			sys = i
			break
		}
	}
	if sys < 0 {
		return Fact{}, fmt.Errorf("%s: no system call found in %s", b.where(0), strings.TrimSpace(b.lines[0]))
	}
	for i := sys + 1; i < len(b.lines); i++ {
		if negateRE.MatchString(b.lines[i]) {
			return Fact{Value: Errno, How: Derived, Where: b.where(i) + " negates the kernel's -errno"}, nil
		}
	}
	v, w, err := d.kernel(p, asmFiles)
	if err != nil {
		return Fact{}, err
	}
	return Fact{Value: v, How: Derived, Where: b.where(sys) + " hands the kernel's result on unchanged; " + w}, nil
}

// callsLibc: the Go function calls a C library function (sysvicall*,
// libcCall, asmcgocall).
func callsLibc(fd *ast.FuncDecl) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && (strings.HasPrefix(id.Name, "sysvicall") || id.Name == "libcCall") {
				found = true
			}
		}
		return !found
	})
	return found
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// uses: file, if it is one of the port's, calls fn.
func (d *deriver) uses(goFiles []string, file, fn string) bool {
	if !contains(goFiles, file) {
		return false
	}
	f, err := d.parse(file)
	if err != nil {
		return false
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == fn {
				found = true
			}
		}
		return !found
	})
	return found
}

// faults: the instruction is a deliberate fault.
func faults(l string) bool {
	if crashRE.MatchString(l) {
		return true
	}
	m := selfStoreRE.FindStringSubmatch(l)
	return m != nil && m[2] == m[4]
}

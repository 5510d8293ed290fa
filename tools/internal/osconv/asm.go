package osconv

import (
	"fmt"
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"xaddref/tools/internal/tree"
)

// How a wrapper's failure is derived: from its assembly (what it does
// after the system call), or from its Go body, and where the assembly hands
// the kernel's result on unchanged, from the kernel's convention, which the
// port's own wrappers show by how they test a result for an error. The
// expressions match an instruction as text (instruction).
var (
	syscallRE = regexp.MustCompile(`^(SYSCALL|INT\s+\$0x80|SWI|SVC|NACL_SYSCALL|INVOKE_SYSCALL|CALL\s+\*runtime·_vdso)\b`)
	negateRE  = regexp.MustCompile(`^(NEG[BWLQ]?\s|NOT[LQ]\s|RSB(\.\w+)?\s+\$0,)`)
	// A deliberate fault: a store to 0xf1, a store through a register
	// into itself (the register just zeroed, or the small negative errno),
	// a breakpoint, an undefined instruction, a call of notok.
	crashRE     = regexp.MustCompile(`^(MOV\w*\s+\$0xf1,\s*0xf1|INT\s+\$3|BL(\.\w+)?\s+notok|UNDEF|WORD\s+\$0\b)`)
	selfStoreRE = regexp.MustCompile(`^MOV\w*(\.\w+)?\s+(R\d+),\s*(0x[0-9a-f]+|\d+)?\((R\d+)\)`)
	// The kernel returns -errno: the wrappers compare with -4095.
	negErrRE = regexp.MustCompile(`^(CMP[LQ]?\s+\w+,\s*\$(0xfffff001|0xfffffffffffff001|-4095)|CMN\s+\$4095,|CMP[LQ]?\s+\$-4095,|MOVW\s+\$0xfffff001,)`)
	// The kernel returns the errno, positive, with the carry flag set (the
	// BSDs, darwin) or the summary overflow bit (linux/ppc64x).
	carryRE = regexp.MustCompile(`^(JAE|JCC|JCS|BCC|BCS|BVC|BVS|\w+\.(CS|CC))\b`)
)

// instruction is an instruction as the expressions above read it: its
// opcode and its operands, comma-separated (tree.AsmLine has them apart;
// the expressions were written for the line as the file has it).
func instruction(l tree.AsmLine) string {
	if len(l.Args) == 0 {
		return l.Op
	}
	return l.Op + " " + strings.Join(l.Args, ", ")
}

// at is a line of an assembly file as the table gives it.
func at(a *tree.AsmFile, line int) string { return fmt.Sprintf("runtime/%s:%d", a.Src.Name, line) }

// textOf finds TEXT runtime·sym(SB) in the port's assembly files.
func (v *portView) textOf(sym string) *tree.AsmText {
	for _, a := range v.asm {
		for _, t := range a.Texts {
			if t.Raw == "runtime·"+sym {
				return t
			}
		}
	}
	return nil
}

// goFunc is the port's Go declaration of the function name, and its file.
func (v *portView) goFunc(name string) (*ast.FuncDecl, string) {
	obj, ok := v.decls.Pkg.Scope().Lookup(name).(*types.Func)
	if !ok {
		return nil, ""
	}
	d := v.decls.DeclOf(obj)
	if d == nil || d.Func == nil {
		return nil, ""
	}
	file, _ := v.decls.Position(d.Func.Pos())
	return d.Func, file
}

// kernel is the port's kernel convention for a failed system call, with
// the line that shows it: a wrapper of the port testing a result for an
// error; where the port's own files have none, one of another port of its
// GOOS.
func (v *portView) kernel() (value, where string, err error) {
	if val, w := kernelShown(v.asm); val != "" {
		return val, w, nil
	}
	siblings, err := v.siblings()
	if err != nil {
		return "", "", err
	}
	if val, w := kernelShown(siblings); val != "" {
		return val, w + " (another " + v.port.GOOS + " port: the kernel's convention)", nil
	}
	return "", "", fmt.Errorf("no wrapper of %s shows how its kernel reports a failure", v.port.GOOS)
}

// kernelShown is the first test of a system call's result in files: a
// comparison with -4095 anywhere, or a test of the error flag just after a
// system call.
func kernelShown(files []*tree.AsmFile) (value, where string) {
	for _, a := range files {
		for _, t := range a.Texts {
			after := false // just after a system call
			for _, l := range t.Body {
				in := instruction(l)
				switch {
				case syscallRE.MatchString(in):
					after = true
					continue
				case negErrRE.MatchString(in):
					return NegErrno, at(a, l.Line) + " tests a result against -4095"
				case after && carryRE.MatchString(in):
					return Errno, at(a, l.Line) + " tests the error flag after a system call"
				}
				after = false
			}
		}
	}
	return "", ""
}

// wrapper classifies an assembly wrapper's failure: the errno positive
// where it negates the kernel's result after the system call, else the
// kernel's own convention.
func (v *portView) wrapper(t *tree.AsmText) (Fact, error) {
	sys := -1
	for i, l := range t.Body {
		if syscallRE.MatchString(instruction(l)) {
			sys = i
			break
		}
	}
	if sys < 0 {
		return Fact{}, fmt.Errorf("%s: no system call found in TEXT %s(SB)", at(t.File, t.Line), t.Raw)
	}
	for _, l := range t.Body[sys+1:] {
		if negateRE.MatchString(instruction(l)) {
			return Fact{Value: Errno, How: derived, Where: at(t.File, l.Line) + " negates the kernel's -errno"}, nil
		}
	}
	val, w, err := v.kernel()
	if err != nil {
		return Fact{}, err
	}
	return Fact{Value: val, How: derived, Where: at(t.File, t.Body[sys].Line) + " hands the kernel's result on unchanged; " + w}, nil
}

// faultAt is the line of t's first deliberate fault, 0 if none.
func faultAt(t *tree.AsmText) int {
	for _, l := range t.Body {
		in := instruction(l)
		if crashRE.MatchString(in) {
			return l.Line
		}
		if m := selfStoreRE.FindStringSubmatch(in); m != nil && m[2] == m[4] {
			return l.Line
		}
	}
	return 0
}

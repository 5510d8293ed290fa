package callgraph

import (
	"fmt"
	"regexp"
	"strings"

	"xaddref/tools/internal/tree"
)

var (
	// A g field through a register: g_m(AX), (g_stack+stack_lo)(SI),
	// g_stackguard0(g).
	gFieldRE = regexp.MustCompile(`\(?\bg_([a-z_0-9]+)(?:\+\w+)?\)?\(([A-Za-z0-9_]+)\)`)
	// Branch instructions whose last operand may name a function.
	branchRE = regexp.MustCompile(`^(CALL|JMP|B|BL|BR|JAL|J[A-Z]{1,4}|B[A-Z]{2,4}|B\.[A-Z]{2}|CBN?ZW?|TBN?Z)$`)
	// x86's g slot in thread-local storage: g(CX).
	tlsGRE = regexp.MustCompile(`^g\((\w+)\)$`)
)

// analyzeAsm reads a TEXT: its NOSPLIT flag (by its value in the tree's
// textflag.h) or the assembler's leaf rule, its reads of g fields outside
// a nil check of g, and its branches to symbols.
func (g *Graph) analyzeAsm(f *Func) {
	tx := f.Asm
	v, unknown := tree.EvalFlags(tx.Flags, g.flags)
	ns := g.flags["NOSPLIT"]
	if ns == 0 {
		ns = 4
	}
	f.nosplit = v&ns != 0
	if !f.nosplit {
		hasCall := false
		for _, ln := range tx.Body {
			hasCall = hasCall || ln.Op == "CALL" || ln.Op == "BL" || ln.Op == "JAL"
		}
		if f.nosplit = g.leafNosplit(tx.Frame, hasCall); !f.nosplit {
			f.notNosplit = "TEXT without NOSPLIT"
			if len(unknown) > 0 {
				f.notNosplit += " (unknown flags " + strings.Join(unknown, ",") + ")"
			}
		}
	}
	file := tx.File.Src.Name
	guarded := gGuarded(tx)
	for i, ln := range tx.Body {
		for _, a := range ln.Args {
			for _, m := range gFieldRE.FindAllStringSubmatch(a, -1) {
				if guarded[i] == "" && f.needsG == "" {
					f.needsG = fmt.Sprintf("reads g_%s(%s) (%s:%d)", m[1], m[2], file, ln.Line)
				}
			}
		}
		if !branchRE.MatchString(ln.Op) || len(ln.Args) == 0 {
			continue
		}
		last := ln.Args[len(ln.Args)-1]
		if raw, ok := tree.SymbolOperand(last); ok && !strings.HasPrefix(last, "$") {
			if to := g.syms[tree.AsmSymbol(raw, f.pkg.path, file)]; to != nil {
				e := &Edge{To: to, Kind: Call, Pos: Pos{file: file, line: ln.Line}}
				if guarded[i] != "" {
					e.WithG = "only when g is not nil (checked at " + guarded[i] + ")"
				}
				// 386's Xadd64 calls panicUnaligned on a misaligned
				// address: the program ends there.
				if g.terminates(to) {
					e.Ends = fmt.Sprintf("%s (%s:%d) does not return", to.Name, file, ln.Line)
				}
				f.edges = append(f.edges, e)
			}
		}
	}
}

// leafRules: where the assembler leaves out the stack check of a function
// with no NOSPLIT mark that makes no call (cmd/internal/obj/*): "small"
// when its frame is under StackSmall (128 bytes), "noframe" when it has no
// frame. The 2015 assemblers did so on amd64 and amd64p32 (x86/obj6.go,
// 64-bit mode) and arm (arm/obj5.go); Go 1.19's on amd64, arm64, ppc64
// and s390x (small) and arm, mips and loong64 (no frame). 386, riscv64 and
// wasm always check.
var leafRules = map[bool]map[string]string{
	false: {"amd64": "small", "amd64p32": "small", "arm": "noframe"},
	true: {"amd64": "small", "arm64": "small", "ppc64": "small", "ppc64le": "small", "s390x": "small",
		"arm": "noframe", "mips": "noframe", "mipsle": "noframe", "mips64": "noframe", "mips64le": "noframe", "loong64": "noframe"},
}

// leafNosplit: the assembler leaves out the stack check of a function
// with no NOSPLIT mark, this frame and these calls.
func (g *Graph) leafNosplit(frame int64, hasCall bool) bool {
	if hasCall {
		return false
	}
	switch leafRules[g.src.Modern()][g.port.GOARCH] {
	case "small":
		return frame < 128
	case "noframe":
		return frame <= 0
	}
	return false
}

// gGuarded marks the instructions that run only when g is not nil: those
// between a nil check of a register and the label its branch-if-nil goes
// to, when that register is used as g in between (a g field read through
// it, or it is installed as g). It returns, for each guarded instruction,
// where the check is.
func gGuarded(tx *tree.AsmText) []string {
	out := make([]string, len(tx.Body))
	for i := range tx.Body {
		reg, label := nilCheck(tx, i)
		if reg == "" || label == "" {
			continue
		}
		end, ok := tx.Labels[label]
		if !ok || end <= i || !usedAsG(tx.Body[i+1:end], reg) && reg != "g" {
			continue
		}
		where := fmt.Sprintf("%s:%d", tx.File.Src.Name, tx.Body[i].Line)
		for k := i + 1; k < end; k++ {
			if out[k] == "" {
				out[k] = where
			}
		}
	}
	return out
}

// nilCheck: instruction i branches to label when reg is zero (CBZ R1,
// label; BEQ ZERO, T0, label; CMPQ DI, $0 then JEQ label; TESTQ AX, AX
// then JEQ label).
func nilCheck(tx *tree.AsmText, i int) (reg, label string) {
	ln := tx.Body[i]
	switch {
	case (ln.Op == "CBZ" || ln.Op == "BEQ" || ln.Op == "BEQZ") && len(ln.Args) == 2:
		return ln.Args[0], ln.Args[1]
	case (ln.Op == "BEQ" || ln.Op == "CMPBEQ" || ln.Op == "CMPUBEQ") && len(ln.Args) == 3:
		// BEQ ZERO, T0, nog (riscv64); CMPBEQ R7, $0, nog (s390x).
		switch {
		case isZeroOperand(ln.Args[0]):
			reg = ln.Args[1]
		case isZeroOperand(ln.Args[1]):
			reg = ln.Args[0]
		}
		return reg, ln.Args[2]
	case i+1 >= len(tx.Body) || len(ln.Args) != 2:
		return "", ""
	case strings.HasPrefix(ln.Op, "CMP"):
		if ln.Args[1] == "$0" {
			reg = ln.Args[0]
		} else if ln.Args[0] == "$0" {
			reg = ln.Args[1]
		}
	case strings.HasPrefix(ln.Op, "TEST") && ln.Args[0] == ln.Args[1]:
		reg = ln.Args[0]
	default:
		return "", ""
	}
	switch next := tx.Body[i+1]; next.Op {
	case "JEQ", "JE", "JZ", "BEQ", "B.EQ":
		if len(next.Args) == 1 {
			return reg, next.Args[0]
		}
	}
	return reg, ""
}

// usedAsG: the instructions read a g field through reg, or install reg
// as g.
func usedAsG(body []tree.AsmLine, reg string) bool {
	for _, in := range body {
		for _, a := range in.Args {
			for _, m := range gFieldRE.FindAllStringSubmatch(a, -1) {
				if m[2] == reg {
					return true
				}
			}
		}
		if strings.HasPrefix(in.Op, "MOV") && len(in.Args) == 2 && in.Args[0] == reg && (in.Args[1] == "g" || tlsGRE.MatchString(in.Args[1])) {
			return true
		}
	}
	return false
}

func isZeroOperand(a string) bool { return a == "ZERO" || a == "R0" || a == "$0" }

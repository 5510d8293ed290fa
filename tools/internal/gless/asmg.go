package gless

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
)

// gGuarded marks the instructions that run only when g is not nil: those
// between a nil check of a register and the label its branch-if-nil goes
// to, when that register is used as g in between (a g field read through
// it, or it is installed as g). It returns, for each guarded instruction,
// where the check is.
func gGuarded(tx *tree.AsmText) []string {
	out := make([]string, len(tx.Body))
	for i, ln := range tx.Body {
		reg, label := "", ""
		switch {
		case (ln.Op == "CBZ" || ln.Op == "BEQ" || ln.Op == "BEQZ") && len(ln.Args) == 2:
			reg, label = ln.Args[0], ln.Args[1]
		case (ln.Op == "BEQ" || ln.Op == "CMPBEQ" || ln.Op == "CMPUBEQ") && len(ln.Args) == 3:
			// BEQ ZERO, T0, nog (riscv64); CMPBEQ R7, $0, nog (s390x).
			switch {
			case isZeroOperand(ln.Args[0]):
				reg = ln.Args[1]
			case isZeroOperand(ln.Args[1]):
				reg = ln.Args[0]
			}
			label = ln.Args[2]
		case strings.HasPrefix(ln.Op, "CMP") && len(ln.Args) == 2 && i+1 < len(tx.Body):
			if ln.Args[1] == "$0" {
				reg = ln.Args[0]
			} else if ln.Args[0] == "$0" {
				reg = ln.Args[1]
			}
			fallthrough
		case strings.HasPrefix(ln.Op, "TEST") && len(ln.Args) == 2 && ln.Args[0] == ln.Args[1] && i+1 < len(tx.Body):
			if reg == "" && strings.HasPrefix(ln.Op, "TEST") {
				reg = ln.Args[0]
			}
			next := tx.Body[i+1]
			switch next.Op {
			case "JEQ", "JE", "JZ", "BEQ", "B.EQ":
				if len(next.Args) == 1 {
					label = next.Args[0]
				}
			}
		}
		if reg == "" || label == "" {
			continue
		}
		end, ok := tx.Labels[label]
		if !ok || end <= i {
			continue
		}
		gLike := false
		for _, in := range tx.Body[i+1 : end] {
			for _, a := range in.Args {
				for _, m := range gFieldRE.FindAllStringSubmatch(a, -1) {
					gLike = gLike || m[2] == reg
				}
			}
			if strings.HasPrefix(in.Op, "MOV") && len(in.Args) == 2 && in.Args[0] == reg && (in.Args[1] == "g" || tlsGRE.MatchString(in.Args[1])) {
				gLike = true
			}
		}
		if !gLike && reg != "g" {
			continue
		}
		where := fmt.Sprintf("%s:%d", tx.File.Src.Name, ln.Line)
		for k := i + 1; k < end; k++ {
			if out[k] == "" {
				out[k] = where
			}
		}
	}
	return out
}

func isZeroOperand(a string) bool { return a == "ZERO" || a == "R0" || a == "$0" }

package gless

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// asmFile is a parsed assembly file: its TEXT symbols and their bodies.
type asmFile struct {
	src   *srcFile
	texts []*asmText
	// refs: every line naming a symbol (SB), to find who refers to a
	// function (a CALL, or taking its address to call it later).
	refs []asmRef
}

type asmRef struct {
	raw  string
	line int
}

// asmText is one TEXT symbol.
type asmText struct {
	file  *asmFile
	raw   string // symbol as written: runtime·xadd64, ·f, f<>
	line  int
	flags string // flag expression as written ("" if none)
	frame int64  // frame size ($-4 on arm means no frame)
	body  []asmLine
	// labels: the index in body of the instruction each label marks.
	labels map[string]int
}

type asmLine struct {
	line int
	op   string
	args []string
}

// parseAsm reads TEXT blocks line by line. Preprocessor lines (#include,
// #define and their continuations) are skipped: calls hidden in macros
// are not seen.
func parseAsm(f *srcFile) *asmFile {
	a := &asmFile{src: f}
	var cur *asmText
	inDefine := false
	inComment := false
	for i, raw := range strings.Split(string(f.data), "\n") {
		n := i + 1
		line := raw
		if inDefine {
			inDefine = strings.HasSuffix(strings.TrimSpace(line), `\`)
			continue
		}
		line, inComment = stripAsmComments(line, inComment)
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "#") {
			inDefine = strings.HasSuffix(t, `\`)
			continue
		}
		for _, stmt := range strings.Split(t, ";") {
			stmt = strings.TrimSpace(stmt)
			// Labels: "name:" before an instruction or alone.
			for {
				m := labelRE.FindStringIndex(stmt)
				if m == nil {
					break
				}
				if cur != nil {
					cur.labels[stmt[:m[1]-1]] = len(cur.body)
				}
				stmt = strings.TrimSpace(stmt[m[1]:])
			}
			if stmt == "" {
				continue
			}
			op, rest := stmt, ""
			if k := strings.IndexAny(stmt, " \t"); k >= 0 {
				op, rest = stmt[:k], strings.TrimSpace(stmt[k:])
			}
			args := splitArgs(rest)
			for _, arg := range args {
				if m := symRE.FindStringSubmatch(arg); m != nil {
					a.refs = append(a.refs, asmRef{raw: m[1], line: n})
				}
			}
			if op == "TEXT" {
				cur = &asmText{file: a, line: n, labels: map[string]int{}}
				if len(args) > 0 {
					cur.raw = strings.TrimSuffix(strings.TrimSpace(args[0]), "(SB)")
				}
				switch len(args) {
				case 2:
					cur.frame = frameSize(args[1])
				case 3:
					cur.flags = strings.TrimSpace(args[1])
					cur.frame = frameSize(args[2])
				}
				a.texts = append(a.texts, cur)
				continue
			}
			if op == "DATA" || op == "GLOBL" {
				cur = nil
				continue
			}
			if cur != nil {
				cur.body = append(cur.body, asmLine{line: n, op: op, args: args})
			}
		}
	}
	return a
}

var (
	labelRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*:`)
	symRE   = regexp.MustCompile(`^\$?([^\s$()]+)\(SB\)$`)
	// A g field through a register: g_m(AX), (g_stack+stack_lo)(SI),
	// g_stackguard0(g).
	gFieldRE = regexp.MustCompile(`\(?\bg_([a-z_0-9]+)(?:\+\w+)?\)?\(([A-Za-z0-9_]+)\)`)
	// Branch instructions whose last operand may name a function.
	branchRE = regexp.MustCompile(`^(CALL|JMP|B|BL|BR|JAL|J[A-Z]{1,4}|B[A-Z]{2,4}|B\.[A-Z]{2}|CBN?ZW?|TBN?Z)$`)
)

func stripAsmComments(line string, inComment bool) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if inComment {
			if strings.HasPrefix(line[i:], "*/") {
				inComment = false
				i++
			}
			continue
		}
		if strings.HasPrefix(line[i:], "//") {
			break
		}
		if strings.HasPrefix(line[i:], "/*") {
			inComment = true
			i++
			continue
		}
		b.WriteByte(line[i])
	}
	return b.String(), inComment
}

// splitArgs splits operands at commas outside brackets.
func splitArgs(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

var frameRE = regexp.MustCompile(`^\$(-?\d+)`)

func frameSize(s string) int64 {
	m := frameRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseInt(m[1], 10, 64)
	return v
}

// evalFlags evaluates a TEXT flag expression such as NOSPLIT|NOFRAME or 7.
func evalFlags(expr string, defs map[string]int64) (int64, []string) {
	var v int64
	var unknown []string
	for _, tok := range strings.FieldsFunc(expr, func(r rune) bool { return r == '|' || r == '+' || r == ' ' || r == '(' || r == ')' }) {
		if n, err := strconv.ParseInt(tok, 0, 64); err == nil {
			v |= n
		} else if n, ok := defs[tok]; ok {
			v |= n
		} else {
			unknown = append(unknown, tok)
		}
	}
	return v, unknown
}

// asmSymbol turns a symbol as written in package pkg's file into the
// linker's name: runtime·f -> runtime.f, ·f -> pkg.f,
// runtime∕internal∕atomic·Xadd -> runtime/internal/atomic.Xadd; f<> is
// static to its file; ABI selectors (<ABIInternal>) are dropped.
func asmSymbol(raw, pkg, file string) string {
	s := strings.TrimSuffix(raw, "(SB)")
	if i := strings.Index(s, "<ABI"); i >= 0 {
		s = s[:i]
	}
	static := strings.HasSuffix(s, "<>")
	s = strings.TrimSuffix(s, "<>")
	if i := strings.LastIndex(s, "·"); i >= 0 {
		p := strings.ReplaceAll(s[:i], "∕", "/")
		if p == "" {
			p = pkg
		}
		s = p + "." + s[i+len("·"):]
	}
	if static {
		s += "<>@" + file
	}
	return s
}

// gGuarded marks the instructions that run only when g is not nil: those
// between a nil check of a register and the label its branch-if-nil goes
// to, when that register is used as g in between (a g field read through
// it, or it is installed as g). It returns, for each guarded instruction,
// where the check is.
func (tx *asmText) gGuarded() []string {
	out := make([]string, len(tx.body))
	for i, ln := range tx.body {
		reg, label := "", ""
		switch {
		case (ln.op == "CBZ" || ln.op == "BEQ" || ln.op == "BEQZ") && len(ln.args) == 2:
			reg, label = ln.args[0], ln.args[1]
		case (ln.op == "BEQ" || ln.op == "CMPBEQ" || ln.op == "CMPUBEQ") && len(ln.args) == 3:
			// BEQ ZERO, T0, nog (riscv64); CMPBEQ R7, $0, nog (s390x).
			switch {
			case isZeroOperand(ln.args[0]):
				reg = ln.args[1]
			case isZeroOperand(ln.args[1]):
				reg = ln.args[0]
			}
			label = ln.args[2]
		case strings.HasPrefix(ln.op, "CMP") && len(ln.args) == 2 && i+1 < len(tx.body):
			if ln.args[1] == "$0" {
				reg = ln.args[0]
			} else if ln.args[0] == "$0" {
				reg = ln.args[1]
			}
			fallthrough
		case strings.HasPrefix(ln.op, "TEST") && len(ln.args) == 2 && ln.args[0] == ln.args[1] && i+1 < len(tx.body):
			if reg == "" && strings.HasPrefix(ln.op, "TEST") {
				reg = ln.args[0]
			}
			next := tx.body[i+1]
			switch next.op {
			case "JEQ", "JE", "JZ", "BEQ", "B.EQ":
				if len(next.args) == 1 {
					label = next.args[0]
				}
			}
		}
		if reg == "" || label == "" {
			continue
		}
		end, ok := tx.labels[label]
		if !ok || end <= i {
			continue
		}
		gLike := false
		for _, in := range tx.body[i+1 : end] {
			for _, a := range in.args {
				for _, m := range gFieldRE.FindAllStringSubmatch(a, -1) {
					gLike = gLike || m[2] == reg
				}
			}
			if strings.HasPrefix(in.op, "MOV") && len(in.args) == 2 && in.args[0] == reg && (in.args[1] == "g" || tlsGRE.MatchString(in.args[1])) {
				gLike = true
			}
		}
		if !gLike && reg != "g" {
			continue
		}
		where := fmt.Sprintf("%s:%d", tx.file.src.name, ln.line)
		for k := i + 1; k < end; k++ {
			if out[k] == "" {
				out[k] = where
			}
		}
	}
	return out
}

func isZeroOperand(a string) bool { return a == "ZERO" || a == "R0" || a == "$0" }

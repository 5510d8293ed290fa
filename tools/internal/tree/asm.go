package tree

import (
	"regexp"
	"strconv"
	"strings"
)

// AsmFile is a parsed assembly file: its TEXT symbols and their bodies.
type AsmFile struct {
	Src   *File
	Texts []*AsmText
	// Refs: every line naming a symbol (SB), to find who refers to a
	// function (a CALL, or taking its address to call it later).
	Refs []AsmRef
}

// AsmRef is an operand naming a symbol: symbol(SB), or $symbol(SB).
type AsmRef struct {
	Raw  string
	Line int
}

// AsmText is one TEXT symbol.
type AsmText struct {
	File  *AsmFile
	Raw   string // symbol as written: runtime·xadd64, ·f, f<>
	Line  int
	Flags string // flag expression as written ("" if none)
	Frame int64  // frame size ($-4 on arm means no frame)
	Body  []AsmLine
	// Labels: the index in Body of the instruction each label marks.
	Labels map[string]int
}

// AsmLine is one instruction: its line, opcode and operands.
type AsmLine struct {
	Line int
	Op   string
	Args []string
}

// parseAsm reads TEXT blocks line by line. Preprocessor lines (#include,
// #define and their continuations) are skipped: calls hidden in macros
// are not seen.
func parseAsm(f *File) *AsmFile {
	a := &AsmFile{Src: f}
	var cur *AsmText
	inDefine := false
	inComment := false
	for i, raw := range strings.Split(string(f.Data), "\n") {
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
					cur.Labels[stmt[:m[1]-1]] = len(cur.Body)
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
				if raw, ok := SymbolOperand(arg); ok {
					a.Refs = append(a.Refs, AsmRef{Raw: raw, Line: n})
				}
			}
			if op == "TEXT" {
				cur = &AsmText{File: a, Line: n, Labels: map[string]int{}}
				if len(args) > 0 {
					cur.Raw = strings.TrimSuffix(strings.TrimSpace(args[0]), "(SB)")
				}
				switch len(args) {
				case 2:
					cur.Frame = frameSize(args[1])
				case 3:
					cur.Flags = strings.TrimSpace(args[1])
					cur.Frame = frameSize(args[2])
				}
				a.Texts = append(a.Texts, cur)
				continue
			}
			if op == "DATA" || op == "GLOBL" {
				cur = nil
				continue
			}
			if cur != nil {
				cur.Body = append(cur.Body, AsmLine{Line: n, Op: op, Args: args})
			}
		}
	}
	return a
}

var (
	labelRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*:`)
	symRE   = regexp.MustCompile(`^\$?([^\s$()]+)\(SB\)$`)
)

// SymbolOperand returns the symbol an operand names: symbol(SB) or its
// address $symbol(SB).
func SymbolOperand(arg string) (string, bool) {
	m := symRE.FindStringSubmatch(arg)
	if m == nil {
		return "", false
	}
	return m[1], true
}

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

// EvalFlags evaluates a TEXT flag expression such as NOSPLIT|NOFRAME or 7.
func EvalFlags(expr string, defs map[string]int64) (int64, []string) {
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

// AsmSymbol turns a symbol as written in package pkg's file into the
// linker's name: runtime·f -> runtime.f, ·f -> pkg.f,
// runtime∕internal∕atomic·Xadd -> runtime/internal/atomic.Xadd; f<> is
// static to its file; ABI selectors (<ABIInternal>) are dropped.
func AsmSymbol(raw, pkg, file string) string {
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

package tree

import (
	"strings"
	"testing"
)

func TestAsmParts(t *testing.T) {
	syms := []struct{ raw, pkg, file, want string }{
		{"runtime·xadd64", "runtime", "a.s", "runtime.xadd64"},
		{"·xadd64", "runtime", "a.s", "runtime.xadd64"},
		{"·Xadd64", "runtime/internal/atomic", "a.s", "runtime/internal/atomic.Xadd64"},
		{"runtime∕internal∕atomic·Xadd64", "runtime", "a.s", "runtime/internal/atomic.Xadd64"},
		{"runtime·systemstack<ABIInternal>", "runtime", "a.s", "runtime.systemstack"},
		{"asmcgocall<>", "runtime", "asm_amd64.s", "asmcgocall<>@asm_amd64.s"},
		{"_rt0_amd64_linux", "runtime", "a.s", "_rt0_amd64_linux"},
	}
	for _, s := range syms {
		if got := AsmSymbol(s.raw, s.pkg, s.file); got != s.want {
			t.Errorf("AsmSymbol(%q) = %q, want %q", s.raw, got, s.want)
		}
	}
	defs := map[string]int64{"NOSPLIT": 4, "NOFRAME": 512, "DUPOK": 2}
	flags := []struct {
		expr    string
		nosplit bool
	}{{"NOSPLIT", true}, {"NOSPLIT|NOFRAME", true}, {"7", true}, {"3", false}, {"DUPOK", false}, {"", false}, {"0x4", true}}
	for _, f := range flags {
		v, _ := EvalFlags(f.expr, defs)
		if (v&4 != 0) != f.nosplit {
			t.Errorf("flags %q: nosplit %v, want %v", f.expr, v&4 != 0, f.nosplit)
		}
	}
	src := "#include \"textflag.h\"\n#define X(a) \\\n\tCALL runtime·hidden(SB)\n" +
		"TEXT ·f(SB),7,$0 // numeric flags\n\tMOVQ $runtime·g(SB), AX; CALL runtime·g(SB)\nloop: JMP loop\n" +
		"/* a\n comment */ TEXT runtime·h(SB), NOSPLIT, $-4-8\n\tB.EQ runtime·f(SB)\n"
	a := parseAsm(&File{Name: "x.s", Data: []byte(src)})
	if len(a.Texts) != 2 {
		t.Fatalf("%d TEXT symbols, want 2", len(a.Texts))
	}
	f, h := a.Texts[0], a.Texts[1]
	if f.Raw != "·f" || f.Flags != "7" || f.Frame != 0 || len(f.Body) != 3 || f.Labels["loop"] != 2 {
		t.Errorf("f: %+v", f)
	}
	if h.Raw != "runtime·h" || h.Frame != -4 || len(h.Body) != 1 || h.Body[0].Op != "B.EQ" {
		t.Errorf("h: %+v", h)
	}
	for _, ref := range a.Refs {
		if strings.Contains(ref.Raw, "hidden") {
			t.Errorf("a call inside a #define was read: %v", ref)
		}
	}
}

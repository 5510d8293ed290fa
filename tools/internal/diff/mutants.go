package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A mutant is a deliberately broken runtime, made by one textual edit of a
// scratch copy: the self-test runs the suite against it and expects a
// failure, since a differential test that cannot fail proves nothing.
type mutant struct {
	file     string // under src/runtime
	old, new string
}

var mutants = map[string]mutant{
	// Go 1.19 amd64: Xadduintptr adds only the low 32 bits. The fault goes
	// into the export, since Go 1.19's compiler replaces
	// atomic.Xadduintptr by an intrinsic (LOCK XADDQ), even where it is
	// taken as a function value, and never runs atomic_amd64.s's version.
	"go1.19-amd64-xadd32": {"export_test.go",
		"var Xadduintptr = atomic.Xadduintptr",
		"var Xadduintptr = func(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\treturn uintptr(atomic.Xadd((*uint32)(unsafe.Pointer(ptr)), int32(delta)))\n}"},
	// 6ad33be amd64: the same fault in the 2015 runtime.
	"6ad33be-amd64-xadd32": {"asm_amd64.s",
		"TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd64(SB)",
		"TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd(SB)"},
}

// MutantFor names the self-test's mutant of a profile.
func MutantFor(profile string) string { return profile + "-amd64-xadd32" }

func mutate(goroot, name string) error {
	if name == "" {
		return nil
	}
	m, ok := mutants[name]
	if !ok {
		return fmt.Errorf("no mutant %q", name)
	}
	path := filepath.Join(goroot, "src", "runtime", m.file)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), m.old) {
		return fmt.Errorf("mutant %s: %s does not contain the text it changes", name, m.file)
	}
	return os.WriteFile(path, []byte(strings.Replace(string(b), m.old, m.new, 1)), 0o644)
}

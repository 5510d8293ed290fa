package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"xaddref/tools/internal/kit"
)

// A mutant is a deliberately broken runtime, made by one textual edit of a
// scratch copy: the self-test runs the suite against each mutant of a
// profile and expects a failure, since a differential test that cannot fail
// proves nothing.
type mutant struct {
	profile  string
	file     string // under src/runtime
	old, new string
	// caughtBy are the checks meant to catch the mutant: each must fail
	// with operations that differ from the model.
	caughtBy []string
	// arches are where the self-test runs it (nil: amd64).
	arches []string
}

// Go 1.19's compiler replaces atomic.Xadduintptr by an intrinsic (LOCK
// XADDQ on amd64) even where it is taken as a function value, so the
// assembly version is never what the tests call: its faults go into the
// export that the tests do call.
var mutants = map[string]mutant{
	// Xadduintptr adds only the low 32 bits.
	"go1.19-xadd32": {profile: "go1.19", file: "export_test.go",
		old: "var Xadduintptr = atomic.Xadduintptr",
		new: "var Xadduintptr = func(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\treturn uintptr(atomic.Xadd((*uint32)(unsafe.Pointer(ptr)), int32(delta)))\n}",
		caughtBy: []string{"values", "layout"}},
	// Xadduintptr is a load and a store: right alone, wrong under contention.
	"go1.19-nonatomic": {profile: "go1.19", file: "export_test.go",
		old: "var Xadduintptr = atomic.Xadduintptr",
		new: "var Xadduintptr = func(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\tv := atomic.Loaduintptr(ptr) + delta\n\tatomic.Storeuintptr(ptr, v)\n\treturn v\n}",
		caughtBy: []string{"concurrent"},
		// 386 too: its threads run under qemu-i386 where the kernel
		// cannot start it, with the environment that needs.
		arches: []string{"amd64", "386"}},
	// The 2015 runtime's xadduintptr adds only the low 32 bits on amd64.
	"6ad33be-xadd32": {profile: "6ad33be", file: "asm_amd64.s",
		old:      "TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd64(SB)",
		new:      "TEXT runtime·xadduintptr(SB), NOSPLIT, $0-24\n\tJMP\truntime·xadd(SB)",
		caughtBy: []string{"values", "layout"}},
	// arm's xadduintptr returns 0 where the add carries out of bit 31.
	// (A mutant the runtime's own start survives: its stats never wrap,
	// where one returning the old value ends it at its first
	// mSysStatInc, before any check runs.)
	"6ad33be-arm-carry": {profile: "6ad33be", file: "atomic_arm.go",
		old: "//go:noescape\n//go:linkname xadduintptr runtime.xadd\nfunc xadduintptr(ptr *uintptr, delta uintptr) uintptr\n",
		new: "//go:nosplit\nfunc xadduintptr(ptr *uintptr, delta uintptr) uintptr {\n" +
			"\tv := xadd((*uint32)(unsafe.Pointer(ptr)), int32(delta))\n" +
			"\tif v < uint32(delta) {\n\t\treturn 0\n\t}\n\treturn uintptr(v)\n}\n",
		caughtBy: []string{"values", "layout"}, arches: []string{"arm"}},
	// arm64's and ppc64x's xadduintptr linked to the 32-bit xadd: the
	// 64-bit word's high half neither carries nor comes back.
	"6ad33be-arm64-xadd32": {profile: "6ad33be", file: "atomic_arm64.go",
		old:      "//go:linkname xadduintptr runtime.xadd64\n",
		new:      "//go:linkname xadduintptr runtime.xadd\n",
		caughtBy: []string{"values", "layout"}, arches: []string{"arm64"}},
	"6ad33be-ppc64x-xadd32": {profile: "6ad33be", file: "atomic_ppc64x.go",
		old:      "//go:linkname xadduintptr runtime.xadd64\n",
		new:      "//go:linkname xadduintptr runtime.xadd\n",
		caughtBy: []string{"values", "layout"}, arches: []string{"ppc64le", "ppc64"}},
	// mSysStatInc exits with status 3 on overflow.
	"6ad33be-stat-exit3": {profile: "6ad33be", file: "mstats.go",
		old:      "print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(2)",
		new:      "print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(3)",
		caughtBy: []string{"stat"},
		// 386 too: its children start under the emulator there.
		arches: []string{"amd64", "386"}},
	// mSysStatDec checks the new value, not the wrap below it.
	"6ad33be-stat-dec-check": {profile: "6ad33be", file: "mstats.go",
		old:      "uintptr(-int64(n))); val+n < n {",
		new:      "uintptr(-int64(n))); val < n {",
		caughtBy: []string{"stat"}},
}

// Mutants lists the mutants of a profile, by name.
func Mutants(profile string) []string {
	var names []string
	for name, m := range mutants {
		if m.profile == profile {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

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
	return kit.WriteFile(goroot, filepath.Join("src", "runtime", m.file), []byte(strings.Replace(string(b), m.old, m.new, 1)), 0o644)
}

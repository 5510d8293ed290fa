package variants

import (
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

// The tests compare on one architecture of each pointer size and byte order;
// `tools/xaddref variants` runs them all.
var testArches = []string{"386", "mips", "ppc64", "amd64", "wasm"}

var (
	modelOnce sync.Once
	model     *Model
	modelErr  error
)

// testModel builds //cref:variants once, or skips the test saying why.
func testModel(t *testing.T) *Model {
	t.Helper()
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): the C model cannot be built")
	}
	modelOnce.Do(func() { model, modelErr = BuildModel() })
	if modelErr != nil {
		t.Fatal(modelErr)
	}
	return model
}

// copyRuntime copies the top-level files of tree's src/runtime (all the
// series touches), and the dist's list of ports (the conventions table has
// a row per port), into a new temporary tree and returns its top.
func copyRuntime(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	// Each copy is a tree of its own: its parses and checks (tree.Source)
	// go with it.
	t.Cleanup(func() { tree.Forget(dst) })
	if err := kit.CopyFile(filepath.Join(root, "src", "cmd", "dist", "build.go"), dst, filepath.Join("src", "cmd", "dist", "build.go"), 0o644); err != nil {
		t.Fatal(err)
	}
	from, to := filepath.Join(root, "src", "runtime"), filepath.Join(dst, "src", "runtime")
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// edit replaces the one occurrence of old in the tree's runtime file.
func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, "src", "runtime", file)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", file, old, n)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func go119Tree(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(kit.Go119Root, "src", "runtime", "mem.go")); err != nil {
		t.Skipf("Debian's Go 1.19 source is missing (%v): install golang-1.19-src", err)
	}
	return copyRuntime(t, kit.Go119Root)
}

// histTree is a scratch copy of $XADDREF_GO_TREE's runtime with the series
// applied, or a skip saying why there is none.
func histTree(t *testing.T) string {
	t.Helper()
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" {
		t.Skip("XADDREF_GO_TREE is not set: give the historical tree (8566979972, with or without the series) to run the 6ad33be cases")
	}
	dir := copyRuntime(t, src)
	ok, err := patched(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		s, err := series.Load(kit.Root(), "6ad33be")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(dir); err != nil {
			t.Fatalf("applying the series to a copy of %s: %v", src, err)
		}
	}
	return dir
}

func check(t *testing.T, dir, profile string) *Result {
	t.Helper()
	prof, err := ProfileNamed(profile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(dir, prof, Options{model: testModel(t), arches: testArches, Seed: kittest.Seed(t), Random: 50})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestUnchangedTreesMatch: the trees' own variants agree with the model in
// every scenario, and every variant and function ran.
func TestUnchangedTreesMatch(t *testing.T) {
	for _, tc := range []struct {
		profile string
		tree    func(*testing.T) string
		funcs   map[string][]string
		goos    map[string]string
	}{
		{"go1.19", go119Tree, map[string][]string{
			"aix":     {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"bsd":     {"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"},
			"darwin":  {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"js":      {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"linux":   {"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"},
			"plan9":   {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"windows": {"sysAlloc", "sysFree", "sysMap", "persistentalloc"}},
			map[string]string{"aix": "aix", "bsd": "dragonfly,freebsd,illumos,netbsd,openbsd,solaris",
				"darwin": "darwin,ios", "js": "js", "linux": "android,linux"}},
		{"6ad33be", histTree, map[string][]string{
			"bsd":     {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"darwin":  {"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"},
			"linux":   {"sysAlloc", "sysFree", "sysMap", "persistentalloc", "newosproc0"},
			"plan9":   {"sysAlloc", "sysFree", "sysMap", "persistentalloc"},
			"windows": {"sysAlloc", "sysFree", "sysMap", "persistentalloc"}},
			map[string]string{"bsd": "dragonfly,freebsd,nacl,netbsd,openbsd,solaris", "linux": "android,linux"}},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			res := check(t, tc.tree(t), tc.profile)
			if len(res.Variants) != len(tc.funcs) {
				t.Fatalf("%d variants, want %d", len(res.Variants), len(tc.funcs))
			}
			for _, vr := range res.Variants {
				for _, d := range vr.Diffs {
					t.Error(d.Describe())
				}
				for _, f := range tc.funcs[vr.Variant] {
					if vr.funcs[f] == 0 {
						t.Errorf("mem_%s.go: no %s scenario ran", vr.Variant, f)
					}
				}
				if len(vr.funcs) != len(tc.funcs[vr.Variant]) {
					t.Errorf("mem_%s.go: functions %v, want %v", vr.Variant, vr.funcs, tc.funcs[vr.Variant])
				}
				// Every GOOS that builds the file, those that take it from
				// another's name or tag too.
				if want := tc.goos[vr.Variant]; want != "" && strings.Join(vr.goos, ",") != want {
					t.Errorf("mem_%s.go for %s, want %s", vr.Variant, strings.Join(vr.goos, ","), want)
				}
				t.Logf("mem_%s.go (%s): %s", vr.Variant, strings.Join(vr.ports, ","), vr.figures())
			}
		})
	}
}

type mutation struct {
	name           string
	file, old, new string
	variant, fn    string // a difference must name this variant and function
}

// The accounting of each variant, changed: every change must make the
// comparison fail, naming the variant and a scenario. (Go 1.19 has no
// big-endian branch, its add being 64-bit everywhere; the 6ad33be set
// changes that branch.)
var go119Mutations = []mutation{
	{"charge after the OS call", "mem.go",
		"\tsysStat.add(int64(n))\n\tgcController.mappedReady.Add(int64(n))\n\treturn sysAllocOS(n)\n",
		"\tp := sysAllocOS(n)\n\tsysStat.add(int64(n))\n\tgcController.mappedReady.Add(int64(n))\n\treturn p\n",
		"linux", "sysAlloc"},
	{"charge only on success", "mem.go",
		"\tsysStat.add(int64(n))\n\tgcController.mappedReady.Add(int64(n))\n\treturn sysAllocOS(n)\n",
		"\tp := sysAllocOS(n)\n\tif p != nil {\n\t\tsysStat.add(int64(n))\n\t\tgcController.mappedReady.Add(int64(n))\n\t}\n\treturn p\n",
		"darwin", "sysAlloc"},
	{"missing uncharge", "mem.go", "\tsysStat.add(-int64(n))\n", "", "windows", "sysFree"},
	{"a wrong stat", "mem.go", "\tsysStat.add(int64(n))\n\tsysMapOS(v, n)\n",
		"\tmemstats.other_sys.add(int64(n))\n\tsysMapOS(v, n)\n", "plan9", "sysMap"},
	{"mappedReady not kept", "mem.go", "\tgcController.mappedReady.Add(-int64(n))\n\tsysFreeOS(v, n)\n",
		"\tsysFreeOS(v, n)\n", "bsd", "sysFree"},
	{"a changed overflow check", "mstats.go", "(n > 0 && int64(val) < n)", "(n > 0 && int64(val) <= n)",
		"linux", "sysMap"},
	{"a changed exit status", "mem_linux.go",
		"print(\"runtime: mmap: access denied\\n\")\n\t\t\texit(2)",
		"print(\"runtime: mmap: access denied\\n\")\n\t\t\texit(3)", "linux", "sysAlloc"},
	{"a changed failure check", "mem_windows.go",
		"\tr := stdcall3(_VirtualFree, uintptr(v), 0, _MEM_RELEASE)\n\tif r == 0 {",
		"\tr := stdcall3(_VirtualFree, uintptr(v), 0, _MEM_RELEASE)\n\tif r == 1 {", "windows", "sysFree"},
	{"solaris's EAGAIN dropped", "mem_bsd.go",
		" || ((GOOS == \"solaris\" || GOOS == \"illumos\") && err == _sunosEAGAIN)", "", "bsd", "sysMap"},
	{"the break not lowered", "mem_plan9.go", "\t\tbloc -= n\n", "", "plan9", "sysFree"},
	// The allocator under sysAllocOS and sysFreeOS runs as the tree's code.
	{"blocMax ignored", "mem_plan9.go", "\tif bl+n > blocMax {\n", "\tif true {\n", "plan9", "sysAlloc"},
	{"no merge with the next block", "mem_plan9.go",
		"\t\tbp.size += p.next.ptr().size\n\t\tbp.next = p.next.ptr().next\n\t\t*p.next.ptr() = memHdr{}\n",
		"\t\tbp.next = p.next\n", "plan9", "sysFree"},
	// illumos alone: it takes mem_bsd.go through its solaris tag.
	{"illumos's EAGAIN dropped", "mem_bsd.go",
		"((GOOS == \"solaris\" || GOOS == \"illumos\") && err == _sunosEAGAIN)",
		"(GOOS == \"solaris\" && err == _sunosEAGAIN)", "bsd", "sysMap"},
	{"aix: another errno for out of memory", "mem_aix.go", "\tif err == _ENOMEM {\n\t\tthrow(\"runtime: out of memory\")",
		"\tif err == _EAGAIN {\n\t\tthrow(\"runtime: out of memory\")", "aix", "sysMap"},
	{"aix: mapped read-only", "mem_aix.go", "mprotect(v, n, _PROT_READ|_PROT_WRITE)", "mprotect(v, n, _PROT_READ)",
		"aix", "sysMap"},
	{"js: no growth at the edge", "mem_js.go", "\tif current < needed {", "\tif current+1 < needed {", "js", "sysAlloc"},
	{"js: growth when none is needed", "mem_js.go", "\tif current < needed {", "\tif current <= needed {", "js", "sysAlloc"},
	{"js: the break not advanced", "mem_js.go", "\treserveEnd += alignUp(n, physPageSize)\n", "", "js", "sysAlloc"},
	{"persistentalloc: no transfer from other_sys", "malloc.go", "\t\tmemstats.other_sys.add(-int64(size))\n", "",
		"windows", "persistentalloc"},
	{"persistentalloc: a chunk linked to itself", "malloc.go",
		"*(*uintptr)(unsafe.Pointer(persistent.base)) = chunks",
		"*(*uintptr)(unsafe.Pointer(persistent.base)) = uintptr(unsafe.Pointer(persistent.base))",
		"darwin", "persistentalloc"},
	{"linux: newosproc0's stack charged to other_sys", "os_linux.go",
		"\tstack := sysAlloc(stacksize, &memstats.stacks_sys)", "\tstack := sysAlloc(stacksize, &memstats.other_sys)",
		"linux", "newosproc0"},
	{"freebsd: the signals not restored", "os_freebsd.go",
		"\tsigprocmask(_SIG_SETMASK, &oset, nil)\n\tif ret < 0 {\n\t\twrite(2,",
		"\tif ret < 0 {\n\t\twrite(2,", "bsd", "newosproc0"},
	{"freebsd: the stack's end as its base", "os_freebsd.go", "stack_base: uintptr(stack), //+stacksize?",
		"stack_base: uintptr(stack) + stacksize,", "bsd", "newosproc0"},
}

var histMutations = []mutation{
	{"a changed big-endian branch", "mstats.go",
		"\tif _BigEndian != 0 {\n\t\txadd64(sysStat, int64(n))",
		"\tif _BigEndian == 0 {\n\t\txadd64(sysStat, int64(n))", "linux", "sysAlloc"},
	// (linux: the 2015 tree's one big-endian port is linux/ppc64.)
	{"big-endian through xadduintptr", "mstats.go",
		"\tif _BigEndian != 0 {\n\t\txadd64(sysStat, -int64(n))\n\t\treturn\n\t}\n",
		"", "linux", "sysFree"},
	{"charge before the OS call", "mem_linux.go",
		"\tp := mmap(nil, n, _PROT_READ|_PROT_WRITE, _MAP_ANON|_MAP_PRIVATE, -1, 0)\n\tif uintptr(p) < 4096 {",
		"\tmSysStatInc(sysStat, n)\n\tp := mmap(nil, n, _PROT_READ|_PROT_WRITE, _MAP_ANON|_MAP_PRIVATE, -1, 0)\n\tif uintptr(p) < 4096 {",
		"linux", "sysAlloc"},
	{"charge on failure", "mem_bsd.go",
		"\tif uintptr(v) < 4096 {\n\t\treturn nil\n\t}\n\tmSysStatInc(sysStat, n)\n",
		"\tmSysStatInc(sysStat, n)\n\tif uintptr(v) < 4096 {\n\t\treturn nil\n\t}\n", "bsd", "sysAlloc"},
	{"missing uncharge", "mem_windows.go", "\tmSysStatDec(sysStat, n)\n\tr := stdcall3", "\tr := stdcall3",
		"windows", "sysFree"},
	{"a changed underflow check", "mstats.go", "val+n < n", "val < n", "plan9", "sysFree"},
	{"a changed exit status", "mstats.go",
		"print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(2)",
		"print(\"runtime: stat overflow: val \", val, \", n \", n, \"\\n\")\n\t\texit(1)", "darwin", "sysMap"},
	{"the stack charged to a dummy", "os1_linux.go",
		"\tstack := sysAlloc(stacksize, &memstats.stacks_sys)",
		"\tvar dummy uint64\n\tstack := sysAlloc(stacksize, &dummy)", "linux", "newosproc0"},
	{"no transfer to the caller's stat", "malloc.go",
		"\t\tmSysStatInc(sysStat, size)\n\t\tmSysStatDec(&memstats.other_sys, size)\n", "", "plan9", "persistentalloc"},
	// mmap_fixed and plan9's allocator run as the tree's code.
	{"mmap_fixed retries without MAP_FIXED", "mem_linux.go",
		"\t\tp = mmap(v, n, prot, flags|_MAP_FIXED, fd, offset)\n", "\t\tp = mmap(v, n, prot, flags, fd, offset)\n",
		"linux", "sysMap"},
	{"addrspace_free takes any error for unmapped", "mem_linux.go", "\t\tif errval != -_ENOMEM {\n",
		"\t\tif errval == 0 {\n", "linux", "sysMap"},
	{"memAlloc takes a block from its start", "mem_plan9.go",
		"\t\t\t\tp = (*memHdr)(add(unsafe.Pointer(p), p.size))\n", "", "plan9", "sysAlloc"},
	{"no merge with the previous block", "mem_plan9.go",
		"\tif uintptr(unsafe.Pointer(p))+p.size == bpn {\n", "\tif false {\n", "plan9", "sysFree"},
}

func TestMutationsFail(t *testing.T) {
	for _, set := range []struct {
		profile string
		tree    func(*testing.T) string
		muts    []mutation
	}{{"go1.19", go119Tree, go119Mutations}, {"6ad33be", histTree, histMutations}} {
		t.Run(set.profile, func(t *testing.T) {
			for _, m := range set.muts {
				t.Run(strings.ReplaceAll(m.name, " ", "_"), func(t *testing.T) {
					dir := set.tree(t)
					edit(t, dir, m.file, m.old, m.new)
					res := check(t, dir, set.profile)
					found := false
					for _, vr := range res.Variants {
						for _, d := range vr.Diffs {
							msg := d.Describe()
							if !strings.Contains(msg, "mem_"+vr.Variant+".go") || !strings.Contains(msg, "scenario:\n  id=") {
								t.Errorf("a difference that does not name its variant and scenario:\n%s", msg)
							}
						}
						if vr.Variant == m.variant {
							found = vr.diffFuncs[m.fn] > 0 && len(vr.Diffs) > 0
							if len(vr.Diffs) > 0 {
								t.Logf("mem_%s.go: %d scenarios differ (%v); the first:\n%s", vr.Variant, vr.NDiff, vr.diffFuncs, vr.Diffs[0].Describe())
							}
						}
					}
					if !found {
						t.Errorf("no difference in mem_%s.go's %s", m.variant, m.fn)
					}
					rows := res.Rows()
					failed := false
					for _, r := range rows {
						failed = failed || r.Status == "fail" && r.GOOS == m.variant
					}
					if !failed {
						t.Errorf("the report has no failing row for mem_%s.go", m.variant)
					}
				})
			}
		})
	}
}

// An identifier the harness does not know stops the extraction, naming it
// and its file; so does code that does not compile.
func TestUnknownIdentifierFails(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new string
		want                 []string
	}{
		{"in a variant", "mem_linux.go", "\tmunmap(v, n)\n", "\tmunmap(v, n)\n\tfrobnicate(v)\n",
			[]string{"frobnicate", "runtime/mem_linux.go", "sysFreeOS"}},
		{"in a shared file", "mstats.go", "\tval := atomic.Xadd64((*uint64)(s), n)\n",
			"\tval := atomic.Xadd64((*uint64)(s), n)\n\tunknownHook(val)\n",
			[]string{"unknownHook", "runtime/mstats.go"}},
		{"a runtime helper outside the stubs", "mem.go", "\tsysStat.add(int64(n))\n\tsysMapOS(v, n)\n",
			"\tsysStat.add(int64(n))\n\tif getg() != nil {\n\t\tsysMapOS(v, n)\n\t}\n",
			[]string{"getg", "runtime/mem.go"}},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := go119Tree(t)
			edit(t, dir, tc.file, tc.old, tc.new)
			prof, _ := ProfileNamed("go1.19")
			_, err := Check(dir, prof, Options{model: &Model{}, arches: testArches})
			var f *Failure
			if !errors.As(err, &f) {
				t.Fatalf("got %v, want a failure", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the failure does not name %s:\n%v", w, err)
				}
			}
		})
	}
	t.Run("a type error", func(t *testing.T) {
		dir := go119Tree(t)
		edit(t, dir, "mem_linux.go", "\tmunmap(v, n)\n", "\tmunmap(v, n)\n\tvar bad int = \"x\"\n\t_ = bad\n")
		prof, _ := ProfileNamed("go1.19")
		table, err := osconv.DerivePorts(dir, prof.Name, []era.Port{{GOOS: "linux", GOARCH: "amd64"}})
		if err != nil {
			t.Fatal(err)
		}
		ex, err := Extract(dir, prof, table)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ex.Build()
		if err == nil || !strings.Contains(err.Error(), "runtime/mem_linux.go:") {
			t.Fatalf("got %v, want a compile error at runtime/mem_linux.go", err)
		}
	})
}

// A mem_<os>.go the profile does not know stops the run, naming it: no
// variant is left out without a word.
func TestUnknownVariantFails(t *testing.T) {
	dir := go119Tree(t)
	src, err := os.ReadFile(filepath.Join(dir, "src", "runtime", "mem_js.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "runtime", "mem_zos.go"),
		[]byte(strings.Replace(string(src), "//go:build js && wasm", "//go:build zos", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	prof, _ := ProfileNamed("go1.19")
	_, err = Check(dir, prof, Options{model: &Model{}, arches: testArches})
	var f *Failure
	if !errors.As(err, &f) || !strings.Contains(err.Error(), "runtime/mem_zos.go") {
		t.Fatalf("got %v, want a failure naming runtime/mem_zos.go", err)
	}
}

// A 2015 tree without the series is refused unless --no-apply, and then
// differs from the model.
func TestUnpatchedTree(t *testing.T) {
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" {
		t.Skip("XADDREF_GO_TREE is not set: give the historical tree (8566979972) to run this test")
	}
	dir := copyRuntime(t, src)
	if ok, _ := patched(dir); ok {
		t.Skip("XADDREF_GO_TREE has the series applied; this test needs the base tree 8566979972")
	}
	prof, _ := ProfileNamed("6ad33be")
	_, err := Check(dir, prof, Options{model: testModel(t), arches: testArches})
	var f *Failure
	if !errors.As(err, &f) || !strings.Contains(err.Error(), "no mSysStatInc") {
		t.Fatalf("got %v, want the refusal of a tree without the series", err)
	}
	res, err := Check(dir, prof, Options{model: testModel(t), arches: testArches, NoApply: true, Random: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, vr := range res.Variants {
		if vr.NDiff == 0 {
			t.Errorf("mem_%s.go of the base tree agrees with the 6ad33be model", vr.Variant)
		}
	}
}

// A fake host for exploration: sysAlloc calls mmap, and on success clone.
func fakeRun(lines []string) ([]string, error) {
	var out []string
	for _, l := range lines {
		script := l[strings.Index(l, "script=")+len("script="):]
		t := "trace\ncall mmap v=0x0 -> 0x1000\n"
		if !strings.Contains(script, "mmap:") || strings.Contains(script, "mmap:ok") {
			t += "call clone -> 1\n"
		}
		out = append(out, t+"end\n")
	}
	return out, nil
}

func TestExplore(t *testing.T) {
	tg := target{variant: "linux", goos: "linux", fn: "newosproc0", arch: Arch{"amd64", 8, false}}
	got, err := explore("6ad33be", []target{tg}, fakeRun)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, s := range got[tg] {
		keys[scriptKey(s)] = true
	}
	// The OS succeeding, every other mmap result, and clone failing after
	// mmap succeeded: nothing else.
	want := map[string]bool{"": true, "mmap:ok,clone:-11": true}
	for _, c := range resultClasses["mmap"][1:] {
		want["mmap:"+c] = true
	}
	for w := range want {
		if !keys[w] {
			t.Errorf("script %q not explored", w)
		}
	}
	for k := range keys {
		if !want[k] {
			t.Errorf("script %q explored, which adds nothing", k)
		}
	}
}

// Scenarios next to the boundaries reach them, and random ones reproduce
// from their seed.
func TestGenerate(t *testing.T) {
	a32, a64 := Arch{"386", 4, false}, Arch{"amd64", 8, false}
	for _, tc := range []struct {
		a     Arch
		pairs [][2]uint64
	}{
		{a32, [][2]uint64{{0xfffff000, 0x1000}, {0xffffefff, 0x1000}, {0xfff, 0x1000}, {0x100000, 0x1000}, {1 << 32, 1}}},
		{a64, [][2]uint64{{1<<63 - 0x1000, 0x1000}, {1<<63 - 0x1001, 0x1000}, {^uint64(0), 1}, {0, 0x8000000000000000}}},
	} {
		have := map[[2]uint64]bool{}
		for _, p := range statPairs(tc.a) {
			have[p] = true
			if p[1] > tc.a.Mask() {
				t.Errorf("%s: n %#x does not fit a uintptr", tc.a.Name, p[1])
			}
		}
		for _, p := range tc.pairs {
			if !have[p] {
				t.Errorf("%s: no scenario with stat %#x, n %#x", tc.a.Name, p[0], p[1])
			}
		}
	}
	seed := kittest.Seed(t)
	var targets []target
	scripts := map[target][][]Step{}
	for _, a := range []Arch{a32, a64} {
		alloc := target{variant: "linux", goos: "linux", fn: "sysAlloc", arch: a, conv: "mmaperr=errno defs=-"}
		palloc := target{variant: "linux", goos: "linux", fn: "persistentalloc", arch: a, conv: "mmaperr=errno defs=-"}
		targets = append(targets, alloc, palloc)
		scripts[alloc], scripts[palloc] = [][]Step{nil, {{"mmap", "e12"}}}, [][]Step{nil}
	}
	gen := func() []string {
		var out []string
		for _, sc := range generate("6ad33be", targets, scripts, rand.New(rand.NewSource(seed)), 20) {
			if !strings.HasSuffix(sc.Line(), " mmaperr=errno defs=-") {
				t.Fatalf("a scenario without its port's conventions: %s", sc.Line())
			}
			out = append(out, sc.Line())
			for _, v := range []uint64{sc.N, sc.V, sc.Fresh, sc.Bloc, sc.Align, sc.PBase, sc.POff} {
				if v > sc.Arch.Mask() {
					t.Fatalf("a value does not fit %s: %s", sc.Arch.Name, sc.Line())
				}
			}
		}
		return out
	}
	first, second := gen(), gen()
	if strings.Join(first, "\n") != strings.Join(second, "\n") {
		t.Error("the same seed made different scenarios")
	}
}

package diff

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

func testRow(goarch string) func(check, status, figures, detail string, secs float64) report.Row {
	return func(check, status, figures, detail string, secs float64) report.Row {
		return report.Row{Check: check, GOOS: "linux", GOARCH: goarch, Status: status, Figures: figures, Detail: detail, Seconds: secs}
	}
}

// output is a 2015 amd64 run as the test binary prints it.
const output = `=== RUN   TestXadduintptr
--- PASS: TestXadduintptr (0.00s)
=== RUN   TestXadduintptrOnUint64
--- PASS: TestXadduintptrOnUint64 (0.00s)
=== RUN   TestXaddrefValues
XADDREF result check=values goarch=amd64 ops=1000 mismatches=0 seed=7
--- PASS: TestXaddrefValues (0.01s)
XADDREF result check=layout goarch=amd64 ops=200 mismatches=0 seed=7
XADDREF result check=concurrent goarch=amd64 ops=20 mismatches=0 seed=-7
XADDREF result check=stat goarch=amd64 ops=300 mismatches=0 seed=7
XADDREF result check=conventions goarch=amd64 ops=5 mismatches=0 seed=0
=== RUN   TestXaddrefReaders
XADDREF readers goarch=amd64 stack=8388608 thread=started parts=HeapSys,StackSys,MSpanSys,MCacheSys,BuckHashSys,GCSys,OtherSys sys=3148024,11536632 gap=0,8388608
--- PASS: TestXaddrefReaders (0.01s)
PASS
`

// plan2015 is the readers check's plan on the 2015 tree's amd64, as the
// kit predicts it there: newosproc0 adds its stack to Sys minus the parts.
var plan2015 = readersPlan{stack: 0x800000, pred: &callers.Prediction{
	Reader: "mstats.go:179 readmemstats_m", Verdict: "broken", Cells: []string{"stacks_sys"}, Gap: 0x800000, Host: 0x800000,
	Parts: []string{"HeapSys", "StackSys", "MSpanSys", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys"},
}}

func parse(t *testing.T, out string, err error) (outcome, map[string]report.Row) {
	t.Helper()
	a, _ := era.Go2015.Arch("amd64")
	res := parseResults(kit.Result{Output: out, Seconds: 2, Err: err}, "amd64", era.Go2015.Expected(a), testRow("amd64"), plan2015)
	rows := map[string]report.Row{}
	for _, r := range res.rows {
		rows[r.Check] = r
	}
	return res, rows
}

func TestParseAllExpected(t *testing.T) {
	res, rows := parse(t, output, nil)
	if len(res.rows) != 8 {
		t.Fatalf("%d rows, want 8: %+v", len(res.rows), res.rows)
	}
	for _, r := range res.rows {
		want := report.Pass
		if r.Check == readersRow {
			want = report.Finding
		}
		if r.Status != want {
			t.Errorf("%s: %s %s, want %s", r.Check, r.Status, r.Detail, want)
		}
	}
	if rows["diff values"].Figures != "1000 ops" || rows["diff concurrent"].Detail != "seed -7" {
		t.Errorf("figures or seed lost: %+v", res.rows)
	}
}

// Each way a check can vanish or lie fails, naming the row.
func TestParseVanishedAndWrong(t *testing.T) {
	cases := []struct {
		name, out string
		err       error
		row, want string
	}{
		{"the readers check stops printing", strings.Replace(output, "XADDREF readers goarch=amd64", "XADDREF readerz goarch=amd64", 1), nil,
			"diff readers", "missing: the test binary reported no result"},
		{"a readers line for another architecture", strings.Replace(output, "XADDREF readers goarch=amd64", "XADDREF readers goarch=386", 1), nil,
			"diff readers", "mislabelled: the line says goarch=386"},
		{"the readers line printed twice", output + "XADDREF readers goarch=amd64 not asked\n", nil,
			"diff readers", "printed twice"},
		{"a check stops printing", strings.Replace(output, "XADDREF result check=layout goarch=amd64 ops=200 mismatches=0 seed=7\n", "", 1), nil,
			"diff layout", "missing: the test binary reported no result"},
		{"an upstream test vanishes", strings.Replace(output, "--- PASS: TestXadduintptr (0.00s)\n", "", 1), nil,
			"upstream TestXadduintptr", "missing"},
		{"an upstream test is skipped", strings.Replace(output, "--- PASS: TestXadduintptrOnUint64 (0.00s)", "--- SKIP: TestXadduintptrOnUint64 (0.00s)\n    atomic_test.go:9: no 64-bit atomics", 1), nil,
			"upstream TestXadduintptrOnUint64", "skipped, but expected to run: atomic_test.go:9: no 64-bit atomics"},
		{"a result for another architecture", strings.Replace(output, "check=stat goarch=amd64", "check=stat goarch=386", 1), nil,
			"diff stat", "mislabelled: the result says goarch=386"},
		{"a result printed twice", output + "XADDREF result check=values goarch=amd64 ops=1 mismatches=0 seed=1\n", nil,
			"diff values", "printed twice"},
		{"a check nobody expects", output + "XADDREF result check=extra goarch=amd64 ops=1 mismatches=0 seed=1\n", nil,
			"diff extra", "unexpected: the era does not list"},
		{"mismatches", strings.Replace(output, "check=values goarch=amd64 ops=1000 mismatches=0", "check=values goarch=amd64 ops=1000 mismatches=3", 1), nil,
			"diff values", "3 mismatches (seed 7)"},
		{"the binary crashed after its results", output + "fatal error: unexpected signal\n", errors.New("exit status 2"),
			"diff run", "the test binary failed"},
		{"no output at all", "", errors.New("exec format error"),
			"diff values", "missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, rows := parse(t, c.out, c.err)
			r, ok := rows[c.row]
			if !ok {
				t.Fatalf("no row %q: %+v", c.row, res.rows)
			}
			if r.Status != report.Fail || !strings.Contains(r.Detail, c.want) {
				t.Errorf("%s: %s %q, want fail with %q", c.row, r.Status, r.Detail, c.want)
			}
		})
	}
}

func TestParseMismatchCounts(t *testing.T) {
	res, _ := parse(t, strings.Replace(output, "check=stat goarch=amd64 ops=300 mismatches=0", "check=stat goarch=amd64 ops=300 mismatches=12", 1), nil)
	if res.mismatches["diff stat"] != 12 || len(res.mismatches) != 1 {
		t.Errorf("mismatches %v, want diff stat 12 alone", res.mismatches)
	}
}

func TestExpected(t *testing.T) {
	cases := []struct {
		p      *era.Era
		goarch string
		want   string
	}{
		{era.Go119, "amd64", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		{era.Go119, "mips", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		{era.Go119, "ppc64", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		{era.Go126, "amd64", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		// Without cgo, from the model's vectors: the same checks.
		{era.Go126, "loong64", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		{era.Go126, "ppc64", "diff values, diff layout, diff concurrent, diff stat, diff readers"},
		{era.Go2015, "amd64", "diff values, diff layout, diff concurrent, diff stat, diff conventions, diff readers, upstream TestXadduintptr, upstream TestXadduintptrOnUint64"},
		// Without cgo, from the model's vectors: the same checks.
		{era.Go2015, "arm", "diff values, diff layout, diff concurrent, diff stat, diff conventions, diff readers, upstream TestXadduintptr, upstream TestXadduintptrOnUint64"},
		{era.Go2015, "ppc64", "diff values, diff layout, diff concurrent, diff stat, diff conventions, diff readers, upstream TestXadduintptr, upstream TestXadduintptrOnUint64"},
	}
	for _, c := range cases {
		a, ok := c.p.Arch(c.goarch)
		if !ok {
			t.Fatalf("%s has no %s", c.p.Name, c.goarch)
		}
		if got := strings.Join(c.p.Expected(a), ", "); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.p.Name, c.goarch, got, c.want)
		}
	}
}

// Each mutant names checks its era runs, and changes text that is in
// the file it breaks: Go 1.19's in Debian's tree, Go 1.26's in
// /usr/local/go where that is Go 1.26, 6ad33be's in what upstream's
// commit adds.
func TestMutants(t *testing.T) {
	upstream, err := os.ReadFile(filepath.Join(kit.Root(), "patches", "upstream", "6ad33be2d9.patch"))
	if err != nil {
		t.Fatal(err)
	}
	var added strings.Builder
	for _, l := range strings.Split(string(upstream), "\n") {
		if strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++") {
			added.WriteString(l[1:] + "\n")
		}
	}
	for _, p := range era.All {
		for _, m := range p.Mutants {
			checkMutant(t, p, m, added.String())
		}
	}
	// mutate edits a copy, and refuses a file without the text.
	dir := t.TempDir()
	rt := filepath.Join(dir, "src", "runtime")
	os.MkdirAll(rt, 0o755)
	os.WriteFile(filepath.Join(rt, "export_test.go"), []byte("package runtime\n\nvar Xadduintptr = atomic.Xadduintptr\n"), 0o644)
	if err := mutate(dir, era.Go119, "go1.19-xadd32"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(rt, "export_test.go"))
	if !strings.Contains(string(b), "atomic.Xadd((*uint32)") {
		t.Errorf("mutate did not change the file:\n%s", b)
	}
	if err := mutate(dir, era.Go119, "go1.19-xadd32"); err == nil {
		t.Error("mutate of a file without the text succeeded")
	}
}

// go126Root is the Go 1.26 this machine has (the kit's own Go).
const go126Root = "/usr/local/go"

// checkMutant checks one mutant of era p: checks that p runs catch it, on
// architectures p has, by editing text the era's runtime holds (added is
// what upstream's commit adds, for 6ad33be's mutants).
func checkMutant(t *testing.T, p *era.Era, m era.Mutant, added string) {
	t.Helper()
	name := m.Name
	if len(m.CaughtBy) == 0 {
		t.Errorf("%s names no check meant to catch it", name)
	}
	for _, c := range m.CaughtBy {
		if !contains(p.Checks, c) {
			t.Errorf("%s: caught by %q, which %s does not run", name, c, p.Name)
		}
	}
	for _, goarch := range m.Arches {
		if _, ok := p.Arch(goarch); !ok {
			t.Errorf("%s: runs on %s, which %s lacks", name, goarch, p.Name)
		}
	}
	text := added
	if root := map[*era.Era]string{era.Go119: kit.Go119Root, era.Go126: go126Root}[p]; root != "" {
		if v, _ := os.ReadFile(filepath.Join(root, "VERSION")); p == era.Go126 && !strings.HasPrefix(string(v), "go1.26") {
			t.Logf("%s: %s is not Go 1.26: its text is not checked", name, root)
			return
		}
		b, err := os.ReadFile(filepath.Join(root, "src", "runtime", m.File))
		if err != nil {
			t.Fatal(err)
		}
		text = string(b)
	}
	if !strings.Contains(text, m.Old) {
		t.Errorf("%s: %s does not contain the text the mutant changes:\n%s", name, m.File, m.Old)
	}
}

// The overlay installs the era's test files and the cgo package with
// the model's sources, removes the tree's other external tests, keeps its
// internal ones, and every file it installs is an input of the scratch key.
func TestOverlay(t *testing.T) {
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): the cgo package's files come from it")
	}
	dir := t.TempDir()
	rt := filepath.Join(dir, "src", "runtime")
	os.MkdirAll(rt, 0o755)
	files := map[string]string{
		"gc_test.go":        "package runtime_test\n",
		"export_test.go":    "package runtime\n",
		"atomic_test.go":    "package runtime_test\n",
		"xaddref_x_test.go": "package runtime_test\n",
	}
	for f, body := range files {
		os.WriteFile(filepath.Join(rt, f), []byte(body), 0o644)
	}
	if err := installOverlay(dir, era.Go2015); err != nil {
		t.Fatal(err)
	}
	exists := func(rel string) bool { _, err := os.Stat(filepath.Join(rt, rel)); return err == nil }
	for _, f := range []string{"export_test.go", "atomic_test.go", "xaddref_x_test.go", "xaddrefmodel/model.go", "xaddrefmodel/cref/cell.c"} {
		if !exists(f) {
			t.Errorf("%s is missing after the overlay", f)
		}
	}
	for _, f := range era.Go2015.TestFiles {
		if !exists(f) {
			t.Errorf("test file %s was not installed", f)
		}
	}
	if exists("gc_test.go") {
		t.Error("the tree's external test gc_test.go was kept")
	}
	// model.c compiles every source installed in cref/, and nothing else,
	// and model_sources.h has every installed model file's hash: the go
	// command's build cache sees a change to any of them.
	unit, _ := os.ReadFile(filepath.Join(rt, "xaddrefmodel", "model_sources.h"))
	model, _ := filepath.Glob(filepath.Join(rt, "xaddrefmodel", "cref", "*"))
	var includes strings.Builder
	for _, f := range model {
		b, _ := os.ReadFile(f)
		if line := fmt.Sprintf("\n// %x cref/%s\n", sha256.Sum256(b), filepath.Base(f)); !strings.Contains(string(unit), line) {
			t.Errorf("model_sources.h lacks %q", line[1:])
		}
		if strings.HasSuffix(f, ".c") {
			fmt.Fprintf(&includes, "#include \"cref/%s\"\n", filepath.Base(f))
		}
	}
	if includes.Len() == 0 || !strings.HasSuffix(string(unit), "\n"+includes.String()) {
		t.Errorf("model_sources.h:\n%s\nwant it to end with the includes:\n%s", unit, includes.String())
	}
	flags, _ := os.ReadFile(filepath.Join(rt, "xaddrefmodel", "cflags.go"))
	if !strings.Contains(string(flags), "\n// #cgo CFLAGS: -std=c11 -Wall -Wextra -Werror") {
		t.Errorf("cflags.go does not give the project's C flags:\n%s", flags)
	}
	// Every file the overlay installs is an input of the scratch key.
	installed, err := overlayInputs(era.Go2015)
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string]bool{}
	for _, f := range installed {
		inputs[f.rel] = true
	}
	filepath.Walk(filepath.Join(rt, "xaddrefmodel"), func(path string, fi os.FileInfo, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err == nil && !fi.IsDir() && !inputs[rel] {
			t.Errorf("%s is installed but not an input of the scratch key", path)
		}
		return nil
	})
}

package regress

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
)

// A stand-in runtime: a Go module in src/runtime (with the two files
// tree.Identify and the series look for), whose tests regress runs with
// the kit's own Go. The series "syn" plants two changes: its second patch
// breaks Add, which TestAdd checks; its third makes Dec exit(2) on
// underflow, as 6ad33be's mSysStatDec does, which kills the binary in
// TestStat, so that the tests after it run only if regress resumes.
func plantBase() map[string]string {
	return map[string]string{
		"src/runtime/go.mod":       "module fakeruntime\n\ngo 1.21\n",
		"src/runtime/os1_linux.go": "package fakeruntime\n",
		"src/runtime/mstats.go":    mstats("", "a + b"),
		"src/runtime/fake_test.go": `package fakeruntime_test

import (
	"flag"
	"testing"

	"fakeruntime"
)

func TestAdd(t *testing.T) {
	if got := fakeruntime.Add(2, 3); got != 5 {
		t.Fatalf("Add(2, 3) = %d, want 5", got)
	}
}

// TestBroken fails on every tree: a failure on both sides.
func TestBroken(t *testing.T) { t.Fatal("broken before any patch") }

// TestFlaky fails in a run of the whole suite and passes alone.
func TestFlaky(t *testing.T) {
	if flag.Lookup("test.run").Value.String() == "" {
		t.Fatal("flaked")
	}
}

// TestHidden fails in a run of the whole suite on every tree; alone, it
// checks Add.
func TestHidden(t *testing.T) {
	if flag.Lookup("test.run").Value.String() == "" {
		t.Fatal("fails in a whole run")
	}
	if fakeruntime.Add(1, 1) != 2 {
		t.Fatal("Add(1, 1) is wrong")
	}
}

func TestSkipped(t *testing.T) { t.Skip("needs a resource this machine lacks") }

func TestStat(t *testing.T) {
	var stat uintptr = 16
	fakeruntime.Dec(&stat, 32)
}

// TestZLater runs after TestStat.
func TestZLater(t *testing.T) {}
`,
	}
}

// mstats is the stand-in's mstats.go: Add's comment and its sum.
func mstats(comment, sum string) string {
	return `package fakeruntime

` + comment + `func Add(a, b int) int { return ` + sum + ` }

// decHook, when set, sees each stat after Dec.
var decHook func(val, n uintptr)

// Dec decreases *stat by n.
func Dec(stat *uintptr, n uintptr) {
	*stat -= n
	if decHook != nil {
		decHook(*stat, n)
	}
}
`
}

var plantSteps = []struct {
	subject string
	files   map[string]string
}{
	{"runtime: say what Add does", map[string]string{"src/runtime/mstats.go": mstats("// Add adds.\n", "a + b")}},
	{"runtime: break Add", map[string]string{"src/runtime/mstats.go": mstats("// Add adds.\n", "a - b")}},
	{"runtime: exit on a stat underflow", map[string]string{
		"src/runtime/hook.go": `package fakeruntime

import "os"

func init() {
	decHook = func(val, n uintptr) {
		if val+n < n {
			println("runtime: stat underflow: val", val, "n", n)
			os.Exit(2)
		}
	}
}
`,
		"src/runtime/new_test.go":    "package fakeruntime_test\n\nimport \"testing\"\n\nfunc TestNew(t *testing.T) {}\n",
		"src/runtime/hook_darwin.go": "package fakeruntime\n\nfunc darwinOnly() {}\n",
	}},
}

func TestMain(m *testing.M) { os.Exit(kittest.Main(m)) }

// makeSeries writes the base tree to dir and the series to root/patches/syn.
func makeSeries(t *testing.T, root, dir string) *series.Series {
	work := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	kittest.WriteFiles(t, work, plantBase())
	kittest.WriteFiles(t, dir, plantBase())
	git("init", "-q", "--template=")
	git("add", "-A")
	git("commit", "-qm", "base")
	for _, st := range plantSteps {
		kittest.WriteFiles(t, work, st.files)
		git("add", "-A")
		git("commit", "-qm", st.subject)
	}
	pdir := filepath.Join(root, "patches", "syn")
	git("format-patch", "-q", "--full-index", "-o", pdir, fmt.Sprintf("HEAD~%d", len(plantSteps)))
	names, _ := filepath.Glob(filepath.Join(pdir, "*.patch"))
	sort.Strings(names)
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	kittest.WriteFiles(t, pdir, map[string]string{"series": strings.Join(names, "\n") + "\n"})
	s, err := series.Load(root, "syn")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// plantBuilder copies the tree per prefix, applies it with the series'
// own Prefix and Apply, and builds the test binary with the kit's Go.
type plantBuilder struct {
	tree, work string
	s          *series.Series
	builds     int
}

func (pb *plantBuilder) build(k int, a era.Arch) (*binary, error) {
	dir := filepath.Join(pb.work, fmt.Sprint(k), "go")
	bin := filepath.Join(dir, "runtime.test")
	if _, err := os.Stat(bin); err != nil {
		pb.builds++
		os.MkdirAll(filepath.Dir(dir), 0o755)
		if r := kit.Run("", nil, false, "cp", "-a", pb.tree, dir); r.Err != nil {
			return nil, fmt.Errorf("%s", r.Output)
		}
		if k > 0 {
			if _, err := pb.s.Prefix(k).Apply(dir); err != nil {
				return nil, err
			}
		}
		rt := filepath.Join(dir, "src", "runtime")
		if r := kit.Run(rt, kit.GoEnv(), false, kit.Go(), "test", "-c", "-o", bin, "."); r.Err != nil {
			return nil, fmt.Errorf("go test -c: %s", r.Output)
		}
	}
	return &binary{path: bin, pkg: "fakeruntime", dir: filepath.Join(dir, "src", "runtime"),
		env: []string{"GOMAXPROCS=2"}, cache: filepath.Join(dir, "regress")}, nil
}

// regress finds the planted changes, names the patch of each and the
// line the failure points at, goes on after the crash, sees a change that
// the base's failure in a whole run hides, and tells the failure on both
// sides, the flake, the skip and the new test apart. A
// second run reads every run from its records.
func TestPlantedChanges(t *testing.T) {
	root, tree := t.TempDir(), filepath.Join(t.TempDir(), "go")
	s := makeSeries(t, root, tree)
	pb := &plantBuilder{tree: tree, work: t.TempDir(), s: s}
	c := config{cpus: []int{1, 2}, reruns: 2, timeout: distTimeout, hooks: "no test hooks"}
	amd64, _ := era.Go2015.Arch("amd64")
	rows := runArch(pb, s, era.Go2015, amd64, c)
	byTest := map[string]report.Row{}
	for _, r := range rows {
		byTest[strings.SplitN(r.Figures, ":", 2)[0]] = r
		t.Logf("%s %s %s\n%s", r.Check, r.Status, r.Figures, r.Detail)
	}
	expect := []struct {
		test, status string
		frags        []string
	}{
		{"TestAdd", report.Fail, []string{"Add(2, 3) = -1, want 5", "root cause: patch 2 of 3", "0002-runtime-break-Add.patch",
			"src/runtime/mstats.go:4  +func Add(a, b int) int { return a - b }"}},
		{"TestStat", report.Fail, []string{"runtime: stat underflow: val", "root cause: patch 3 of 3",
			`the output prints "runtime: stat underflow: val", from src/runtime/hook.go:8, which patch 3`,
			"src/runtime/hook_darwin.go:1-3  +package fakeruntime  (not built for linux/amd64)"}},
		{"TestZLater", report.Pass, nil},
		{"TestHidden", report.Fail, []string{"fails in the full run on both trees; alone, passes on the base and fails with the series",
			"Add(1, 1) is wrong", "root cause: patch 2 of 3"}},
		{"TestBroken", report.Info, []string{"fails on both trees", "both print:\nfake_test.go:17: broken before any patch"}},
		{"TestFlaky", report.Info, []string{"not when run alone", "flaked"}},
		{"TestSkipped", report.Skip, []string{"needs a resource this machine lacks"}},
		{"TestNew", report.Pass, []string{"new with the series"}},
	}
	for _, e := range expect {
		r, ok := byTest[e.test]
		if !ok || r.Status != e.status {
			t.Errorf("%s: row %+v, want status %s", e.test, r, e.status)
			continue
		}
		for _, f := range e.frags {
			if !strings.Contains(r.Detail, f) {
				t.Errorf("%s: detail lacks %q:\n%s", e.test, f, r.Detail)
			}
		}
	}
	sum := rows[len(rows)-1]
	if sum.Check != "regress suite" || sum.Status != report.Fail || !strings.HasPrefix(sum.Figures, "8 tests run, 6 compared, 3 changed; 1 fail on both, 1 flaky, 1 skipped on both, 1 new") {
		t.Errorf("summary: %+v", sum)
	}
	builds := pb.builds
	again := runArch(pb, s, era.Go2015, amd64, c)
	if pb.builds != builds || len(again) != len(rows) {
		t.Errorf("the second run built %d binaries and made %d rows, want 0 and %d", pb.builds-builds, len(again), len(rows))
	}
	for i := range rows[:len(rows)-1] { // the summary's times differ
		if again[i].Status != rows[i].Status || again[i].Detail != rows[i].Detail {
			t.Errorf("the second run's row differs:\n%+v\nthen\n%+v", again[i], rows[i])
		}
	}
}

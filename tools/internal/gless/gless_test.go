package gless

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// testTree lays testdata/base and then testdata/<name> into a temporary
// directory: a small runtime-like tree.
func testTree(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	for _, from := range []string{"base", name} {
		src := filepath.Join("testdata", from)
		err := filepath.Walk(src, func(path string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			if fi.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func targets(t *testing.T, list ...string) []era.Port {
	t.Helper()
	var out []era.Port
	for _, s := range list {
		tg, err := era.ParsePort(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tg)
	}
	return out
}

// want is what a test expects of one target.
type want struct {
	status string
	chain  string   // the shortest failing chain, "" for none
	reason string   // a part of its reason
	split  []string // roots that are not nosplit (names)
	fails  []string // chains that must be among the failures
	chains []string // chains that must be among the roots' shortest ones
	notes  []string // chains that must be among the notes ("chain | part of why")
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name  string
		roots []string
		want  map[string]want
	}{
		{"nosplit", nil, map[string]want{
			"linux/amd64": {status: report.Fail, chain: "sysAlloc -> helper", reason: "not nosplit: no //go:nosplit"},
		}},
		{"lock", nil, map[string]want{
			"linux/amd64": {status: report.Fail, chain: "sysAlloc -> lock", reason: "needs a G: reads gp.m, gp = getg()"},
		}},
		{"systemstack", nil, map[string]want{
			// systemstack itself reads g.m.
			"linux/amd64": {status: report.Fail, chain: "sysAlloc -> xadd64 -> systemstack", reason: "reads g_m(AX)",
				fails: []string{"sysAlloc -> xadd64 -> xadd64.func1"}},
			// Here it does not: the closure passed to it is what fails.
			"linux/arm": {status: report.Fail, chain: "sysAlloc -> xadd64 -> xadd64.func1", reason: "a closure"},
		}},
		{"linkname", nil, map[string]want{
			"linux/amd64": {status: report.Fail, chain: "sysAlloc -> xadduintptr=xadd -> lock", reason: "needs a G"},
		}},
		{"asm", nil, map[string]want{
			"linux/amd64": {status: report.Fail, chain: "sysFree -> munmap", reason: "TEXT without NOSPLIT",
				fails: []string{"sysAlloc -> xadd64 -> xadd64slow -> lockasm"}},
		}},
		{"tags", nil, map[string]want{
			"linux/amd64": {status: report.Pass},
			"linux/arm":   {status: report.Fail, chain: "sysAlloc -> xadd64 -> lock"},
			"linux/386":   {status: report.Fail, chain: "sysAlloc -> osHook -> lock"},
			"plan9/amd64": {status: report.Fail, chain: "sysAlloc -> lock", split: []string{"sysAlloc"}},
		}},
		{"method", nil, map[string]want{
			"linux/amd64": {status: report.Fail, chain: "sysAlloc -> atomic.(*Uint64).Add", reason: "may inline",
				fails:  []string{"sysAlloc -> (*sysMemStat).add -> lock"},
				chains: []string{"sysFree -> (*sysMemStat).add -> lock"}},
		}},
		{"throw", nil, map[string]want{
			"linux/amd64": {status: report.Pass, notes: []string{
				"sysAlloc -> mSysStatInc -> print -> printlock | followed by exit(2)",
				"sysFree -> throw | throw(\"sysFree of nothing\")",
			}},
		}},
		{"cgo", nil, map[string]want{
			"linux/amd64": {status: report.Pass, notes: []string{"sysAlloc -> mmap -> lock | _cgo_mmap != nil"}},
		}},
		{"guard", nil, map[string]want{
			"linux/amd64": {status: report.Pass},
		}},
		{"constcond", nil, map[string]want{
			"linux/amd64": {status: report.Pass},
			"linux/ppc64": {status: report.Fail, chain: "sysAlloc -> lock"},
			"linux/arm":   {status: report.Fail, chain: "sysAlloc -> wide"},
		}},
		{"caller", []string{"stdcall"}, map[string]want{
			"linux/amd64": {status: report.Pass},
			// --root stdcall: it needs a G itself.
			"windows/amd64": {status: report.Fail, chain: "stdcall", reason: "needs a G: reads getg().m",
				fails: []string{"sysAlloc -> stdcall", "sysAlloc -> xadd64 -> lock"}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := testTree(t, tc.name)
			var names []string
			for k := range tc.want {
				names = append(names, k)
			}
			results := Analyze(dir, targets(t, names...), Options{Roots: tc.roots, Workers: 1})
			for _, r := range results {
				w := tc.want[r.Port.String()]
				t.Run(r.Port.String(), func(t *testing.T) {
					checkResult(t, r, w)
				})
			}
		})
	}
}

func checkResult(t *testing.T, r Result, w want) {
	t.Helper()
	if r.Status != w.status {
		t.Fatalf("status %s, want %s: %s", r.Status, w.status, r.Line())
	}
	got := ""
	if r.Chain != nil {
		got = r.Chain.String()
	}
	if got != w.chain {
		t.Errorf("chain %q, want %q (%s)", got, w.chain, r.Line())
	}
	if w.reason != "" && (r.Chain == nil || !strings.Contains(r.Chain.Reason, w.reason)) {
		t.Errorf("reason does not contain %q: %s", w.reason, r.Line())
	}
	var split []string
	for _, s := range r.Split {
		split = append(split, strings.Fields(s)[0])
	}
	if !reflect.DeepEqual(split, w.split) {
		t.Errorf("roots not nosplit %v, want %v", split, w.split)
	}
	for _, f := range w.fails {
		found := false
		for _, c := range r.Failures {
			found = found || c.String() == f
		}
		if !found {
			t.Errorf("no failure %q among %v", f, chains(r.Failures))
		}
	}
	for _, f := range w.chains {
		found := false
		for _, c := range r.Chains {
			found = found || c.String() == f
		}
		if !found {
			t.Errorf("no root chain %q among %v", f, chains(r.Chains))
		}
	}
	for _, n := range w.notes {
		parts := strings.SplitN(n, " | ", 2)
		found := false
		for _, c := range r.Notes {
			found = found || c.String() == parts[0] && strings.Contains(c.Why, parts[1])
		}
		if !found {
			var have []string
			for _, c := range r.Notes {
				have = append(have, c.String()+" | "+c.Why)
			}
			t.Errorf("no note %q among %q", n, have)
		}
	}
	if len(w.notes) == 0 && len(r.Notes) > 0 {
		t.Errorf("unexpected notes %v", chains(r.Notes))
	}
}

func chains(cs []Chain) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return out
}

// The per-root finding: who calls the roots without a G, and what the OS
// layer needs once the stat update is left out.
func TestFinding(t *testing.T) {
	dir := testTree(t, "caller")
	res := Analyze(dir, targets(t, "linux/amd64", "linux/386", "windows/amd64"), Options{Workers: 1})
	cases := []struct {
		target, root string
		caller       string // part of Caller, "" for none
		noCaller     string // part of NoCaller
		osLayer      string // the OS layer chain, "" for none
		summary      string // part of the summary
	}{
		{"linux/amd64", "sysAlloc", "newosproc0 (os_linux.go:6), called from rt0_linux_amd64.s:4", "", "", "states what that caller relies on"},
		{"linux/amd64", "sysFree", "", "does not call it", "", "holds, but nothing here relies on it"},
		{"linux/386", "sysAlloc", "", "nothing built for this target calls newosproc0", "", "holds"},
		{"windows/amd64", "sysAlloc", "", "no newosproc0", "sysAlloc -> stdcall", "overstates it here"},
		{"windows/amd64", "sysFree", "", "no newosproc0", "", "holds"},
	}
	for _, tc := range cases {
		t.Run(tc.target+"/"+tc.root, func(t *testing.T) {
			var rf *RootFinding
			for _, r := range res {
				if r.Port.String() != tc.target {
					continue
				}
				for i := range r.Finding.Roots {
					if r.Finding.Roots[i].Root == tc.root {
						rf = &r.Finding.Roots[i]
					}
				}
			}
			if rf == nil {
				t.Fatal("no finding")
			}
			if tc.caller != "" && !strings.Contains(rf.Caller, tc.caller) || tc.caller == "" && rf.Caller != "" {
				t.Errorf("caller %q, want %q", rf.Caller, tc.caller)
			}
			if tc.noCaller != "" && !strings.Contains(rf.NoCaller, tc.noCaller) {
				t.Errorf("no caller %q, want %q", rf.NoCaller, tc.noCaller)
			}
			got := ""
			if rf.OSLayer != nil {
				got = rf.OSLayer.String()
			}
			if got != tc.osLayer {
				t.Errorf("OS layer %q, want %q", got, tc.osLayer)
			}
			if len(rf.Comments) == 0 {
				t.Errorf("the comment was not found")
			}
			if s := rf.Summary(); !strings.Contains(s, tc.summary) {
				t.Errorf("summary %q does not say %q", s, tc.summary)
			}
		})
	}
}

func TestOutput(t *testing.T) {
	dir := testTree(t, "tags")
	res := Analyze(dir, targets(t, "linux/amd64", "linux/arm"), Options{Workers: 2})
	if got := res[0].Line(); got != "linux/amd64 PASS" {
		t.Errorf("line %q", got)
	}
	if got := res[1].Line(); !strings.HasPrefix(got, "linux/arm FAIL sysAlloc -> xadd64 -> lock [needs a G: ") {
		t.Errorf("line %q", got)
	}
	rows := []report.Row{res[0].Row(), res[1].Row()}
	if len(rows) != 2 || rows[0].Check != "gless" || rows[0].Status != report.Pass || rows[1].Status != report.Fail ||
		!strings.HasPrefix(rows[1].Detail, "sysAlloc -> xadd64 -> lock") || rows[1].GOARCH != "arm" {
		t.Errorf("rows %+v", rows)
	}
	var b strings.Builder
	Write(&b, res, true)
	for _, s := range []string{"linux/arm FAIL", "per OS:", "linux (amd64 arm) sysAlloc: no G-less caller (no newosproc0 for this target)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, b.String())
		}
	}
	// A tree without a runtime is never a pass, and says why.
	for _, gate := range []bool{false, true} {
		rows := GateRows(t.TempDir(), gate)
		if len(rows) != 1 || rows[0].Status == report.Pass || rows[0].Detail == "" {
			t.Errorf("rows of an empty folder: %+v", rows)
		}
	}
	empty := t.TempDir()
	os.MkdirAll(filepath.Join(empty, "src", "runtime"), 0o755)
	r := Analyze(empty, targets(t, "linux/amd64"), Options{})[0]
	if r.Status != report.Skip || !strings.Contains(r.Skip, "no Go files") {
		t.Errorf("empty runtime: %s", r.Line())
	}
}

// The real trees, when they are at hand: the historical one from
// XADDREF_GO_TREE, Debian's Go 1.19 where it is installed.
func TestRealTrees(t *testing.T) {
	t.Run("historical", func(t *testing.T) {
		dir := os.Getenv("XADDREF_GO_TREE")
		if dir == "" {
			t.Skip("XADDREF_GO_TREE is not set: give the 2015 tree (8566979972, with or without 6ad33be) to check it")
		}
		if _, err := os.Stat(filepath.Join(dir, "src", "runtime", "internal", "atomic")); err == nil {
			t.Skip("XADDREF_GO_TREE is not the 2015 tree")
		}
		applied := false
		if b, err := os.ReadFile(filepath.Join(dir, "src", "runtime", "mstats.go")); err == nil {
			applied = strings.Contains(string(b), "func mSysStatInc")
		}
		ts, _, err := tree.Ports(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range Analyze(dir, ts, Options{}) {
			os := r.Port.GOOS
			switch {
			case r.Status == report.Skip:
				t.Errorf("%s", r.Line())
			case !applied && r.Port.String() == "linux/arm":
				if r.Chain == nil || r.Chain.String() != "sysAlloc -> xadd64 -> systemstack" {
					t.Errorf("base tree: %s", r.Line())
				}
			case applied && (os == "linux" || os == "darwin" || os == "android"):
				if r.Status != report.Pass {
					t.Errorf("with 6ad33be: %s", r.Line())
				}
			}
		}
	})
	t.Run("go1.19", func(t *testing.T) {
		dir := "/usr/lib/go-1.19"
		if _, err := os.Stat(filepath.Join(dir, "src", "runtime", "mstats.go")); err != nil {
			t.Skip("Debian's Go 1.19 sources are not installed (golang-1.19-src)")
		}
		ts, _, err := tree.Ports(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) < 40 {
			t.Errorf("%d targets", len(ts))
		}
		for _, r := range Analyze(dir, ts, Options{}) {
			if r.Status == report.Skip || len(r.Roots) < 2 {
				t.Errorf("%s (roots %v)", r.Line(), r.Roots)
			}
		}
	})
}

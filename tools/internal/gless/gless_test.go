package gless

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/wants"
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

// TestCheck runs the check on small trees (testdata/base and one case
// folder over it) and compares what it reports with the `// want`
// comments of the case's files (package wants): each failing chain at the
// last call on it written in the sources ("FAIL" marks the target's
// shortest), each note at the call that makes it one, each root that is
// not nosplit at its declaration, each call not followed where it is.
func TestCheck(t *testing.T) {
	cases := []struct {
		name  string
		roots []string
		ports []string
	}{
		{"nosplit", nil, []string{"linux/amd64"}},
		{"lock", nil, []string{"linux/amd64"}},
		// systemstack reads g.m on amd64; on arm, only the closure fails.
		{"systemstack", nil, []string{"linux/amd64", "linux/arm"}},
		{"linkname", nil, []string{"linux/amd64"}},
		{"asm", nil, []string{"linux/amd64"}},
		{"tags", nil, []string{"linux/amd64", "linux/arm", "linux/386", "plan9/amd64"}},
		{"method", nil, []string{"linux/amd64"}},
		{"throw", nil, []string{"linux/amd64"}},
		{"cgo", nil, []string{"linux/amd64"}},
		{"guard", nil, []string{"linux/amd64"}},
		{"constcond", nil, []string{"linux/amd64", "linux/ppc64", "linux/arm"}},
		{"indirect", nil, []string{"linux/amd64"}},
		// --root stdcall: it needs a G itself.
		{"caller", []string{"stdcall"}, []string{"linux/amd64", "windows/amd64"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := testTree(t, tc.name)
			for _, r := range Analyze(dir, targets(t, tc.ports...), Options{Roots: tc.roots, Workers: 1}) {
				g, err := callgraph.Of(tree.Load(dir), r.Port)
				if err != nil {
					t.Fatalf("%s: %v", r.Port, err)
				}
				wants.Check(t, r.Port, files(g), diags(r))
			}
		})
	}
}

// files are the graph's Go and assembly files.
func files(g *callgraph.Graph) []*tree.File {
	var out []*tree.File
	for _, p := range g.Pkgs {
		out = append(out, p.Go...)
		for _, a := range p.Asm {
			out = append(out, a.Src)
		}
	}
	return out
}

var (
	splitPosRE = regexp.MustCompile(`\((\S+:\d+): `)
	unfPosRE   = regexp.MustCompile(`\(([^()]+:\d+)\)$`)
)

// diags is what the check reports of a target, as diagnostics.
func diags(r Result) []wants.Diag {
	var out []wants.Diag
	seen := map[string]bool{}
	for _, c := range append(append([]Chain{}, r.Failures...), r.Chains...) {
		if key := c.where + " " + c.String(); !seen[key] {
			seen[key] = true
			msg := fmt.Sprintf("%s [%s]", c, c.Reason)
			if r.Chain != nil && c.where == r.Chain.where && c.String() == r.Chain.String() {
				msg = "FAIL " + msg
			}
			out = append(out, wants.Diag{Pos: c.where, Msg: msg})
		}
	}
	for _, n := range r.Notes {
		out = append(out, wants.Diag{Pos: n.where, Msg: fmt.Sprintf("note: %s [%s]; %s", n, n.Reason, n.Why)})
	}
	for _, s := range r.Split {
		out = append(out, wants.Diag{Pos: splitPosRE.FindStringSubmatch(s)[1], Msg: "not nosplit: " + s})
	}
	for _, u := range r.Unfollowed {
		out = append(out, wants.Diag{Pos: unfPosRE.FindStringSubmatch(u)[1], Msg: "not followed: " + u})
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

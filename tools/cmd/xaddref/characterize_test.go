package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/report"
)

// TestCharacterization compares what the kit says of known trees with what
// it said when the characterizations were recorded (testdata/
// characterization): verify's rows on Debian's Go 1.19, on the historical
// tree at 8566979972 and on that tree with the series applied and arm64's
// xadduintptr linked to the 32-bit xadd (verify --no-apply); callers --all
// --json and semantics on the historical tree. With
// XADDREF_CHARACTERIZE=update it records them instead.
//
// The historical runs need XADDREF_GO_TREE (a tree at 8566979972); the Go
// 1.19 run needs XADDREF_CHARACTERIZE set (tools/xaddref test compares that
// one on every run). Each verify takes minutes.
func TestCharacterization(t *testing.T) {
	bin := kittest.Xaddref(t)
	update := os.Getenv("XADDREF_CHARACTERIZE") == "update"
	env := []string{"XADDREF_ROOT=" + kit.Root()}
	t.Run("verify-go1.19", func(t *testing.T) {
		if os.Getenv("XADDREF_CHARACTERIZE") == "" {
			t.Skip("set XADDREF_CHARACTERIZE=1 (tools/xaddref test compares this one on every run)")
		}
		pinVerify(t, bin, env, update, "verify-go1.19", "--tree", kit.Go119Root)
	})
	hist := os.Getenv("XADDREF_GO_TREE")
	if hist == "" {
		t.Skip("XADDREF_GO_TREE is not set: the historical tree's characterizations need a tree at 8566979972")
	}
	t.Run("verify-6ad33be", func(t *testing.T) {
		pinVerify(t, bin, env, update, "verify-6ad33be", "--tree", hist)
	})
	t.Run("verify-6ad33be-arm64-xadd32", func(t *testing.T) {
		broken := filepath.Join(t.TempDir(), "go")
		kittest.CopyTree(t, hist, broken)
		os.WriteFile(filepath.Join(broken, "VERSION"), []byte("devel +8566979972 arm64 xadd32\n"), 0o644)
		if out, err := exec.Command(bin, "series", "apply", "--tree", broken).CombinedOutput(); err != nil {
			t.Fatalf("series apply: %v\n%s", err, out)
		}
		breakArm64(t, broken)
		pinVerify(t, bin, env, update, "verify-6ad33be-arm64-xadd32", "--tree", broken, "--no-apply")
	})
	t.Run("callers-6ad33be", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "callers.json")
		runOK(t, bin, env, "callers", "--tree", hist, "--all", "--json", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		pinText(t, update, "callers-6ad33be.json", string(b))
	})
	t.Run("semantics-6ad33be", func(t *testing.T) {
		dir := t.TempDir()
		md, js := filepath.Join(dir, "review.md"), filepath.Join(dir, "review.json")
		out := runOK(t, bin, env, "semantics", "--tree", hist, "--md", md, "--json", js)
		// The examples' commands name the tree given.
		pinText(t, update, "semantics-6ad33be.txt", strings.ReplaceAll(out, hist, "$XADDREF_GO_TREE"))
		checkSemanticsForms(t, out, md, js, runOK(t, bin, env, "semantics", "--tree", hist, "-v"))
	})
}

// checkSemanticsForms checks that --md and --json write the review out
// gives, and that -v gives every cause in full and every way the runs
// differ.
func checkSemanticsForms(t *testing.T, out, mdPath, jsonPath, verbose string) {
	t.Helper()
	md, err := os.ReadFile(mdPath)
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Steps []struct {
			From, To string
			Causes   []struct {
				Visible bool
				Where   struct{ Site string }
			}
		}
	}
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatalf("--json: %v", err)
	}
	if len(data.Steps) == 0 || len(data.Steps[0].Causes) == 0 {
		t.Fatalf("--json has no step or no cause:\n%s", b)
	}
	for _, st := range data.Steps {
		head := "== " + st.From + " -> " + st.To + " =="
		if !strings.Contains(out, head) || !strings.Contains(string(md), "## "+st.From+" → "+st.To) {
			t.Errorf("the review or --md lacks the step %s -> %s", st.From, st.To)
		}
		for _, c := range st.Causes {
			if !strings.Contains(out, c.Where.Site) || !strings.Contains(string(md), "`"+c.Where.Site+"`") ||
				!strings.Contains(verbose, c.Where.Site) {
				t.Errorf("the cause at %s is in --json but not in the review, --md or -v", c.Where.Site)
			}
		}
	}
	if !strings.Contains(verbose, "Every way the runs differ") || len(verbose) <= len(out) {
		t.Errorf("-v does not give more than the review, every way the runs differ")
	}
}

// breakArm64 links arm64's xadduintptr to the 32-bit xadd: the arm64 rows
// of the differential suite must fail.
func breakArm64(t *testing.T, tree string) {
	t.Helper()
	p := filepath.Join(tree, "src", "runtime", "atomic_arm64.go")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	from, to := "//go:linkname xadduintptr runtime.xadd64", "//go:linkname xadduintptr runtime.xadd"
	if !bytes.Contains(b, []byte(from)) {
		t.Fatalf("%s has no %q", p, from)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runOK runs the binary and returns its stdout; a failure to run, or an
// exit status other than 0 or 1 (a verdict), fails the test.
func runOK(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code, err := kittest.ExitCode(cmd.Run())
	if err != nil || code > 1 {
		t.Fatalf("xaddref %s: exit %d (%v):\n%s", strings.Join(args, " "), code, err, kit.Tail(stderr.String(), 30))
	}
	return stdout.String()
}

// pinVerify runs verify with --json and compares the report's pinned form
// with the characterization name, or records it.
func pinVerify(t *testing.T, bin string, env []string, update bool, name string, args ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "verify.json")
	runOK(t, bin, env, append(append([]string{"verify"}, args...), "--json", out)...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	path := characterizationPath(name)
	if update {
		if err := report.WritePinned(path, r.Pin()); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded %s", path)
		return
	}
	want, err := report.ReadPinned(path)
	if err != nil {
		t.Fatal(err)
	}
	if changes := want.Changes(r.Pin()); len(changes) > 0 {
		t.Errorf("%s: %d changes from the characterization:\n%s", name, len(changes), strings.Join(changes, "\n"))
	}
}

// pinText compares a command's whole output with the characterization
// file name, or records it.
func pinText(t *testing.T, update bool, name, got string) {
	t.Helper()
	path := filepath.Join(filepath.Dir(characterizationPath("x")), name)
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the characterization:\n%s", name, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines one text has and the other lacks (at most 40).
func lineDiff(want, got string) string {
	changes := report.LineChanges("line", strings.Split(want, "\n"), strings.Split(got, "\n"))
	if len(changes) > 40 {
		changes = append(changes[:40], "...")
	}
	return strings.Join(changes, "\n")
}

package tree

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kittest"
)

// The Go 1.26 era's fingerprints are go1.26.8's: recomputed from
// /usr/local/go when it is that release (XADDREF_FINGERPRINTS=print prints
// the table to paste into era/go126.go).
func TestGo126Fingerprints(t *testing.T) {
	const root = "/usr/local/go"
	if v, _ := readVersion(root); v != "go1.26.8" {
		t.Skipf("%s is not go1.26.8 (%q): the fingerprints are go1.26.8's", root, v)
	}
	touches, recorded := era.Go126Fingerprints()
	got := map[string]string{}
	for _, touch := range touches {
		fps, err := Load(root).Fingerprints(touch.Files, regexp.MustCompile(touch.Decls))
		if err != nil {
			t.Fatal(err)
		}
		if len(fps) == 0 {
			t.Errorf("%s matches nothing in %s", touch, root)
		}
		for f, fp := range fps {
			got[f] = fp
		}
	}
	var lines []string
	for f, fp := range got {
		if recorded[f] != fp {
			t.Errorf("%s: fingerprint %s, recorded %q", f, fp, recorded[f])
		}
		lines = append(lines, fmt.Sprintf("\t%q: %q,", f, fp))
	}
	if len(recorded) != len(got) {
		t.Errorf("%d files recorded, %d in the tree", len(recorded), len(got))
	}
	if os.Getenv("XADDREF_FINGERPRINTS") == "print" {
		sort.Strings(lines)
		t.Log("\n" + strings.Join(lines, "\n"))
	}
}

// A release later than Go 1.26 is checked as Go 1.26 when what the checks
// depend on is go1.26.8's, and refused, naming the file, when it is not.
func TestLaterRelease(t *testing.T) {
	const root = "/usr/local/go"
	if v, _ := readVersion(root); v != "go1.26.8" {
		t.Skipf("%s is not go1.26.8 (%q): the test copies its files", root, v)
	}
	dir := t.TempDir()
	touches, _ := era.Go126Fingerprints()
	for _, touch := range touches {
		names, _ := filepath.Glob(filepath.Join(root, "src", touch.Files))
		for _, n := range names {
			rel, _ := filepath.Rel(root, n)
			kittest.CopyTree(t, n, filepath.Join(dir, rel))
		}
	}
	kittest.WriteFiles(t, dir, map[string]string{"VERSION": "go1.27.0\n"})
	info, err := Identify(dir)
	if err != nil || info.Era != era.Go126 {
		t.Fatalf("go1.27.0 with go1.26.8's declarations: %v, %v; want era go1.26", info, err)
	}
	p := filepath.Join(dir, "src", "runtime", "mem_linux.go")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "func sysFreeOS(v unsafe.Pointer, n uintptr) {\n", "func sysFreeOS(v unsafe.Pointer, n uintptr) {\n\t_ = 0\n", 1)), 0o644)
	Forget(dir)
	_, err = Identify(dir)
	if err == nil || !strings.Contains(err.Error(), "differs from go1.26.8 in runtime/mem_linux.go;") {
		t.Fatalf("go1.27.0 with sysFreeOS changed: %v; want a refusal naming runtime/mem_linux.go", err)
	}
}

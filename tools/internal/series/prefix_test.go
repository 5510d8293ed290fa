package series

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each prefix of syn applies to the base and leaves the tree where the
// whole series' state says its first k patches do.
func TestPrefix(t *testing.T) {
	t.Parallel()
	s := sharedFixture(t).load(t)
	for k := 1; k <= len(s.Patches); k++ {
		dir := plainTree(t)
		if _, err := s.Prefix(k).Apply(dir); err != nil {
			t.Fatalf("prefix %d: %v", k, err)
		}
		st, err := s.State(dir)
		if err != nil {
			t.Fatal(err)
		}
		if st.Applied != k {
			t.Errorf("after prefix %d the whole series' state is %s (%d applied)", k, st.Line(), st.Applied)
		}
	}
	if n := len(s.Prefix(1).Files); n != 2 {
		t.Errorf("prefix 1 touches %d files, want 2 (mstats.go, a.txt)", n)
	}
}

// A patch made on top of the whole series applies by its context to a
// tree at the base, where its file's blob is not the one it names; Apply
// refuses the same patch there.
func TestApplyByContext(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.load(t)
	top := filepath.Join(t.TempDir(), "top")
	if _, err := s.Apply(copyOf(t, plainTree(t), top)); err != nil {
		t.Fatal(err)
	}
	// A hook series of one patch against the applied tree: line 15 of a.txt, away from the series' changes.
	work := filepath.Join(t.TempDir(), "work")
	cp(t, top, work)
	git(t, work, "init", "-q", "--template=")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "applied")
	writeFiles(t, work, map[string]string{"src/runtime/a.txt": replaceLine(readFile(t, filepath.Join(work, "src/runtime/a.txt")), 15, "line fifteen, hooked\n")})
	git(t, work, "commit", "-q", "-am", "hook: line fifteen")
	hooks := filepath.Join(f.root, "patches", "hooks")
	git(t, work, "format-patch", "-q", "--full-index", "-o", hooks, "HEAD~1")
	names, _ := filepath.Glob(filepath.Join(hooks, "*.patch"))
	os.WriteFile(filepath.Join(hooks, "series"), []byte(filepath.Base(names[0])+"\n"), 0o644)
	h, err := Load(f.root, "hooks")
	if err != nil {
		t.Fatal(err)
	}
	base := plainTree(t)
	if _, err := h.Apply(base); err == nil || !strings.Contains(err.Error(), "not at the series' base") {
		t.Fatalf("Apply of the hook on the base: %v, want a refusal", err)
	}
	if err := h.ApplyByContext(base, func(*Patch) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(base, "src/runtime/a.txt")); !strings.Contains(got, "line fifteen, hooked\n") || !strings.Contains(got, "line 3\n") {
		t.Errorf("after ApplyByContext a.txt is\n%s", got)
	}
	if err := h.ApplyByContext(base, func(*Patch) bool { return false }); err != nil {
		t.Errorf("no patch kept: %v", err)
	}
}

func copyOf(t *testing.T, src, dst string) string {
	cp(t, src, dst)
	return dst
}

func readFile(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

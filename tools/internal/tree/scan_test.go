package tree

import (
	"os"
	"path/filepath"
	"testing"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

var go119Files = map[string]string{"VERSION": "go1.19.8\n", "src/runtime/mstats.go": "package runtime\n",
	"src/runtime/a.go": "package runtime\n", "src/runtime/b.go": "package runtime // b\n"}

func hashOf(t *testing.T, dir string) string {
	t.Helper()
	info, err := Identify(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := info.ContentHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The content hash sees what a copy would differ by: a link's target, a
// file's permissions, not only regular files' bytes.
func TestContentHashLinksAndModes(t *testing.T) {
	base := kittest.WriteTree(t, go119Files)
	h := hashOf(t, base)
	if again := hashOf(t, kittest.WriteTree(t, go119Files)); again != h {
		t.Fatalf("the same content hashes differently: %s, %s", h, again)
	}
	linkA, linkB := kittest.WriteTree(t, go119Files), kittest.WriteTree(t, go119Files)
	os.Symlink("a.go", filepath.Join(linkA, "src/runtime/l.go"))
	os.Symlink("b.go", filepath.Join(linkB, "src/runtime/l.go"))
	mode := kittest.WriteTree(t, go119Files)
	os.Chmod(filepath.Join(mode, "src/runtime/a.go"), 0o755)
	seen := map[string]string{h: "base"}
	for name, dir := range map[string]string{"link to a.go": linkA, "link to b.go": linkB, "mode 0755": mode} {
		got := hashOf(t, dir)
		if other, ok := seen[got]; ok {
			t.Errorf("%s hashes as %s does", name, other)
		}
		seen[got] = name
	}
}

// The scratch copy keeps an inner link as a link that resolves inside the
// copy, and a file the kit writes where the tree had a link replaces the
// link: the file it pointed at keeps its bytes.
func TestScratchInnerLinks(t *testing.T) {
	t.Setenv("XADDREF_CACHE_DIR", t.TempDir())
	dir := kittest.WriteTree(t, go119Files)
	os.Symlink("a.go", filepath.Join(dir, "src/runtime/l.go"))
	os.Symlink("../runtime", filepath.Join(dir, "src/runtime/up"))
	info, err := Identify(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewScratch(info, "inner-links", func(string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	rt := filepath.Join(s.Dir, "src", "runtime")
	// Targets are rewritten to the shortest path inside the tree.
	for link, want := range map[string]string{"l.go": "a.go", "up": "."} {
		if got, err := os.Readlink(filepath.Join(rt, link)); err != nil || got != want {
			t.Errorf("copy's %s: link to %q (%v), want %q", link, got, err, want)
		}
	}
	if err := kit.WriteFile(s.Dir, "src/runtime/l.go", []byte("package runtime // kit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(rt, "a.go")); string(b) != go119Files["src/runtime/a.go"] {
		t.Errorf("writing l.go wrote through the link: a.go is %q", b)
	}
	// A write whose path leaves the copy is refused, even through an inner
	// link's directory.
	if err := kit.WriteFile(s.Dir, "src/runtime/up/../../../outside.txt", nil, 0o644); err == nil {
		t.Error("a write to a path out of the copy succeeded")
	}
}

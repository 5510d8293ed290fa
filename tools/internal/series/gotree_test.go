package series

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
	"xaddref/tools/internal/tree"
)

// The real series on a real tree: XADDREF_GO_TREE, a Go tree at
// 8566979972 (6ad33be2d9's parent), a checkout or a plain tree. It is
// never written: the test works on a plain copy and on a git clone. The
// plain copies hold the tree's top level files and each directory the
// series and the test hooks touch (src/runtime; the hooks' compiler fix
// in src/cmd/internal/gc): a full copy costs many seconds more and tests
// nothing the series reaches. A checkout is cloned whole.
func TestGoTree(t *testing.T) {
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" {
		t.Skip("XADDREF_GO_TREE is not set: give a Go tree at 8566979972 to apply the real series to copies of it")
	}
	info, err := tree.Identify(src)
	if err != nil {
		t.Fatalf("XADDREF_GO_TREE: %v", err)
	}
	if info.Era != era.Go2015 {
		t.Skipf("XADDREF_GO_TREE=%s is a %s tree; the series is for the 2015 tree at 8566979972", src, info.Era.Name)
	}
	root := kit.Root()
	s, err := Load(root, Default)
	if err != nil {
		t.Fatal(err)
	}
	hooks, err := Load(root, "testhooks/"+Default)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.State(src)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != NotApplied {
		t.Fatalf("XADDREF_GO_TREE=%s is not at the series' base 8566979972: %s", src, st.Line())
	}
	up := upstreamPost(t, root)

	copies := map[string]func(t *testing.T) string{
		"plain copy": func(t *testing.T) string {
			dst := filepath.Join(t.TempDir(), "go")
			copyTouched(t, src, dst, s, hooks)
			return dst
		},
		"git clone": func(t *testing.T) string {
			dst := filepath.Join(t.TempDir(), "go")
			if info.Git {
				// Shared: the clone borrows the source's objects instead of
				// copying them; its own commits go in its own store.
				git(t, filepath.Dir(dst), "clone", "-q", "--shared", src, dst)
				return dst
			}
			copyTouched(t, src, dst, s, hooks)
			git(t, dst, "init", "-q")
			git(t, dst, "add", "-A")
			git(t, dst, "commit", "-q", "-m", "8566979972")
			return dst
		},
	}
	for _, name := range []string{"plain copy", "git clone"} {
		t.Run(name, func(t *testing.T) {
			dir := copies[name](t)
			before := snapshot(t, dir)
			mustApply(t, s, dir)
			for _, path := range s.Files {
				h, _ := fileHash(dir, path)
				if !strings.HasPrefix(h, up[path]) {
					t.Errorf("%s: blob %s after apply; upstream's post-image is %s", path, h, up[path])
				}
			}
			if st, _ := s.State(dir); st.Status != Applied {
				t.Errorf("after apply: %s", st.Line())
			}
			if name == "git clone" {
				if n := git(t, dir, "rev-list", "--count", "HEAD~5..HEAD"); n != "5" {
					t.Errorf("%s commits on top of the base, want 5", n)
				}
				if a := git(t, dir, "log", "-1", "--format=%an <%ae> %ad", "--date=iso"); a != "Srdjan Petrovic <spetrovic@google.com> 2015-04-16 14:32:18 -0700" {
					t.Errorf("author: %s", a)
				}
			}
			// The test hooks go on top, and come off first.
			mustApply(t, hooks, dir)
			if _, err := os.Stat(filepath.Join(dir, "src", "runtime", "export_xaddref_test.go")); err != nil {
				t.Error(err)
			}
			for _, x := range []*Series{hooks, s} {
				if _, err := x.Unapply(dir); err != nil {
					t.Fatal(err)
				}
			}
			if got := snapshot(t, dir); got != before {
				t.Error("unapply did not return the tree to its bytes (and HEAD)")
			}
		})
	}
}

// upstreamPost is upstream's abbreviated post-image hash of each file.
func upstreamPost(t *testing.T, root string) map[string]string {
	t.Helper()
	path, err := upstreamPatch(root, Default)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePatch(filepath.Base(path), b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range p.Files {
		out[f.Path] = f.NewHash
	}
	return out
}

// copyTouched copies src's top-level files, and each directory holding a
// file one of the series touches, to dst.
func copyTouched(t *testing.T, src, dst string, series ...*Series) {
	t.Helper()
	m, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dst, 0o755)
	for _, e := range m {
		if e.Type().IsRegular() {
			kittest.CopyTree(t, filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()))
		}
	}
	copied := map[string]bool{}
	for _, x := range series {
		for _, path := range x.Files {
			dir := filepath.Dir(filepath.FromSlash(path))
			if copied[dir] {
				continue
			}
			copied[dir] = true
			if _, err := os.Stat(filepath.Join(src, dir)); err != nil {
				continue // a directory the series creates
			}
			kittest.CopyTree(t, filepath.Join(src, dir), filepath.Join(dst, dir))
		}
	}
}

package series

import (
	"os"
	"path/filepath"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/tree"
)

// The series is bisectable: every prefix of it, applied patch by patch to a
// copy of XADDREF_GO_TREE (a tree at 8566979972), builds with make.bash.
// Each build takes a minute or more, so this runs only when asked:
//
//	XADDREF_GO_TREE=/path/to/go XADDREF_BISECT=1 go test -run Bisect -timeout 60m ./internal/series
func TestBisectBuild(t *testing.T) {
	src := os.Getenv("XADDREF_GO_TREE")
	if src == "" || os.Getenv("XADDREF_BISECT") == "" {
		t.Skip("set XADDREF_GO_TREE (a tree at 8566979972) and XADDREF_BISECT=1 to build every prefix of the series")
	}
	info, err := tree.Identify(src)
	if err != nil {
		t.Fatalf("XADDREF_GO_TREE: %v", err)
	}
	s, err := Load(kit.Root(), era.Go2015.Series)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "go")
	if r := kit.Run("", nil, false, "cp", "-a", info.Dir+"/.", dir); r.Err != nil {
		t.Fatalf("copying the tree: %s", r.Output)
	}
	os.RemoveAll(filepath.Join(dir, ".git"))
	if err := os.WriteFile(filepath.Join(dir, "VERSION"), []byte("devel xaddref-bisect\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append([]string{"GOROOT_BOOTSTRAP=" + kit.Go119Root, "GO111MODULE=off", "CGO_ENABLED=1", "GOROOT=", "GOFLAGS="}, era.Go2015.CGOEnv...)
	for k := 0; k <= len(s.Patches); k++ {
		if k > 0 {
			p := s.Patches[k-1]
			if r := kit.Run(dir, nil, false, "git", "apply", filepath.Join(s.Dir, p.Name)); r.Err != nil {
				t.Fatalf("git apply %s: %s", p.Name, r.Output)
			}
		}
		r := kit.Run(filepath.Join(dir, "src"), env, false, "./make.bash")
		if r.Err != nil {
			t.Fatalf("after %d patches, make.bash fails:\n%s", k, kit.Tail(r.Output, 30))
		}
		t.Logf("after %d of %d patches: make.bash builds (%.0fs)", k, len(s.Patches), r.Seconds)
	}
}

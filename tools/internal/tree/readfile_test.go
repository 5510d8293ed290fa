package tree

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"xaddref/tools/internal/kittest"
)

// ReadFile reads a file beside src/, and refuses one that is a link out
// of the tree, or not a regular file.
func TestReadFile(t *testing.T) {
	files := map[string]string{"test/helloworld.go": "package main\n"}
	for k, v := range go119Files {
		files[k] = v
	}
	dir := kittest.WriteTree(t, files)
	info, err := Identify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := info.ReadFile("test/helloworld.go"); err != nil || string(b) != "package main\n" {
		t.Errorf("test/helloworld.go: %q, %v", b, err)
	}
	if _, err := info.ReadFile("test/missing.go"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
	outside := filepath.Join(t.TempDir(), "secret.go")
	os.WriteFile(outside, []byte("package secret\n"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "test", "out.go"))
	if b, err := info.ReadFile("test/out.go"); err == nil {
		t.Errorf("a link out of the tree was read: %q", b)
	}
	if _, err := info.ReadFile("test"); err == nil {
		t.Error("a directory was read as a file")
	}
}

package diff

import (
	"os"
	"path/filepath"
	"testing"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// A test binary is reused only while what it was built with holds: the
// stamp changes with the go command's environment, with the go command
// and with the C compiler.
func TestBinaryStamp(t *testing.T) {
	dir := t.TempDir()
	goroot := filepath.Join(dir, "go")
	goCmd := filepath.Join(goroot, "bin", "go")
	cc := filepath.Join(dir, "cc")
	for _, f := range []string{goCmd, cc} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pr := &Prepared{Scratch: &tree.Scratch{Dir: goroot}, Era: era.Go119}
	a := era.Arch{GOARCH: "arm", CC: cc}
	env := []string{"GOARCH=arm", "CC=" + cc}
	base := pr.binaryStamp(a, env)
	if again := pr.binaryStamp(a, env); again != base {
		t.Fatalf("the same inputs give two stamps: %s, %s", base, again)
	}
	if s := pr.binaryStamp(a, append(env, "CGO_CFLAGS=-O3")); s == base {
		t.Error("the stamp does not change with the environment")
	}
	if s := pr.binaryStamp(era.Arch{GOARCH: "arm"}, env); s == base {
		t.Error("the stamp does not change without the C compiler")
	}
	for _, f := range []string{cc, goCmd} {
		if err := os.WriteFile(f, []byte("#!/bin/sh\n# another build\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		if s := pr.binaryStamp(a, env); s == base {
			t.Errorf("the stamp does not change when %s changes", f)
		}
		base = pr.binaryStamp(a, env)
	}
}

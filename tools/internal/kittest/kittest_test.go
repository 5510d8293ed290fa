package kittest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestCopyTree(t *testing.T) {
	src := WriteTree(t, map[string]string{
		"a":          "a\n",
		"d/b":        "b\n",
		"d/empty":    "",
		"run.sh":     "#!/bin/sh\n",
		".git/HEAD":  "ref: refs/heads/main\n",
		"d/.git/foo": "not copied\n",
	})
	if err := os.Chmod(filepath.Join(src, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("d/b", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy")
	CopyTree(t, src, dst)
	for rel, want := range map[string]string{"a": "a\n", "d/b": "b\n", "d/empty": "", "run.sh": "#!/bin/sh\n"} {
		if b, err := os.ReadFile(filepath.Join(dst, rel)); err != nil || string(b) != want {
			t.Errorf("%s: %q, %v; want %q", rel, b, err, want)
		}
	}
	if fi, err := os.Stat(filepath.Join(dst, "run.sh")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("run.sh: %v, %v; want mode 0755", fi.Mode(), err)
	}
	if l, err := os.Readlink(filepath.Join(dst, "link")); err != nil || l != "d/b" {
		t.Errorf("link: %q, %v; want a link to d/b", l, err)
	}
	for _, rel := range []string{".git", "d/.git"} {
		if _, err := os.Lstat(filepath.Join(dst, rel)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was copied (%v)", rel, err)
		}
	}
	// A single file.
	CopyTree(t, filepath.Join(src, "a"), filepath.Join(dst, "a2"))
	if b, err := os.ReadFile(filepath.Join(dst, "a2")); err != nil || string(b) != "a\n" {
		t.Errorf("a2: %q, %v", b, err)
	}
}

func TestExitCode(t *testing.T) {
	if code, err := ExitCode(exec.Command("sh", "-c", "exit 3").Run()); code != 3 || err != nil {
		t.Errorf("exit 3: %d, %v", code, err)
	}
	if code, err := ExitCode(exec.Command("true").Run()); code != 0 || err != nil {
		t.Errorf("true: %d, %v", code, err)
	}
	if code, err := ExitCode(exec.Command("/nonexistent/xaddref").Run()); code != -1 || err == nil {
		t.Errorf("a missing program: %d, %v; want -1 and its error", code, err)
	}
}

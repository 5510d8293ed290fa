// Package kittest holds helpers for the kit's own tests: building the
// xaddref command, laying out tiny trees, copying trees, reading exit
// statuses. Only _test.go files import it.
package kittest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"xaddref/tools/internal/kit"
)

var built struct {
	once sync.Once
	dir  string // the temporary directory the binary is in
	bin  string
	err  error
	main bool // Main runs the tests, and removes dir after them
}

// Main runs the package's tests and then removes what the helpers made
// once for the whole test process. A package whose tests call Xaddref has
// a TestMain that calls it: os.Exit(kittest.Main(m)).
func Main(m *testing.M) int {
	built.main = true
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	return code
}

// Xaddref builds tools/cmd/xaddref once per test process, with the kit's
// own Go (kit.Go), and returns the binary's path. It fails
// the test if the build fails, in every test that asks.
func Xaddref(t testing.TB) string {
	t.Helper()
	if !built.main {
		t.Fatal("kittest.Xaddref: the package's TestMain must call kittest.Main, which removes the binary")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "xaddref-test-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "xaddref")
		cmd := exec.Command(kit.Go(), "build", "-o", built.bin, "./cmd/xaddref")
		cmd.Dir = filepath.Join(kit.Root(), "tools")
		cmd.Env = append(os.Environ(), kit.GoEnv()...)
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build ./cmd/xaddref: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// ExitCode is a finished command's exit status, from the error of its
// Run or Wait: 0 for nil, the status for an *exec.ExitError (-1 if a
// signal ended it), and -1 with the error itself if it did not run.
func ExitCode(err error) (int, error) {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}

// WriteTree makes a temporary directory of t with the given files
// (path -> content) and returns it.
func WriteTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteFiles(t, dir, files)
	return dir
}

// WriteFiles writes the given files (path -> content) under dir, making
// their directories; an empty content makes an empty file.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// CopyTree copies src (a directory or a file) to dst: all but .git
// directories, keeping permissions and symbolic links; other special files
// are left out. A file that is already at dst fails the test. A link at
// src itself is copied as a link: resolve it first to copy what it names.
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		case info.Mode()&fs.ModeSymlink != 0:
			l, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(l, target)
		case !info.Mode().IsRegular():
			return nil
		}
		if _, err := os.Lstat(target); err == nil {
			return fmt.Errorf("copying %s: %s already exists", path, target)
		}
		if err := kit.CopyFile(path, filepath.Dir(target), filepath.Base(target), info.Mode().Perm()); err != nil {
			return err
		}
		return os.Chmod(target, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// HashTree hashes every path, mode and byte under root (a file or a
// directory), and symbolic links' targets; for a git checkout, its
// worktree and the commit HEAD names (not .git, whose index git may
// refresh when it only reads).
func HashTree(t testing.TB, root string) string {
	t.Helper()
	h := sha256.New()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").CombinedOutput()
			if err != nil {
				return fmt.Errorf("git rev-parse HEAD: %v: %s", err, out)
			}
			fmt.Fprintf(h, "HEAD %s\x00", out)
			return filepath.SkipDir
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%v\x00", rel, fi.Mode())
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			fmt.Fprintf(h, "%s\x00", target)
		case fi.Mode().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seed is XADDREF_SEED (decimal, signed, or 0x-hex) or else a fresh seed,
// logged so that a run reproduces; a malformed XADDREF_SEED fails the test
// rather than running with some other seed.
func Seed(t testing.TB) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if s := os.Getenv("XADDREF_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 0, 64); err != nil {
			t.Fatalf("XADDREF_SEED=%s: not a 64-bit seed: %v", s, err)
		}
	}
	t.Logf("seed %d (rerun with XADDREF_SEED=%d)", seed, seed)
	return seed
}

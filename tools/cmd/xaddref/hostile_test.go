package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

// run runs the xaddref binary with env added, in a process group of its
// own that is killed after limit, and returns its exit status and stderr.
func run(t *testing.T, bin string, env []string, limit time.Duration, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(limit, func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	if !timer.Stop() {
		t.Errorf("xaddref %s: killed after %s", strings.Join(args, " "), limit)
	}
	code, err := kittest.ExitCode(err)
	if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String()
}

// A hostile tree is a Go tree its user did not write, made to lead the kit
// outside it: a link at a path the kit writes (its test files, its cgo
// package, files the test hooks and the series patch, the toolchain's
// outputs), a link that climbs out through "..", a special file among the
// sources. Each must end in exit 2 naming the problem, with the tree and a
// canary folder outside it (what the links point at) left as they were.
type hostile struct {
	name  string
	era   string // "go1.19" or "2015": the tree it is planted in
	plant func(t *testing.T, tree, canary string)
	want  string // a fragment of stderr
}

// minimalTrees are the least a tree needs for tree.Identify to take it as
// each era: every refusal must come before anything else reads it.
var minimalTrees = map[string]map[string]string{
	"go1.19": {"VERSION": "go1.19.8\n", "src/runtime/mstats.go": "package runtime\n"},
	"2015": {"VERSION": "devel +8566979972\n", "src/runtime/mstats.go": "package runtime\n",
		"src/runtime/os1_linux.go": "package runtime\n"},
}

func hostileTrees() []hostile {
	link := func(rel, to string) func(t *testing.T, tree, canary string) {
		return func(t *testing.T, tree, canary string) {
			target := to
			if !strings.HasPrefix(to, ".") {
				target = filepath.Join(canary, to)
			}
			symlink(t, target, filepath.Join(tree, rel))
		}
	}
	return []hostile{
		{"test file links out", "go1.19", link("src/runtime/xaddref_common_test.go", "victim.txt"),
			"src/runtime/xaddref_common_test.go is a link to "},
		{"cgo package links out", "go1.19", link("src/runtime/xaddrefmodel", "victim"),
			"src/runtime/xaddrefmodel is a link to "},
		{"model sources link out", "go1.19", func(t *testing.T, tree, canary string) {
			link("src/runtime/xaddrefmodel/cref", "victim")(t, tree, canary)
		}, "src/runtime/xaddrefmodel/cref is a link to "},
		{"runtime directory links out", "go1.19", func(t *testing.T, tree, canary string) {
			kittest.WriteFiles(t, filepath.Join(canary, "victim"), map[string]string{"mstats.go": "package runtime\n"})
			os.RemoveAll(filepath.Join(tree, "src/runtime"))
			link("src/runtime", "victim")(t, tree, canary)
		}, "src/runtime is a link to "},
		{"file climbs out through ..", "go1.19", func(t *testing.T, tree, canary string) {
			rel, _ := filepath.Rel(filepath.Join(tree, "src", "runtime"), filepath.Join(canary, "victim.txt"))
			symlink(t, rel, filepath.Join(tree, "src/runtime/xaddref_model_test.go"))
		}, "src/runtime/xaddref_model_test.go is a link to ../"},
		{"VERSION links out", "go1.19", func(t *testing.T, tree, canary string) {
			os.WriteFile(filepath.Join(canary, "victim.txt"), []byte("go1.19.8\n"), 0o644)
			os.Remove(filepath.Join(tree, "VERSION"))
			link("VERSION", "victim.txt")(t, tree, canary)
		}, "VERSION is a link to "},
		{"dangling link", "go1.19", link("src/runtime/gone.go", "nothing-here.go"),
			"src/runtime/gone.go is a link to "},
		{"test hook's file links out", "2015", func(t *testing.T, tree, canary string) {
			os.Remove(filepath.Join(tree, "src/runtime/os1_linux.go"))
			link("src/runtime/os1_linux.go", "victim.txt")(t, tree, canary)
		}, "src/runtime/os1_linux.go is a link to "},
		{"series' file links out", "2015", link("src/runtime/malloc.go", "victim.txt"),
			"src/runtime/malloc.go is a link to "},
		{"build output links out", "2015", link("src/runtime/zversion.go", "victim.txt"),
			"src/runtime/zversion.go is a link to "},
		{"dist binary links out", "2015", link("src/cmd/dist/dist", "victim.txt"),
			"src/cmd/dist/dist is a link to "},
		{"FIFO among the sources", "go1.19", func(t *testing.T, tree, canary string) {
			if err := syscall.Mkfifo(filepath.Join(tree, "src/runtime/fifo.go"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "src/runtime/fifo.go is a FIFO"},
		{"socket among the sources", "2015", func(t *testing.T, tree, canary string) {
			l, err := net.Listen("unix", filepath.Join(tree, "src/runtime/sock.go"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
		}, "src/runtime/sock.go is a socket"},
	}
}

// symlink makes path (and its directory) a link to target.
func symlink(t *testing.T, target, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

// newCanary is a folder outside every tree: a file and a folder for links
// to point at.
func newCanary(t *testing.T) string {
	t.Helper()
	canary := t.TempDir()
	kittest.WriteFiles(t, canary, map[string]string{
		"victim.txt":        "the victim's own text\n",
		"victim/keep.txt":   "a file in the victim folder\n",
		"victim/mstats.go":  "package runtime\n",
		"unrelated/file.go": "package unrelated\n",
	})
	return canary
}

// TestHostileTrees runs every command that takes a tree on each hostile
// tree: exit 2 naming the entry, the tree and the canary unchanged, and no
// scratch copy made. Each tree has a cache of its own: trees that differ
// only by a link must not meet a scratch copy another one made.
func TestHostileTrees(t *testing.T) {
	bin := kittest.Xaddref(t)
	for _, h := range hostileTrees() {
		t.Run(h.name, func(t *testing.T) {
			t.Parallel()
			cache := t.TempDir()
			env := []string{"XADDREF_ROOT=" + kit.Root(), "XADDREF_CACHE_DIR=" + cache}
			tree, canary := kittest.WriteTree(t, minimalTrees[h.era]), newCanary(t)
			h.plant(t, tree, canary)
			before, outside := kittest.HashTree(t, tree), kittest.HashTree(t, canary)
			commands := [][]string{
				{"diff", "--tree", tree, "--arch", "amd64"},
				{"verify", "--tree", tree, "--arch", "amd64"},
				{"variants", "--tree", tree},
				{"gless", "--tree", tree, "--all"},
				{"callers", "--tree", tree, "--all"},
				{"series", "status", "--tree", tree},
				{"series", "apply", "--tree", tree},
			}
			for _, args := range commands {
				code, stderr := run(t, bin, env, 3*time.Minute, args...)
				if code != 2 || !strings.Contains(stderr, h.want) {
					t.Errorf("xaddref %s: exit %d, stderr:\n%s\nwant exit 2 and %q", args[0], code, stderr, h.want)
				}
			}
			if kittest.HashTree(t, tree) != before {
				t.Error("the tree changed")
			}
			if kittest.HashTree(t, canary) != outside {
				t.Error("the canary folder outside the tree changed")
			}
			if entries, _ := os.ReadDir(filepath.Join(cache, "trees")); len(entries) > 0 {
				t.Errorf("a command made a scratch copy of a tree it should have refused")
			}
		})
	}
}

// A file the kit cannot read is named, with exit 2. Root reads any file
// whatever its mode, so the command runs as nobody when the test is root.
func TestUnreadableTree(t *testing.T) {
	bin := kittest.Xaddref(t)
	base := t.TempDir()
	tree, cache := filepath.Join(base, "tree"), filepath.Join(base, "cache")
	kittest.WriteFiles(t, tree, minimalTrees["go1.19"])
	kittest.WriteFiles(t, tree, map[string]string{"src/runtime/secret.go": "package runtime\n"})
	if err := os.Chmod(filepath.Join(tree, "src/runtime/secret.go"), 0); err != nil {
		t.Fatal(err)
	}
	cmd := []string{bin, "diff", "--tree", tree, "--arch", "amd64"}
	env := []string{"XADDREF_ROOT=" + kit.Root(), "XADDREF_CACHE_DIR=" + cache, "HOME=" + base}
	var sys *syscall.SysProcAttr
	if os.Getuid() == 0 {
		// nobody must reach the binary, the tree and the cache.
		for _, d := range []string{filepath.Dir(bin), filepath.Dir(base), base, tree} {
			os.Chmod(d, 0o755)
		}
		os.MkdirAll(cache, 0o755)
		os.Chown(cache, 65534, 65534)
		sys = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	before := kittest.HashTree(t, tree)
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Env = append(os.Environ(), env...)
	c.SysProcAttr = sys
	var stderr bytes.Buffer
	c.Stderr = &stderr
	code, err := kittest.ExitCode(c.Run())
	if err != nil {
		t.Fatal(err)
	}
	if want := "src/runtime/secret.go: permission denied"; code != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr.String(), want)
	}
	if kittest.HashTree(t, tree) != before {
		t.Error("the tree changed")
	}
}

// A link that stays inside the tree is harmless, and so is a tree that is
// itself a link: the kit runs on such a tree as on any other, its scratch
// copy keeps the inner links inside it, and the files it writes where the
// tree had a link replace the link. The tree is a copy of Debian's Go 1.19
// with such links, reached through a link; the run must pass, with the
// tree and the canary unchanged.
func TestHarmlessLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the runtime's test binary (about a minute); not with -short")
	}
	bin := kittest.Xaddref(t)
	base := t.TempDir()
	real := filepath.Join(base, "go1.19")
	src, err := filepath.EvalSymlinks(filepath.Join(kit.Go119Root, "src"))
	if err != nil {
		t.Fatal(err)
	}
	kittest.CopyTree(t, src, filepath.Join(real, "src"))
	kittest.WriteFiles(t, real, map[string]string{"VERSION": "go1.19.8\n", "src/runtime/xaddref_other.go": "package runtime\n"})
	// A link where the kit writes its test file, one to a directory, one
	// that climbs up and back down inside the tree.
	symlink(t, "xaddref_other.go", filepath.Join(real, "src/runtime/xaddref_common_test.go"))
	symlink(t, "../runtime/internal", filepath.Join(real, "src/internal/rtinternal"))
	symlink(t, "../../src/runtime/mstats.go", filepath.Join(real, "src/internal/mstats.go.txt"))
	tree := filepath.Join(base, "tree")
	symlink(t, real, tree)
	canary := newCanary(t)
	before, outside := kittest.HashTree(t, real), kittest.HashTree(t, canary)
	// The caller's cache: its build cache makes this a short run.
	code, stderr := run(t, bin, []string{"XADDREF_ROOT=" + kit.Root()}, 20*time.Minute,
		"diff", "--tree", tree, "--arch", "amd64", "--ops", "20000")
	if code != 0 {
		t.Errorf("diff on a tree with harmless links: exit %d, stderr:\n%s", code, kit.Tail(stderr, 40))
	}
	if kittest.HashTree(t, real) != before {
		t.Error("the tree changed")
	}
	if kittest.HashTree(t, canary) != outside {
		t.Error("the canary folder changed")
	}
}

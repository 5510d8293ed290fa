package series

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"xaddref/tools/internal/kittest"
)

// The tests make their own tiny trees and series with git: a stand-in Go
// tree (the two files tree.Identify looks for, and a few text files), a
// series "syn" of three patches made by git format-patch --full-index, and
// its upstream commit, the same change as one commit, as git show prints it.

// testTmp holds what the tests share: the fixture, a template checkout,
// the kit's cache.
var testTmp string

func TestMain(m *testing.M) {
	// No user or system git configuration: the tests run as on a machine
	// where git has no identity, and the kit's cache is a scratch one.
	tmp, err := os.MkdirTemp("", "xaddref-series-test-")
	if err != nil {
		panic(err)
	}
	testTmp = tmp
	empty := filepath.Join(tmp, "gitconfig")
	os.WriteFile(empty, nil, 0o644)
	os.Setenv("GIT_CONFIG_GLOBAL", empty)
	os.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	os.Setenv("XADDREF_CACHE_DIR", filepath.Join(tmp, "cache"))
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "EMAIL"} {
		os.Unsetenv(v)
	}
	code := kittest.Main(m)
	os.RemoveAll(tmp)
	os.Exit(code)
}

const (
	synAuthor = "Ann Author <ann@example.com>"
	synDate   = "Thu, 16 Apr 2015 14:32:18 -0700"
)

// baseFiles is the stand-in tree at the series' base.
func baseFiles() map[string]string {
	var a strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&a, "line %d\n", i)
	}
	return map[string]string{
		"src/runtime/mstats.go":    "package runtime\n\nvar stat uint64\n",
		"src/runtime/os1_linux.go": "package runtime\n",
		"src/runtime/a.txt":        a.String(),
		"src/runtime/old.txt":      "to be deleted\n",
		"README":                   "a stand-in tree\n",
	}
}

// step is one patch of a series the tests make: its subject and the files
// it writes (an empty string deletes).
type step struct {
	subject string
	files   map[string]string
}

// synSteps are the series' patches. a.txt is changed by two patches.
var synSteps = []step{
	{"runtime: first change", map[string]string{
		"src/runtime/mstats.go": "package runtime\n\nvar stat uint64\n\nfunc inc() {}\n",
		"src/runtime/a.txt":     replaceLine(baseFiles()["src/runtime/a.txt"], 3, "line three\n"),
	}},
	{"runtime: second change", map[string]string{
		"src/runtime/a.txt": replaceLine(replaceLine(baseFiles()["src/runtime/a.txt"], 3, "line three\n"), 25, "line twenty-five\nand one more\n"),
	}},
	{"runtime: add new.txt, drop old.txt", map[string]string{
		"src/runtime/new.txt": "new file\n",
		"src/runtime/old.txt": "",
	}},
}

func replaceLine(s string, n int, with string) string {
	lines := strings.SplitAfter(s, "\n")
	lines[n-1] = with
	return strings.Join(lines, "")
}

// git runs git in dir and fails the test on error.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test Committer", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Ann Author", "GIT_AUTHOR_EMAIL=ann@example.com",
		"GIT_AUTHOR_DATE=2015-04-16T14:32:18-0700", "GIT_COMMITTER_DATE=2015-04-17T10:00:00-0700")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

// writeFiles writes the files (path -> content) under dir; an empty
// content deletes the file.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	write := map[string]string{}
	for rel, body := range files {
		if body == "" {
			os.Remove(filepath.Join(dir, rel))
			continue
		}
		write[rel] = body
	}
	kittest.WriteFiles(t, dir, write)
}

// fixture is a kit root with patches/syn and its upstream patch.
type fixture struct {
	root string
}

var shared struct {
	once sync.Once
	f    *fixture
}

// sharedFixture is the fixture the tests that only read it share.
func sharedFixture(t testing.TB) *fixture {
	t.Helper()
	shared.once.Do(func() {
		root := filepath.Join(testTmp, "fixture")
		makeFixture(t, root, filepath.Join(testTmp, "fixture-work"))
		shared.f = &fixture{root: root}
	})
	if shared.f == nil {
		t.Fatal("making the fixture failed (see the first test that made it)")
	}
	return shared.f
}

// newFixture is a copy of the fixture, for a test to change.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	src := sharedFixture(t).root
	root := t.TempDir()
	cp(t, filepath.Join(src, "patches"), filepath.Join(root, "patches"))
	return &fixture{root: root}
}

// cp copies a directory as it is, .git included.
func cp(t testing.TB, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp -a %s %s: %v\n%s", src, dst, err, out)
	}
}

// makeFixture makes the series with git in a scratch repository.
func makeFixture(t testing.TB, root, work string) {
	makeSeries(t, root, work, "syn", baseFiles(), synSteps)
}

// makeSeries makes patches/NAME under root, steps on base, with git in
// the scratch repository work, and its upstream commit, the steps as one.
func makeSeries(t testing.TB, root, work, name string, base map[string]string, steps []step) {
	t.Helper()
	os.MkdirAll(work, 0o755)
	git(t, work, "init", "-q", "--template=")
	writeFiles(t, work, base)
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	for _, st := range steps {
		writeFiles(t, work, st.files)
		git(t, work, "add", "-A")
		git(t, work, "commit", "-q", "-m", st.subject, "-m", "Why "+st.subject+".")
	}
	n := fmt.Sprintf("HEAD~%d", len(steps))
	dir := filepath.Join(root, "patches", name)
	os.MkdirAll(dir, 0o755)
	git(t, work, "format-patch", "-q", "--full-index", "-o", dir, n)
	m, _ := filepath.Glob(filepath.Join(dir, "*.patch"))
	sort.Strings(m)
	var names []string
	for _, p := range m {
		names = append(names, filepath.Base(p))
	}
	os.WriteFile(filepath.Join(dir, "series"), []byte("# the "+name+" series\n"+strings.Join(names, "\n")+"\n"), 0o644)
	// Upstream: the steps as one commit, with abbreviated hashes.
	git(t, work, "reset", "-q", "--soft", n)
	git(t, work, "commit", "-q", "-m", "runtime: the whole change", "-m", "All of it.")
	up := git(t, work, "show", "--patch-with-stat", "--abbrev=10", "--format=medium", "HEAD")
	os.MkdirAll(filepath.Join(root, "patches", "upstream"), 0o755)
	os.WriteFile(filepath.Join(root, "patches", "upstream", name+"0123456789.patch"), []byte(up+"\n"), 0o444)
}

func (f *fixture) load(t testing.TB) *Series {
	t.Helper()
	s, err := Load(f.root, "syn")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// plainTree makes a plain stand-in tree at the base.
func plainTree(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "go")
	writeFiles(t, dir, baseFiles())
	return dir
}

var gitTemplate struct {
	once sync.Once
	dir  string
}

// gitTree makes a checkout at the base, with a commit before it: a copy
// of one made once.
func gitTree(t testing.TB) string {
	t.Helper()
	gitTemplate.once.Do(func() {
		dir := filepath.Join(testTmp, "git-template")
		os.MkdirAll(dir, 0o755)
		git(t, dir, "init", "-q", "--template=")
		writeFiles(t, dir, map[string]string{"README": "first\n"})
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-q", "-m", "first")
		writeFiles(t, dir, baseFiles())
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-q", "-m", "base")
		gitTemplate.dir = dir
	})
	if gitTemplate.dir == "" {
		t.Fatal("making the template checkout failed")
	}
	dir := filepath.Join(t.TempDir(), "go")
	cp(t, gitTemplate.dir, dir)
	return dir
}

// snapshot is every file of a tree but .git, with its mode and content
// hash, and for a checkout its HEAD, branch and git status.
func snapshot(t testing.TB, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			lines = append(lines, rel+"/")
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha1.Sum(b)
		lines = append(lines, fmt.Sprintf("%s %v %s", rel, info.Mode(), hex.EncodeToString(sum[:])))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		lines = append(lines, "HEAD "+git(t, dir, "rev-parse", "HEAD"),
			// The branch, or "HEAD" where it is detached.
			"branch "+git(t, dir, "rev-parse", "--abbrev-ref", "HEAD"),
			"status "+git(t, dir, "status", "--porcelain"))
	}
	return strings.Join(lines, "\n")
}

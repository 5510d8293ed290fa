package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/series"
)

// The tree's own test suite (regress) runs in copies of their own, one per
// prefix of the series: the base (Patches 0), the whole series, and the
// prefixes between that bisecting a change builds. They differ from the
// differential suite's copies in three ways. The tree's tests stay as
// they are (installOverlay removes its external runtime tests), and none
// of the kit's are installed. Only the test hooks that change how the tree
// builds and runs go on (RunsTree), on every prefix alike, so that two
// copies differ by the series' patches alone. And the few files outside
// src/ that the tree's tests read are copied too (treeTestFiles).

// treeTestFiles are the files outside src/ that the tree's own runtime
// tests read: runtime_test.go's TestRuntimeGogoBytes builds
// ../../test/helloworld.go from src/runtime. A scratch copy holds src/
// alone; without it that test fails on every side for the copy's sake.
var treeTestFiles = []string{"test/helloworld.go"}

// RunsTree says whether a test hook changes how the tree builds or runs
// (it edits a file that is not a _test.go file: _CLONE_SYSVSEM on
// newosproc's clone, the compiler's big-endian fix), rather than
// exporting names to the kit's own tests, which the tree's own suite does
// not install: 0001 exports mSysStatInc, which exists only with the
// series, 0004 the system call wrappers.
func RunsTree(p *series.Patch) bool {
	for _, f := range p.Files {
		if !strings.HasSuffix(f.Path, "_test.go") {
			return true
		}
	}
	return false
}

// prepareTreeTests applies the series' first o.Patches patches and the
// hooks that RunsTree keeps, and copies treeTestFiles from the tree.
func prepareTreeTests(dir string, p *era.Era, o Options) error {
	if o.Patches > 0 {
		s, err := series.Load(kit.Root(), p.Series)
		if err != nil {
			return err
		}
		if o.Patches > len(s.Patches) {
			return cli.Usagef("series %s has %d patches, not %d", p.Series, len(s.Patches), o.Patches)
		}
		kit.Progress("applying patches 1-%d of %s in the scratch copy ...", o.Patches, p.Series)
		pre := s.Prefix(o.Patches)
		if _, err := pre.Apply(dir); err != nil {
			return notApplied(pre, dir, false, err)
		}
	}
	if p.TestHooks != "" {
		h, err := series.Load(kit.Root(), p.TestHooks)
		if err != nil {
			return err
		}
		if err := h.ApplyByContext(dir, RunsTree); err != nil {
			return &buildError{out: err.Error()}
		}
	}
	for _, rel := range treeTestFiles {
		b, err := o.Tree.ReadFile(rel)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return cli.Usagef("reading the tree's %s: %v", rel, err)
		}
		if err := kit.WriteFile(dir, rel, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// treeTestsKey names a copy for the tree's own tests: the tree's content,
// the prefix, every patch file of the series and the hooks, and
// treeTestFiles.
func treeTestsKey(content string, o Options, p *era.Era) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00tree tests\x00patches=%d\x00", content, p.Name, o.Patches)
	for _, dir := range []string{p.Series, p.TestHooks} {
		if dir == "" {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(kit.Root(), "patches", dir, "*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", cli.Usagef("kit file missing: %v", err)
			}
			fmt.Fprintf(h, "%s/%s\x00", dir, filepath.Base(f))
			h.Write(b)
		}
	}
	for _, rel := range treeTestFiles {
		b, err := o.Tree.ReadFile(rel)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", cli.Usagef("reading the tree's %s: %v", rel, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

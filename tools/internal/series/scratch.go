package series

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// One engine: apply and unapply patch a plain tree with git apply (a
// checkout with git am, which applies the same way), and check and
// verify-split have git apply work on copies of the files in a scratch
// directory, so that a dry run cannot disagree with the real one.

// gitApply is git apply's command line as the series uses it everywhere.
func gitApply(args ...string) []string {
	return append([]string{"apply", "--whitespace=nowarn"}, args...)
}

// scratchDir makes a temporary directory, outside any repository, for git
// apply to work in. It returns it as a plain target, and the function that
// removes it.
func scratchDir() (*target, func(), error) {
	dir, err := os.MkdirTemp("", "xaddref-series-")
	if err != nil {
		return nil, nil, cli.Usagef("scratch directory: %v", err)
	}
	drop := func() { os.RemoveAll(dir) }
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		drop()
		return nil, nil, cli.Usagef("scratch directory: %v", err)
	}
	return &target{dir: real, env: gitEnv(real)}, drop, nil
}

// put writes b as path in the scratch directory t; nil removes path.
func (t *target) put(path string, b []byte) error {
	if b == nil {
		if err := os.Remove(filepath.Join(t.dir, filepath.FromSlash(path))); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	return kit.WriteFile(t.dir, filepath.FromSlash(path), b, 0o644)
}

// lines reads path in t as lines that keep their newline; nil when it is
// missing.
func (t *target) lines(path string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(t.dir, filepath.FromSlash(path)))
	switch {
	case os.IsNotExist(err):
		return nil, nil
	case err != nil:
		return nil, err
	case len(b) == 0:
		return nil, nil
	}
	return splitLines(b), nil
}

var (
	hunkOffsetRE  = regexp.MustCompile(`(?m)^Hunk #(\d+) succeeded at \d+ \(offset (-?\d+) lines?\)\.$`)
	patchFailedRE = regexp.MustCompile(`(?m)^error: patch failed: (.*):(\d+)$`)
)

// applyFile has git apply make f, one file's change in the patch file
// patch, in the scratch directory t: all of it, or on an error nothing. It
// returns each hunk's offset, how many lines from where its header says
// git found it. A hunk git does not find is a *hunkError.
func (t *target) applyFile(patch string, f *FileDiff) ([]int, error) {
	before, err := t.lines(f.Path)
	if err != nil {
		return nil, err
	}
	out, err := t.run(gitApply("-v", "--include="+wildEscape(f.Path), patch)...)
	offsets := make([]int, len(f.Hunks))
	for _, m := range hunkOffsetRE.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		if n >= 1 && n <= len(offsets) {
			offsets[n-1], _ = strconv.Atoi(m[2])
		}
	}
	if err == nil {
		if !strings.Contains(out, "Checking patch "+f.Path+"...") {
			return nil, fmt.Errorf("%s: git apply found no change to it in %s", f.Path, patch)
		}
		return offsets, nil
	}
	// git stops at the first hunk it cannot place, and names it by its
	// header's first line.
	for _, m := range patchFailedRE.FindAllStringSubmatch(out, -1) {
		at, _ := strconv.Atoi(m[2])
		for k, h := range f.Hunks {
			if m[1] == f.Path && h.OldStart == at {
				return nil, misplaced(f, before, k, offsets)
			}
		}
	}
	if strings.Contains(out, "removal patch leaves file contents") {
		n := len(before)
		for _, h := range f.Hunks {
			n -= h.Removed()
		}
		return nil, fmt.Errorf("%s: the patch deletes it but %d lines would remain", f.Path, n)
	}
	return nil, fmt.Errorf("%s: %v", f.Path, err)
}

// wildEscape makes path a git apply --include pattern that matches only
// path.
func wildEscape(path string) string {
	var b strings.Builder
	for _, r := range path {
		if strings.ContainsRune(`\*?[`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// headerLine is the index of h's first pre-image line, as its header says:
// a hunk that removes nothing ("-5,0") goes after line 5.
func headerLine(h *Hunk) int {
	if h.OldLines == 0 {
		return h.OldStart
	}
	return h.OldStart - 1
}

// misplaced is the error for f's k-th hunk (0-based), which git did not
// find where its header says; lines is the file as it was. git says which
// hunk, not why: mismatch compares the hunk with the lines at its header's
// place (after the earlier hunks, where git found them) to say which line
// differs.
func misplaced(f *FileDiff, lines []string, k int, offsets []int) *hunkError {
	pos := 0
	if k > 0 {
		prev := f.Hunks[k-1]
		pos = headerLine(prev) + offsets[k-1] + len(prev.old())
	}
	h := f.Hunks[k]
	want, old := headerLine(h), h.old()
	why := mismatch(lines, want, old, pos)
	if _, end := anchors(h); why == "" && end && want+len(old) < len(lines) {
		why = fmt.Sprintf("its lines are at line %d, but the file goes on for %s after them", want+1, plural(len(lines)-want-len(old), "line", "lines"))
	} else if why == "" {
		why = fmt.Sprintf("its lines are not at line %d", want+1)
	}
	return &hunkError{f.Path, k + 1, h, why}
}

// anchors says where alone git looks for h: at the start of the file for a
// hunk at its first line, at the end for one with no context after its
// last change (git apply's match_beginning and match_end).
func anchors(h *Hunk) (start, end bool) {
	return h.OldStart <= 1, len(h.Lines) > 0 && h.Lines[len(h.Lines)-1].Op != ' '
}

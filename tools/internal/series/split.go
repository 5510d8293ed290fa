package series

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xaddref/tools/internal/cli"
)

// SplitStats sums up a series that verify-split accepted.
type SplitStats struct {
	Upstream string // the upstream patch's file name
	Patches  int
	Files    int
	Added    int
	Removed  int
}

// VerifySplit proves, with no Go tree, that patches/NAME is its upstream
// commit (patches/upstream/NAME*.patch) split into patches: the series
// lists exactly the patch files of its directory, numbered in order; each
// carries upstream's authorship; together they change the same files as
// upstream, each file from upstream's pre-image blob to its post-image blob
// through a chain of full index hashes (post == next pre), and with the
// same changes. A failure is a check failure (exit 1) listing every
// discrepancy.
func VerifySplit(root, name string) (*SplitStats, error) {
	dir, err := seriesDir(root, name)
	if err != nil {
		return nil, err
	}
	up, err := upstreamPatch(root, name)
	if err != nil {
		return nil, err
	}
	ub, err := os.ReadFile(up)
	if err != nil {
		return nil, cli.Usagef("%v", err)
	}
	upstream, err := ParsePatch(filepath.Base(up), ub)
	if err != nil {
		return nil, cli.Usagef("upstream patch: %v", err)
	}
	v := &splitCheck{upstream: up}
	patches := v.readSeries(dir)
	stats := &SplitStats{Upstream: filepath.Base(up), Patches: len(patches)}
	for i, p := range patches {
		if p.Number != 0 || p.Total != 0 {
			if p.Number != i+1 || p.Total != len(patches) {
				v.addf("%s is numbered [PATCH %d/%d] but is patch %d of the %d the series lists", p.Name, p.Number, p.Total, i+1, len(patches))
			}
		}
		if p.Author != upstream.Author {
			v.addf("%s: author %q, upstream's is %q", p.Name, p.Author, upstream.Author)
		}
		if !p.Date.Equal(upstream.Date) {
			v.addf("%s: date %s, upstream's is %s", p.Name, p.Date, upstream.Date)
		}
		for _, f := range p.Files {
			if !fullHashRE.MatchString(f.OldHash) || !fullHashRE.MatchString(f.NewHash) {
				v.addf("%s: %s: index %s..%s is not in full (40 hex digits; make the series with --full-index)", p.Name, f.Path, f.OldHash, f.NewHash)
			}
		}
	}
	// The files: each upstream file, and only those, with the same changes.
	touched := map[string][]*patchFile{}
	for _, p := range patches {
		for _, f := range p.Files {
			touched[f.Path] = append(touched[f.Path], &patchFile{p, f, filepath.Join(dir, p.Name)})
		}
	}
	upFiles := map[string]*FileDiff{}
	for _, f := range upstream.Files {
		upFiles[f.Path] = f
		stats.Files++
		for _, h := range f.Hunks {
			stats.Added += h.Added()
			stats.Removed += h.Removed()
		}
		if len(touched[f.Path]) == 0 {
			v.addf("%s: changed by upstream, by no patch of the series", f.Path)
			continue
		}
		v.compareFile(f, touched[f.Path])
	}
	var extra []string
	for path, pf := range touched {
		if upFiles[path] == nil {
			extra = append(extra, fmt.Sprintf("%s: changed by %s, not by upstream", path, pf[0].p.Name))
		}
	}
	sort.Strings(extra)
	v.problems = append(v.problems, extra...)
	if len(v.problems) > 0 {
		return nil, cli.Failf("series %s is not upstream %s split:\n  - %s", name, stats.Upstream, strings.Join(v.problems, "\n  - "))
	}
	return stats, nil
}

// upstreamPatch finds patches/upstream/NAME*.patch.
func upstreamPatch(root, name string) (string, error) {
	m, _ := filepath.Glob(filepath.Join(root, "patches", "upstream", name+"*.patch"))
	if strings.Contains(name, "/") || len(m) != 1 {
		return "", cli.Usagef("series %s has no upstream commit to compare with: want exactly one patches/upstream/%s*.patch, found %d", name, name, len(m))
	}
	return m[0], nil
}

// patchFile is one patch's change to one file, and the patch's file.
type patchFile struct {
	p    *Patch
	f    *FileDiff
	file string
}

type splitCheck struct {
	upstream string // the upstream patch's file
	problems []string
}

func (v *splitCheck) addf(format string, args ...interface{}) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// readSeries reads the series file and its patches, noting what is
// missing, unlisted, listed twice, or unreadable.
func (v *splitCheck) readSeries(dir string) []*Patch {
	names, err := readSeriesFile(dir)
	if err != nil {
		v.addf("%v", err)
		return nil
	}
	listed := map[string]bool{}
	var out []*Patch
	for _, n := range names {
		if listed[n] {
			v.addf("series lists %s twice", n)
			continue
		}
		listed[n] = true
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			v.addf("series lists %s, which cannot be read: %v", n, err)
			continue
		}
		p, err := ParsePatch(n, b)
		if err != nil {
			v.addf("%v", err)
			continue
		}
		out = append(out, p)
	}
	m, _ := filepath.Glob(filepath.Join(dir, "*.patch"))
	for _, f := range m {
		if !listed[filepath.Base(f)] {
			v.addf("%s is in %s but not in its series file", filepath.Base(f), dir)
		}
	}
	return out
}

// compareFile checks the series' changes to one file against upstream's:
// the blob chain, the kind of change, and the content.
func (v *splitCheck) compareFile(up *FileDiff, chain []*patchFile) {
	path := up.Path
	first, last := chain[0].f, chain[len(chain)-1].f
	if !strings.HasPrefix(first.OldHash, up.OldHash) {
		v.addf("%s: %s starts from blob %.10s, upstream's pre-image is %s", path, chain[0].p.Name, first.OldHash, up.OldHash)
	}
	if !strings.HasPrefix(last.NewHash, up.NewHash) {
		v.addf("%s: %s ends at blob %.10s, upstream's post-image is %s", path, chain[len(chain)-1].p.Name, last.NewHash, up.NewHash)
	}
	for i := 1; i < len(chain); i++ {
		if chain[i-1].f.NewHash != chain[i].f.OldHash {
			v.addf("%s: %s leaves blob %.10s but %s starts from blob %.10s", path, chain[i-1].p.Name, chain[i-1].f.NewHash, chain[i].p.Name, chain[i].f.OldHash)
		}
	}
	if first.New != up.New {
		v.addf("%s: %s creates it: %v, upstream: %v", path, chain[0].p.Name, first.New, up.New)
	}
	if last.Deleted != up.Deleted {
		v.addf("%s: %s deletes it: %v, upstream: %v", path, chain[len(chain)-1].p.Name, last.Deleted, up.Deleted)
	}
	if up.Mode != "" && last.Mode != "" && up.Mode != last.Mode {
		v.addf("%s: mode %s, upstream's is %s", path, last.Mode, up.Mode)
	}
	if err := v.sameChanges(up, chain); err != nil {
		v.addf("%s: %v", path, err)
	}
}

// sameChanges compares the series' changes to one file with upstream's,
// without the file. Its pre-image is rebuilt from upstream's hunks (their
// context and removed lines at their line numbers), the lines no hunk
// shows standing as placeholders, one per line. git apply makes upstream's
// change on one copy of it and each patch's in turn on another, every hunk
// exactly where its header says; the two results must be equal line for
// line. A series hunk may show as context a line upstream's do not: it
// takes the place of its placeholder on both copies; removing or replacing
// such a line makes the results differ.
func (v *splitCheck) sameChanges(up *FileDiff, chain []*patchFile) error {
	base, err := preImage(up, chain)
	if err != nil {
		return err
	}
	ups, dropUp, err := scratchDir()
	if err != nil {
		return err
	}
	defer dropUp()
	ser, dropSer, err := scratchDir()
	if err != nil {
		return err
	}
	defer dropSer()
	if !up.New {
		for _, sc := range []*target{ups, ser} {
			if err := sc.put(up.Path, []byte(strings.Join(base, ""))); err != nil {
				return err
			}
		}
	}
	if err := applyExactly(ups, v.upstream, up); err != nil {
		return fmt.Errorf("upstream's own hunks do not fit together: %v", err)
	}
	filled := map[string]string{} // placeholder -> the line a series hunk shows there
	for _, pf := range chain {
		if err := ser.fillPlaceholders(pf.f, filled); err != nil {
			return err
		}
		if err := applyExactly(ser, pf.file, pf.f); err != nil {
			return fmt.Errorf("%s: %v", pf.p.Name, err)
		}
	}
	want, err := ups.lines(up.Path)
	if err != nil {
		return err
	}
	got, err := ser.lines(up.Path)
	if err != nil {
		return err
	}
	for i, l := range want {
		if s, ok := filled[l]; ok {
			want[i] = s
		}
	}
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			return fmt.Errorf("the series' result differs from upstream's at line %d: upstream has %s, the series %s", i+1, describe(w), describe(g))
		}
	}
	return nil
}

// applyExactly is applyFile for hunks that must sit exactly where their
// headers say, as in a pre-image rebuilt from them.
func applyExactly(t *target, patch string, f *FileDiff) error {
	before, err := t.lines(f.Path)
	if err != nil {
		return err
	}
	offsets, err := t.applyFile(patch, f)
	if err != nil {
		return err
	}
	for k, off := range offsets {
		if off != 0 {
			return misplaced(f, before, k, offsets)
		}
	}
	return nil
}

// fillPlaceholders writes, over the placeholders of f's file in t, the
// lines f's hunks show there as context, and notes each in filled. This is
// matching done by hand, since git cannot match a hunk's line against one
// it is not given.
func (t *target) fillPlaceholders(f *FileDiff, filled map[string]string) error {
	lines, err := t.lines(f.Path)
	if err != nil {
		return err
	}
	changed := false
	for _, h := range f.Hunks {
		at := headerLine(h)
		for _, l := range h.Lines {
			if l.Op == '+' {
				continue
			}
			if l.Op == ' ' && !l.NoEOL && at < len(lines) && strings.HasPrefix(lines[at], placeholder) {
				filled[lines[at]] = l.Text + "\n"
				lines[at] = l.Text + "\n"
				changed = true
			}
			at++
		}
	}
	if !changed {
		return nil
	}
	return t.put(f.Path, []byte(strings.Join(lines, "")))
}

const placeholder = "\x00xaddref: a line no hunk shows, number "

func describe(line string) string {
	switch {
	case line == "":
		return "nothing (the file ends)"
	case strings.HasPrefix(line, placeholder):
		return "a line upstream does not change (" + strings.TrimSpace(strings.TrimPrefix(line, "\x00xaddref: ")) + ")"
	}
	return fmt.Sprintf("%q", strings.TrimSuffix(line, "\n"))
}

// preImage rebuilds as much of the file's pre-image as upstream's hunks
// show, with placeholders elsewhere, long enough for every hunk.
func preImage(up *FileDiff, chain []*patchFile) ([]string, error) {
	if up.New {
		return nil, nil
	}
	known := map[int]string{}
	end := -1 // the pre-image's length, when a hunk shows where it ends
	size := 0
	for _, h := range up.Hunks {
		n := h.OldStart
		for _, l := range h.Lines {
			if l.Op == '+' {
				continue
			}
			s := l.Text
			if l.NoEOL {
				end = n
			} else {
				s += "\n"
			}
			if prev, ok := known[n]; ok && prev != s {
				return nil, fmt.Errorf("upstream's hunks disagree on line %d", n)
			}
			known[n] = s
			n++
		}
		if n-1 > size {
			size = n - 1
		}
		// git applies a hunk with no context after its last change only
		// at the end of the file: the file ends there.
		if _, atEnd := anchors(h); atEnd {
			end = headerLine(h) + h.OldLines
		}
	}
	if end < 0 {
		// The file goes on past the last hunk: make room for every hunk
		// of the series, wherever the earlier patches moved the lines.
		grow := 0
		for _, pf := range chain {
			for _, h := range pf.f.Hunks {
				grow += h.Added() + h.OldLines
				if h.OldStart+h.OldLines > size {
					size = h.OldStart + h.OldLines
				}
			}
		}
		size += grow + 3
	} else {
		size = end
	}
	lines := make([]string, size)
	for i := range lines {
		if s, ok := known[i+1]; ok {
			lines[i] = s
		} else {
			lines[i] = fmt.Sprintf("%s%d\n", placeholder, i+1)
		}
	}
	return lines, nil
}

package series

import (
	"path/filepath"
	"sort"

	"xaddref/tools/internal/cli"
)

// Prefix is the series of the first k patches, with the chains of blobs
// they take their files through: what bisecting a change builds, one
// prefix at a time. Apply and State work on it as on the whole series.
func (s *Series) Prefix(k int) *Series {
	out := &Series{Name: s.Name, Dir: s.Dir, Patches: s.Patches[:k:k], chains: map[string][]link{}}
	for _, path := range s.Files {
		var c []link
		for _, l := range s.chains[path] {
			if l.patch < k {
				c = append(c, l)
			}
		}
		if len(c) > 0 {
			out.Files = append(out.Files, path)
			out.chains[path] = c
		}
	}
	sort.Strings(out.Files)
	return out
}

// ApplyByContext applies the patches keep accepts to dir, a scratch copy
// the kit made and owns, with git apply: by their context alone, whatever
// the blobs of their files. It is for test hooks made on top of the whole
// series that a copy holding only part of it needs as well (regress's
// base and prefixes: the _CLONE_SYSVSEM hook edits newosproc in
// os1_linux.go, a file the series changes elsewhere, so its blobs differ
// there). A user's tree is only ever changed by Apply, which checks every
// blob first and keeps a journal; a failure here leaves a copy that the
// caller throws away.
func (s *Series) ApplyByContext(dir string, keep func(*Patch) bool) error {
	t, err := openTree(dir)
	if err != nil {
		return err
	}
	for _, p := range s.Patches {
		if !keep(p) {
			continue
		}
		if _, err := t.run("apply", "--whitespace=nowarn", filepath.Join(s.Dir, p.Name)); err != nil {
			return cli.Failf("%s does not apply by its context to %s: %v", p.Name, dir, err)
		}
	}
	return nil
}

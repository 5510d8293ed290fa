// Package series applies the kit's patch series to a Go tree, checks and
// undoes it, and proves that a series is its upstream commit split.
//
// A series is patches/NAME: patch files in `git format-patch --full-index`
// form and a quilt-style `series` file listing them in order. The state of
// a tree is read from the git blob hashes of the files the series touches,
// computed here, so a checkout and a plain tree are identified the same way
// and without git. Every file has a chain of blobs: its base (the first
// patch's pre-image) and each touching patch's post-image. A tree is at
// step k when every touched file is at the blob the first k patches give.
//
// For users: docs/series.md.
package series

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"xaddref/tools/internal/cli"
)

// Default is the series `--series` selects when not given.
const Default = "6ad33be"

// Series is a loaded series: its patches in order and, for each file they
// touch, the chain of blobs the patches take it through.
type Series struct {
	Name    string
	Dir     string // patches/NAME
	Patches []*Patch
	Files   []string // the touched files, sorted
	chains  map[string][]link
}

// link is one patch's change to one file.
type link struct {
	patch int // index in Patches
	diff  *FileDiff
}

var fullHashRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Load reads patches/NAME under the repository root. An unknown or broken
// series is a usage error (exit 2) that names the problem.
func Load(root, name string) (*Series, error) {
	dir, err := seriesDir(root, name)
	if err != nil {
		return nil, err
	}
	names, err := readSeriesFile(dir)
	if err != nil {
		return nil, cli.Usagef("series %s: %v", name, err)
	}
	s := &Series{Name: name, Dir: dir, chains: map[string][]link{}}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, cli.Usagef("series %s: %v", name, err)
		}
		p, err := ParsePatch(n, b)
		if err != nil {
			return nil, cli.Usagef("series %s: %v", name, err)
		}
		s.Patches = append(s.Patches, p)
	}
	for i, p := range s.Patches {
		for _, f := range p.Files {
			if !fullHashRE.MatchString(f.OldHash) || !fullHashRE.MatchString(f.NewHash) {
				return nil, cli.Usagef("series %s: %s: %s: the index line has abbreviated hashes (%s..%s); make the series with git format-patch --full-index",
					name, p.Name, f.Path, f.OldHash, f.NewHash)
			}
			c := s.chains[f.Path]
			if len(c) > 0 {
				prev := c[len(c)-1]
				if prev.diff.NewHash != f.OldHash {
					return nil, cli.Usagef("series %s: %s leaves %s at blob %.10s but %s expects blob %.10s; the series is inconsistent (series verify-split says more)",
						name, s.Patches[prev.patch].Name, f.Path, prev.diff.NewHash, p.Name, f.OldHash)
				}
			} else {
				s.Files = append(s.Files, f.Path)
			}
			s.chains[f.Path] = append(c, link{i, f})
		}
	}
	sort.Strings(s.Files)
	return s, nil
}

// seriesDir checks name and returns patches/NAME.
func seriesDir(root, name string) (string, error) {
	base := filepath.Join(root, "patches")
	clean := filepath.ToSlash(filepath.Clean(name))
	if name == "" || clean != name || strings.HasPrefix(clean, "../") || clean == ".." || filepath.IsAbs(name) || clean == "upstream" {
		return "", cli.Usagef("unknown series %q; known: %s", name, strings.Join(Known(root), ", "))
	}
	dir := filepath.Join(base, filepath.FromSlash(name))
	if _, err := os.Stat(filepath.Join(dir, "series")); err != nil {
		return "", cli.Usagef("unknown series %q: there is no %s; known: %s", name, filepath.Join(dir, "series"), strings.Join(Known(root), ", "))
	}
	return dir, nil
}

// Known lists the series under root/patches.
func Known(root string) []string {
	base := filepath.Join(root, "patches")
	var out []string
	filepath.Walk(base, func(path string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && fi.Name() == "series" {
			rel, _ := filepath.Rel(base, filepath.Dir(path))
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

// readSeriesFile reads a quilt series file: one patch a line, with "#"
// comments and blank lines ignored, and quilt's "-p1" allowed after it.
func readSeriesFile(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "series"))
	if err != nil {
		return nil, err
	}
	var names []string
	for n, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) > 2 || len(f) == 2 && f[1] != "-p1" || strings.Contains(f[0], "/") {
			return nil, fmt.Errorf("series line %d: %q: want a patch file name (and at most -p1)", n+1, line)
		}
		names = append(names, f[0])
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s lists no patches", filepath.Join(dir, "series"))
	}
	return names, nil
}

// chain returns the blobs a file goes through: its base, then the result of
// each patch that touches it.
func (s *Series) chain(path string) []string {
	c := s.chains[path]
	out := []string{c[0].diff.OldHash}
	for _, l := range c {
		out = append(out, l.diff.NewHash)
	}
	return out
}

// stageAfter is how many of path's patches are among the first k.
func (s *Series) stageAfter(path string, k int) int {
	n := 0
	for _, l := range s.chains[path] {
		if l.patch < k {
			n++
		}
	}
	return n
}

// Status values; each is the first line of `series status` as state=...
const (
	Applied    = "applied"
	NotApplied = "not-applied"
	Partial    = "partial"
	Foreign    = "foreign"
)

// State is what a tree holds of the series.
type State struct {
	Status  string
	Applied int // the number of leading patches applied: 0, N, or 1..N-1 for Partial
	Files   []FileState
	Patches []string // per patch: "applied", "not applied", "mixed" (some of its files are), or "differs" (a file is in none of its blobs)
	Journal bool     // an interrupted apply or unapply left a journal
	s       *Series
}

// FileState is one touched file in a tree.
type FileState struct {
	Path  string
	Hash  string // its blob hash, ZeroHash when missing
	Stage int    // index in its chain (0 = base), -1 when in none
	Chain []string
}

// Line is the state's first line of `series status`.
func (st *State) Line() string {
	n := len(st.s.Patches)
	switch st.Status {
	case Partial:
		return fmt.Sprintf("state=partial (patches 1-%d of %d applied: %s; not applied: %s)", st.Applied, n,
			strings.Join(st.s.names(0, st.Applied), ", "), strings.Join(st.s.names(st.Applied, n), ", "))
	case Foreign:
		return "state=foreign (" + st.Why() + ")"
	}
	return "state=" + st.Status
}

func (s *Series) names(from, to int) []string {
	var out []string
	for _, p := range s.Patches[from:to] {
		out = append(out, p.Name)
	}
	return out
}

// Why explains a foreign state: which files match no blob of their chain,
// or which patches are applied out of order.
func (st *State) Why() string {
	var odd []string
	for _, f := range st.Files {
		if f.Stage < 0 {
			odd = append(odd, fmt.Sprintf("%s is blob %s, neither the series' base %.10s nor its result %.10s",
				f.Path, short(f.Hash), f.Chain[0], f.Chain[len(f.Chain)-1]))
		}
	}
	if len(odd) > 0 {
		return strings.Join(odd, "; ")
	}
	var parts []string
	for i, ps := range st.Patches {
		parts = append(parts, fmt.Sprintf("%s %s", st.s.Patches[i].Name, ps))
	}
	return "the patches are applied out of order: " + strings.Join(parts, ", ")
}

func short(h string) string {
	if h == ZeroHash {
		return "(missing)"
	}
	if len(h) > 10 {
		return h[:10]
	}
	return h
}

// State reads the blob of every file the series touches in dir, a Go tree
// (tree.Identify answers a missing or unusable one). It writes nothing.
func (s *Series) State(dir string) (*State, error) {
	t, err := openTree(dir)
	if err != nil {
		return nil, err
	}
	st, err := s.stateAt(t.dir)
	if err != nil {
		return nil, err
	}
	st.Journal = pending(t)
	return st, nil
}

func (s *Series) stateAt(dir string) (*State, error) {
	st := &State{s: s}
	for _, path := range s.Files {
		h, err := fileHash(dir, path)
		if err != nil {
			return nil, cli.Usagef("%v", err)
		}
		// The latest matching stage wins; a chain does not repeat a blob
		// unless a patch undoes an earlier one.
		fs := FileState{Path: path, Hash: h, Stage: s.stageOf(path, h), Chain: s.chain(path)}
		st.Files = append(st.Files, fs)
	}
	stage := map[string]int{}
	known := true
	for _, f := range st.Files {
		stage[f.Path] = f.Stage
		if f.Stage < 0 {
			known = false
		}
	}
	for _, p := range s.Patches {
		applied, not, other := 0, 0, 0
		for _, f := range p.Files {
			pos := s.position(f.Path, p)
			switch {
			case stage[f.Path] < 0:
				other++
			case stage[f.Path] >= pos:
				applied++
			default:
				not++
			}
		}
		switch {
		case other > 0:
			st.Patches = append(st.Patches, "differs")
		case applied == len(p.Files):
			st.Patches = append(st.Patches, "applied")
		case not == len(p.Files):
			st.Patches = append(st.Patches, "not applied")
		default:
			st.Patches = append(st.Patches, "mixed")
		}
	}
	st.Status = Foreign
	if known {
		for k := len(s.Patches); k >= 0; k-- {
			if s.atStep(stage, k) {
				st.Applied = k
				switch k {
				case 0:
					st.Status = NotApplied
				case len(s.Patches):
					st.Status = Applied
				default:
					st.Status = Partial
				}
				break
			}
		}
	}
	return st, nil
}

// position is p's 1-based place in path's chain.
func (s *Series) position(path string, p *Patch) int {
	for i, l := range s.chains[path] {
		if s.Patches[l.patch] == p {
			return i + 1
		}
	}
	return 0
}

// atStep says whether every file is where the first k patches leave it.
func (s *Series) atStep(stage map[string]int, k int) bool {
	for path, got := range stage {
		if got != s.stageAfter(path, k) {
			return false
		}
	}
	return true
}

// fileHash is the blob hash of dir/path, ZeroHash when it does not exist.
func fileHash(dir, path string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	if os.IsNotExist(err) {
		return ZeroHash, nil
	}
	if err != nil {
		return "", err
	}
	return BlobHash(b), nil
}

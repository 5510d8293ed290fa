package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xaddref/tools/internal/cli"
)

// A tree is untrusted input: a fork under review, a porter's work, a
// tarball. Before the kit reads or copies one it lists every entry of its
// src/ once, with lstat, and refuses what would let a later step reach
// outside the tree: a symbolic link whose target leaves src/ (an absolute
// path elsewhere, or up past its top through ".."), a link that leads
// nowhere, and special files (FIFOs, sockets, devices), which are never
// opened. What the kit copies and hashes is this list, not a second walk.
//
// Links whose target stays inside src/ are kept, as relative links that
// resolve the same way in the scratch copy; the kit writes into a copy only
// through an os.Root (kit.WriteFile), which follows no link out of it.
//
// Above src/ a distribution may lay its tree out with links (Debian's
// /usr/lib/go-1.19/src is a link into /usr/share/go-1.19): the tree's own
// path, src and VERSION are resolved, and src's content is what is checked.

// An entry is one thing under src/.
type entry struct {
	rel  string      // slash-separated, relative to src/
	mode fs.FileMode // type and permissions, from lstat
	link string      // a link's target relative to the link's directory, inside src/
}

// manifest is a tree's src/, checked.
type manifest struct {
	src     string // the resolved src/ directory
	entries []entry
}

// resolveRoot resolves the tree's own path, which may be a link.
func resolveRoot(dir, abs string) (string, error) {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", cli.Usagef("--tree %s: %v", dir, err)
	}
	return real, nil
}

// scanSrc lists and checks the tree's src/. Errors are usage errors (exit
// 2) naming the entry and what is wrong with it.
func scanSrc(dir string) (*manifest, error) {
	src, err := filepath.EvalSymlinks(filepath.Join(dir, "src"))
	if err != nil {
		return nil, cli.Usagef("tree %s: src: %v", dir, err)
	}
	m := &manifest{src: src}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return cli.Usagef("tree %s: cannot read %s: %v", dir, p, unwrapPath(err))
		}
		if p == src {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		info, err := d.Info()
		if err != nil {
			return cli.Usagef("tree %s: cannot read %s: %v", dir, p, unwrapPath(err))
		}
		e := entry{rel: filepath.ToSlash(rel), mode: info.Mode()}
		switch t := info.Mode().Type(); {
		case t == 0, t == fs.ModeDir:
		case t == fs.ModeSymlink:
			if e.link, err = insideLink(src, p); err != nil {
				return cli.Usagef("tree %s: src/%s %v; the kit does not follow links out of a tree", dir, e.rel, err)
			}
		default:
			return cli.Usagef("tree %s: src/%s is a %s, not a file or a directory; the kit does not open special files", dir, e.rel, kind(t))
		}
		m.entries = append(m.entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(m.entries, func(i, j int) bool { return m.entries[i].rel < m.entries[j].rel })
	return m, nil
}

// insideLink checks the link at p: its target, resolved through every link
// on the way, must exist and lie inside src. It returns the target relative
// to the link's directory, rewritten so that it never passes outside src.
func insideLink(src, p string) (string, error) {
	target, err := os.Readlink(p)
	if err != nil {
		return "", err
	}
	resolved, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("is a link to %s, which does not resolve (%v)", target, unwrapPath(err))
	}
	if !within(src, resolved) {
		return "", fmt.Errorf("is a link to %s, outside the tree (it resolves to %s)", target, resolved)
	}
	// The link's own directory, resolved too, so that the relative target
	// is taken from where the link really is.
	at, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(at, resolved)
	if err != nil {
		return "", err
	}
	return rel, nil
}

// within reports whether path is dir or lies under it.
func within(dir, path string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// kind names a special file's type.
func kind(t fs.FileMode) string {
	switch {
	case t&fs.ModeDir != 0:
		return "directory"
	case t&fs.ModeNamedPipe != 0:
		return "FIFO"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeCharDevice != 0:
		return "character device"
	case t&fs.ModeDevice != 0:
		return "device"
	}
	return "special file (" + t.String() + ")"
}

// unwrapPath drops a *fs.PathError's repetition of the path.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// readVersion reads the tree's VERSION file, if any: a regular file, or a
// link to one inside the tree; anything else is refused.
func readVersion(dir string) (string, error) {
	p := filepath.Join(dir, "VERSION")
	fi, err := os.Lstat(p)
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", cli.Usagef("tree %s: VERSION: %v", dir, unwrapPath(err))
	}
	if fi.Mode().Type() == fs.ModeSymlink {
		resolved, err := filepath.EvalSymlinks(p)
		if err != nil || !within(dir, resolved) {
			target, _ := os.Readlink(p)
			return "", cli.Usagef("tree %s: VERSION is a link to %s, outside the tree; the kit does not follow links out of a tree", dir, target)
		}
		if fi, err = os.Stat(resolved); err != nil {
			return "", cli.Usagef("tree %s: VERSION: %v", dir, unwrapPath(err))
		}
	}
	if !fi.Mode().IsRegular() {
		return "", cli.Usagef("tree %s: VERSION is a %s, not a file; the kit opens only regular files", dir, kind(fi.Mode().Type()))
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", cli.Usagef("tree %s: cannot read VERSION: %v", dir, unwrapPath(err))
	}
	return strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]), nil
}

package tree

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// ContentHash is a hash of the tree's src/ and VERSION: every entry's path,
// type and permissions, a link's target, a file's bytes. Two trees with the
// same hash get the same scratch copy and build. It is computed once per
// Info: every step of a run names the tree as it was first read.
func (i *Info) ContentHash() (string, error) {
	i.hash.once.Do(func() { i.hash.sum, i.hash.err = i.contentHash() })
	return i.hash.sum, i.hash.err
}

func (i *Info) contentHash() (string, error) {
	src, err := os.OpenRoot(i.src.src)
	if err != nil {
		return "", err
	}
	defer src.Close()
	h := sha256.New()
	for _, e := range i.src.entries {
		fmt.Fprintf(h, "%s\x00%v\x00", e.rel, e.mode)
		switch {
		case e.mode.Type() == fs.ModeSymlink:
			fmt.Fprintf(h, "%s\x00", e.link)
		case e.mode.IsRegular():
			if err := hashFile(h, src, e.rel); err != nil {
				return "", err
			}
		}
	}
	fmt.Fprintf(h, "VERSION\x00%s", i.Version)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile adds the bytes of rel, read through src (no link out of it).
func hashFile(h io.Writer, src *os.Root, rel string) error {
	f, err := src.Open(filepath.FromSlash(rel))
	if err != nil {
		return cli.Usagef("cannot read src/%s: %v", rel, unwrapPath(err))
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return cli.Usagef("cannot read src/%s: %v", rel, unwrapPath(err))
	}
	return nil
}

// Scratch is a writable copy of a tree under the cache directory, laid out
// as a GOROOT: the kit patches, overlays and builds it, never the user's tree.
type Scratch struct {
	Dir string // the GOROOT
	Key string // what NewScratch was given: all that went into the copy
}

// NewScratch returns the scratch copy named key (a hash of the tree's
// content and of everything the kit does to it). A fresh one is copied from
// the tree and handed to prepare; only a copy that prepare finished is
// reused, so an interrupted run never leaves a half-prepared copy behind.
func NewScratch(i *Info, key string, prepare func(dir string) error) (*Scratch, error) {
	base := filepath.Join(kit.CacheDir(), "trees", key)
	dir := filepath.Join(base, "go")
	ready := filepath.Join(base, "ready")
	if _, err := os.Stat(ready); err == nil {
		return &Scratch{Dir: dir, Key: key}, nil
	}
	if err := os.RemoveAll(base); err != nil {
		return nil, cli.Usagef("cannot clear %s: %v", base, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, cli.Usagef("cannot create the scratch copy: %v", err)
	}
	if err := i.copySrc(filepath.Join(dir, "src")); err != nil {
		os.RemoveAll(base)
		return nil, err
	}
	version := i.Version
	if version == "" {
		version = "devel xaddref-" + key[:12]
	}
	if err := kit.WriteFile(dir, "VERSION", []byte(version+"\n"), 0o644); err != nil {
		return nil, err
	}
	if err := prepare(dir); err != nil {
		return nil, err
	}
	if err := kit.WriteFile(base, "ready", nil, 0o644); err != nil {
		return nil, err
	}
	return &Scratch{Dir: dir, Key: key}, nil
}

// LinkToolchain makes dir a GOROOT that uses the go command and tools of
// the GOROOT from: Debian's go1.19.8 for a go1.19.8 source tree, which has
// none; the tree's own for a whole GOROOT.
func LinkToolchain(dir, from string) error {
	for _, rel := range []string{"pkg/tool", "pkg/include", "bin/go", "bin/gofmt"} {
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(filepath.Join(from, rel), dst); err != nil {
			return err
		}
	}
	return nil
}

// copySrc copies the tree's src/ to dst, entry by entry from the checked
// list (scan.go): reading through an os.Root on src/ and writing through one
// on dst, so that neither side can be led outside its directory. Files and
// directories keep their permissions (directories also get the owner's
// rwx, for the steps that write into them) and files their times; links
// inside src/ stay links, relative, resolving the same way in the copy.
func (i *Info) copySrc(dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return cli.Usagef("cannot create the scratch copy: %v", err)
	}
	from, err := os.OpenRoot(i.src.src)
	if err != nil {
		return cli.Usagef("cannot read %s: %v", i.src.src, err)
	}
	defer from.Close()
	to, err := os.OpenRoot(dst)
	if err != nil {
		return cli.Usagef("cannot open the scratch copy: %v", err)
	}
	defer to.Close()
	for _, e := range i.src.entries {
		rel := filepath.FromSlash(e.rel)
		switch {
		case e.mode.IsDir():
			err = to.Mkdir(rel, e.mode.Perm()|0o700)
		case e.mode.Type() == fs.ModeSymlink:
			err = to.Symlink(e.link, rel)
		default:
			err = copyEntry(from, to, rel, e.mode.Perm())
		}
		if err != nil {
			return cli.Usagef("copying %s/src/%s into the scratch copy: %v", i.Dir, e.rel, err)
		}
	}
	return nil
}

// copyEntry copies the regular file rel from one root to a new file in the
// other, with the source's times.
func copyEntry(from, to *os.Root, rel string, perm fs.FileMode) error {
	in, err := from.Open(rel)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("changed since it was checked: now a %s", kind(fi.Mode().Type()))
	}
	out, err := to.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	// Exactly the tree's permissions, whatever the umask.
	if err := to.Chmod(rel, perm); err != nil {
		return err
	}
	return to.Chtimes(rel, fi.ModTime(), fi.ModTime())
}

// ReadFile reads rel, a regular file of the tree outside src/ (slash
// path), through an os.Root on the tree, so that neither rel nor a
// directory on the way to it can lead the read outside the tree. It is
// for the few files the tree's own tests read beside src/ (regress:
// runtime_test.go builds ../../test/helloworld.go); a missing file is
// fs.ErrNotExist.
func (i *Info) ReadFile(rel string) ([]byte, error) {
	root, err := os.OpenRoot(i.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s/%s is a %s, not a regular file", i.Dir, rel, kind(fi.Mode().Type()))
	}
	return io.ReadAll(f)
}

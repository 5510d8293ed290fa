package tree

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// ContentHash is a hash of the tree's src/ and VERSION: paths, modes and
// bytes. Two trees with the same hash get the same scratch copy and build.
func (i *Info) ContentHash() (string, error) {
	h := sha256.New()
	src, err := filepath.EvalSymlinks(filepath.Join(i.Dir, "src"))
	if err != nil {
		return "", err
	}
	var paths []string
	err = filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(src, p)
		fmt.Fprintf(h, "%s\x00", rel)
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	fmt.Fprintf(h, "VERSION\x00%s", i.Version)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Scratch is a writable copy of a tree under the cache directory, laid out
// as a GOROOT: the kit patches, overlays and builds it, never the user's tree.
type Scratch struct {
	Dir    string // the GOROOT
	Reused bool   // prepared by an earlier run
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
		return &Scratch{Dir: dir, Reused: true}, nil
	}
	if err := os.RemoveAll(base); err != nil {
		return nil, cli.Usagef("cannot clear %s: %v", base, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, cli.Usagef("cannot create the scratch copy: %v", err)
	}
	// src/. copies the contents even where src is a link (Debian's tree).
	if r := kit.Run("", nil, false, "cp", "-a", filepath.Join(i.Dir, "src")+"/.", filepath.Join(dir, "src")); r.Err != nil {
		os.RemoveAll(base)
		return nil, cli.Usagef("copying %s/src: %s", i.Dir, strings.TrimSpace(r.Output))
	}
	version := i.Version
	if version == "" {
		version = "devel xaddref-" + key[:12]
	}
	if err := os.WriteFile(filepath.Join(dir, "VERSION"), []byte(version+"\n"), 0o644); err != nil {
		return nil, err
	}
	if err := prepare(dir); err != nil {
		return nil, err
	}
	if err := os.WriteFile(ready, nil, 0o644); err != nil {
		return nil, err
	}
	return &Scratch{Dir: dir}, nil
}

// LinkDebianToolchain makes dir a GOROOT that uses Debian's go1.19.8
// binaries (a go1.19.8 source tree has none).
func LinkDebianToolchain(dir string) error {
	for _, rel := range []string{"pkg/tool", "pkg/include", "bin/go", "bin/gofmt"} {
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(filepath.Join(kit.Go119Root, rel), dst); err != nil {
			return err
		}
	}
	return nil
}

// Package tree identifies Go trees; every subcommand that takes --tree uses
// it, so that every subcommand answers a bad tree the same way.
package tree

import (
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
)

// Info is what the kit knows of a tree before touching it.
type Info struct {
	Dir     string // absolute path
	Git     bool   // a git checkout (else a plain source tree)
	Version string // the VERSION file's first line, or "" (a checkout has none)
	Era     *era.Era
	Default bool // Debian's Go 1.19, the default target

	src  *manifest // src/, listed and checked (scan.go)
	hash struct {
		once sync.Once
		sum  string
		err  error
	}
}

// Identify inspects dir, read only. An unusable tree is a usage error
// naming the problem and the fix.
func Identify(dir string) (*Info, error) {
	if dir == "" {
		info := &Info{Dir: kit.Go119Root, Version: "go1.19.8", Era: era.Go119, Default: true}
		return info, info.scan(kit.Go119Root)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, cli.Usagef("--tree %s: %v", dir, err)
	}
	st, err := os.Stat(abs)
	if os.IsNotExist(err) {
		return nil, cli.Usagef("--tree %s does not exist; give the path of a Go source tree", dir)
	}
	if err != nil {
		return nil, cli.Usagef("--tree %s: %v", dir, err)
	}
	if !st.IsDir() {
		return nil, cli.Usagef("--tree %s is a file, not a directory; give the top of a Go source tree (the folder holding src/)", dir)
	}
	if abs, err = resolveRoot(dir, abs); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, "src", "runtime", "mstats.go")); err != nil {
		return nil, cli.Usagef("--tree %s is not a Go tree: it has no src/runtime/mstats.go", dir)
	}
	info := &Info{Dir: abs}
	if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
		info.Git = true
	}
	if info.Version, err = readVersion(abs); err != nil {
		return nil, err
	}
	// The scan comes first: recognizing an era may read the tree's files.
	if err := info.scan(abs); err != nil {
		return nil, err
	}
	if err := info.recognize(dir); err != nil {
		return nil, err
	}
	return info, nil
}

// scan lists and checks the tree's src/ (scan.go): a tree with a link out
// of it, or a special file, is refused before anything reads it.
func (i *Info) scan(dir string) error {
	m, err := scanSrc(dir)
	if err != nil {
		return err
	}
	i.src = m
	return nil
}

// recognize names the tree's era from its version and layout.
func (i *Info) recognize(dir string) error {
	src := Load(i.Dir)
	e, err := era.Recognize(era.Tree{
		Version: i.Version,
		Has:     func(rel string) bool { return exists(i.Dir, rel) },
		Fingerprints: func(t era.Touch) (map[string]string, error) {
			re, err := regexp.Compile(t.Decls)
			if err != nil {
				return nil, err
			}
			return src.Fingerprints(t.Files, re)
		},
	})
	if err != nil {
		return cli.Usagef("--tree %s: %v", dir, err)
	}
	i.Era = e
	return nil
}

func exists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, rel))
	return err == nil
}

// Describe is a one-line description for reports.
func (i *Info) Describe() string {
	kind := "plain tree"
	if i.Git {
		kind = "git checkout"
	}
	if i.Default {
		kind = "Debian's Go 1.19 (default target)"
	}
	v := i.Version
	if v == "" {
		v = "no VERSION"
	}
	return i.Dir + ", " + kind + ", " + v
}

package series

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// A journal records a tree as it was before apply or unapply writes to it,
// outside the tree (under the kit's cache directory), so that a failure, an
// interrupt, or a kill can be undone: the operation restores it and deletes
// it, and the next operation on the tree restores a journal left behind.
type journal struct {
	Op     string   `json:"op"`
	Series string   `json:"series"`
	Tree   string   `json:"tree"`
	Git    bool     `json:"git"`
	Head   string   `json:"head,omitempty"`   // git: the commit to return to
	Branch string   `json:"branch,omitempty"` // git: HEAD's branch, "" when detached
	Files  []jfile  `json:"files"`
	Dirs   []string `json:"dirs,omitempty"` // made by the operation, removed on restore

	dir string // the journal's directory
}

// jfile is one touched file as it was.
type jfile struct {
	Path   string      `json:"path"`
	Exists bool        `json:"exists"`
	Mode   os.FileMode `json:"mode"`
	Hash   string      `json:"hash"`
	Copy   string      `json:"copy,omitempty"` // its bytes, under files/
}

// workDir is the tree's directory under the cache: its lock and journal.
func workDir(t *target) string {
	sum := sha256.Sum256([]byte(t.dir))
	return filepath.Join(kit.CacheDir(), "series", filepath.Base(t.dir)+"-"+hex.EncodeToString(sum[:8]))
}

// lock takes the tree's lock: one apply or unapply at a time per tree.
func lock(t *target) (unlock func(), err error) {
	wd := workDir(t)
	if err := os.MkdirAll(wd, 0o755); err != nil {
		return nil, cli.Usagef("cache directory: %v", err)
	}
	f, err := os.OpenFile(filepath.Join(wd, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, cli.Usagef("cache directory: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, cli.Usagef("another xaddref series command is working on %s (lock %s)", t.dir, f.Name())
		}
		return nil, cli.Usagef("locking %s: %v", f.Name(), err)
	}
	// Unlocked explicitly, not by closing: a child another goroutine is
	// starting shares the descriptor until its exec, and closing ours
	// would leave the lock held for that moment.
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// pending says whether a journal was left behind on the tree.
func pending(t *target) bool {
	_, err := os.Stat(filepath.Join(workDir(t), "journal", "journal.json"))
	return err == nil
}

// writeJournal records the touched files, and for git the HEAD, before
// any write. The journal appears whole or not at all (a rename).
func writeJournal(t *target, op string, s *Series) (*journal, error) {
	j := &journal{Op: op, Series: s.Name, Tree: t.dir, Git: t.git, dir: filepath.Join(workDir(t), "journal")}
	if t.git {
		var err error
		if j.Head, j.Branch, err = t.head(); err != nil {
			return nil, err
		}
	}
	tmp := j.dir + ".new"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(filepath.Join(tmp, "files"), 0o755); err != nil {
		return nil, cli.Usagef("journal: %v", err)
	}
	dirs := map[string]bool{}
	for i, path := range s.Files {
		full := filepath.Join(t.dir, filepath.FromSlash(path))
		jf := jfile{Path: path, Hash: ZeroHash}
		fi, err := os.Lstat(full)
		switch {
		case os.IsNotExist(err):
			// The operation may make its directories: note the missing ones.
			for d := filepath.Dir(full); d != t.dir && len(d) > len(t.dir); d = filepath.Dir(d) {
				if _, err := os.Stat(d); os.IsNotExist(err) {
					dirs[d] = true
				}
			}
		case err != nil:
			return nil, cli.Usagef("journal: %v", err)
		case !fi.Mode().IsRegular():
			return nil, cli.Usagef("%s is not a regular file", full)
		default:
			b, err := os.ReadFile(full)
			if err != nil {
				return nil, cli.Usagef("journal: %v", err)
			}
			jf.Exists, jf.Mode, jf.Hash = true, fi.Mode().Perm(), BlobHash(b)
			jf.Copy = fmt.Sprintf("%03d", i)
			if err := writeSynced(filepath.Join(tmp, "files", jf.Copy), b, 0o644); err != nil {
				return nil, cli.Usagef("journal: %v", err)
			}
		}
		j.Files = append(j.Files, jf)
	}
	for d := range dirs {
		j.Dirs = append(j.Dirs, d)
	}
	// Deepest first, for removal.
	sort.Slice(j.Dirs, func(a, b int) bool { return len(j.Dirs[a]) > len(j.Dirs[b]) })
	b, _ := json.MarshalIndent(j, "", "  ")
	if err := writeSynced(filepath.Join(tmp, "journal.json"), b, 0o644); err != nil {
		return nil, cli.Usagef("journal: %v", err)
	}
	if err := os.Rename(tmp, j.dir); err != nil {
		return nil, cli.Usagef("journal: %v", err)
	}
	return j, nil
}

func writeSynced(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readJournal(t *target) (*journal, error) {
	dir := filepath.Join(workDir(t), "journal")
	b, err := os.ReadFile(filepath.Join(dir, "journal.json"))
	if err != nil {
		return nil, err
	}
	j := &journal{dir: dir}
	if err := json.Unmarshal(b, j); err != nil {
		return nil, fmt.Errorf("journal %s: %v", dir, err)
	}
	return j, nil
}

// drop deletes the journal: the operation's commit point.
func (j *journal) drop() error {
	gone := j.dir + ".old"
	os.RemoveAll(gone)
	if err := os.Rename(j.dir, gone); err != nil {
		return err
	}
	return os.RemoveAll(gone)
}

// keepModes gives the files an operation rewrote the permissions the
// journal recorded: git apply, git am and git reset write a file they
// change with the default mode (0666 or 0777 less the umask), not the
// file's own. A change of the executable bits, which a patch may make, is
// left as it is.
func (j *journal) keepModes(t *target) error {
	for _, f := range j.Files {
		if !f.Exists {
			continue
		}
		full := filepath.Join(t.dir, filepath.FromSlash(f.Path))
		fi, err := os.Lstat(full)
		if err != nil || !fi.Mode().IsRegular() {
			continue // removed by the operation
		}
		if perm := fi.Mode().Perm(); perm != f.Mode && perm&0o111 == f.Mode&0o111 {
			if err := os.Chmod(full, f.Mode); err != nil {
				return err
			}
		}
	}
	return nil
}

// restore puts the tree back as the journal recorded it and checks it.
func (j *journal) restore(t *target) error {
	if j.Git {
		if err := j.restoreGit(t); err != nil {
			return err
		}
	}
	// Plain trees, and a second line of defence for checkouts: every
	// touched file gets its recorded bytes back.
	for _, f := range j.Files {
		full := filepath.Join(t.dir, filepath.FromSlash(f.Path))
		h, err := fileHash(t.dir, f.Path)
		if err != nil {
			return err
		}
		if !f.Exists {
			if h != ZeroHash {
				if err := os.Remove(full); err != nil {
					return err
				}
			}
			continue
		}
		if h != f.Hash {
			b, err := os.ReadFile(filepath.Join(j.dir, "files", f.Copy))
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			tmp := filepath.Join(filepath.Dir(full), ".xaddref-restore-"+filepath.Base(full))
			if err := writeSynced(tmp, b, f.Mode); err != nil {
				os.Remove(tmp)
				return err
			}
			if err := os.Rename(tmp, full); err != nil {
				os.Remove(tmp)
				return err
			}
		}
		if fi, err := os.Stat(full); err == nil && fi.Mode().Perm() != f.Mode {
			if err := os.Chmod(full, f.Mode); err != nil {
				return err
			}
		}
	}
	for _, d := range j.Dirs {
		os.Remove(d) // only if empty
	}
	return j.check(t)
}

func (j *journal) restoreGit(t *target) error {
	gitDir, err := t.out("rev-parse", "--absolute-git-dir")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(gitDir, "rebase-apply")); err == nil {
		if _, err := t.run("am", "--abort"); err != nil {
			if _, err := t.run("am", "--quit"); err != nil {
				return err
			}
		}
	}
	if _, err := t.run("reset", "--hard", "-q", j.Head); err != nil {
		return err
	}
	return nil
}

// check verifies the tree is as recorded.
func (j *journal) check(t *target) error {
	var bad []string
	for _, f := range j.Files {
		h, err := fileHash(t.dir, f.Path)
		if err != nil {
			return err
		}
		if h != f.Hash {
			bad = append(bad, fmt.Sprintf("%s is blob %s, was %s", f.Path, short(h), short(f.Hash)))
		}
	}
	if j.Git {
		head, branch, err := t.head()
		if err != nil {
			return err
		}
		if head != j.Head {
			bad = append(bad, fmt.Sprintf("HEAD is %.10s, was %.10s", head, j.Head))
		}
		if branch != j.Branch {
			bad = append(bad, fmt.Sprintf("HEAD is on %q, was on %q", branch, j.Branch))
		}
		if d, err := t.dirty(); err != nil {
			return err
		} else if len(d) > 0 {
			bad = append(bad, "the checkout is dirty: "+strings.Join(d, ", "))
		}
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}

// recoverPending restores a journal that an interrupted (killed) operation
// left behind. The caller holds the lock.
func recoverPending(t *target) (string, error) {
	if !pending(t) {
		return "", nil
	}
	j, err := readJournal(t)
	if err != nil {
		return "", cli.Usagef("%v", err)
	}
	if err := j.restore(t); err != nil {
		return "", cli.Usagef("an interrupted %s left %s in between; restoring it from %s failed: %v", j.Op, t.dir, j.dir, err)
	}
	if err := j.drop(); err != nil {
		return "", cli.Usagef("journal: %v", err)
	}
	return fmt.Sprintf("an interrupted %s of series %s had left %s in between; restored it from the journal", j.Op, j.Series, t.dir), nil
}

// Package memo keeps a check's rows under the hash of everything the check
// reads, so that a later run on the same inputs reuses them instead of
// doing the work again: the static checks, which give the same rows for the
// same tree and the same kit. A Key names the inputs; Rows runs the check
// or reuses what it gave.
//
// Only what a check derives from its inputs alone is kept: a randomized
// check draws a new seed each run, and its rows are never reused. Nor is a
// check that failed or skipped anything: it runs again next time.
package memo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

// A Key hashes a check's inputs, in the order they are added.
type Key struct {
	check string
	h     hash.Hash
	err   error // the first input that could not be read: no key
}

// New starts the key of check (its rows' Check, or a name of its own).
// Every key holds the running program's own bytes: the kit's analyses and
// its eras' data are code, and a changed kit is another input.
func New(check string) *Key {
	k := &Key{check: check, h: sha256.New()}
	fmt.Fprintf(k.h, "%s\x00", check)
	self, err := selfHash()
	k.fail(err)
	fmt.Fprintf(k.h, "self %s\x00", self)
	return k
}

func (k *Key) fail(err error) {
	if err != nil && k.err == nil {
		k.err = err
	}
}

// Strings adds values the caller derived from the inputs itself (a
// scratch copy's key, which hashes the tree and all the kit puts in it).
func (k *Key) Strings(ss ...string) *Key {
	for _, s := range ss {
		fmt.Fprintf(k.h, "s %d %s\x00", len(s), s)
	}
	return k
}

// Environ adds the variables of the kit's own environment that reach the
// commands a check runs and change what they do (GoEnviron).
func (k *Key) Environ() *Key { return k.Strings(GoEnviron()...) }

// GoEnviron are the variables of the kit's environment that every go
// command it runs inherits and that change what the command builds: GO*
// (GOAMD64, GOEXPERIMENT, ...) and CGO_*, in sorted order. A command's own
// settings come after them and win.
func GoEnviron() []string {
	var out []string
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "GO") || strings.HasPrefix(e, "CGO_") {
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}

// Program adds the program a check runs (a name on PATH or a path): its
// resolved path, size and time, as a stamp; a program that is missing is
// an input too.
func (k *Key) Program(prog string) *Key {
	fmt.Fprintf(k.h, "p %s\x00", ProgramStamp(prog))
	return k
}

// ProgramStamp is a program's resolved path, size and modification time,
// or why it cannot be found: what changes when the program is replaced.
func ProgramStamp(prog string) string {
	path, err := exec.LookPath(prog)
	if err == nil {
		path, err = filepath.EvalSymlinks(path)
	}
	var fi os.FileInfo
	if err == nil {
		fi, err = os.Stat(path)
	}
	if err != nil {
		return fmt.Sprintf("%s: %v", prog, err)
	}
	return fmt.Sprintf("%s %d %d", path, fi.Size(), fi.ModTime().UnixNano())
}

// Files adds the bytes of every regular file under each of paths (files
// or directories, relative to the repository's root), in path order.
func (k *Key) Files(paths ...string) *Key {
	for _, p := range paths {
		err := filepath.WalkDir(filepath.Join(kit.Root(), p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rel, _ := filepath.Rel(kit.Root(), path)
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			fmt.Fprintf(k.h, "f %s\x00", rel)
			_, err = io.Copy(k.h, f)
			return err
		})
		k.fail(err)
	}
	return k
}

// sum is the key's hash, or an error when an input could not be read.
func (k *Key) sum() (string, error) {
	if k.err != nil {
		return "", k.err
	}
	return hex.EncodeToString(k.h.Sum(nil))[:32], nil
}

var self struct {
	once sync.Once
	sum  string
	err  error
}

// selfHash is the SHA-256 of the running program's file.
func selfHash() (string, error) {
	self.once.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			self.err = err
			return
		}
		f, err := os.Open(exe)
		if err != nil {
			self.err = err
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			self.err = err
			return
		}
		self.sum = hex.EncodeToString(h.Sum(nil))
	})
	return self.sum, self.err
}

// Reused is what a reused row's detail says.
const Reused = "reused: the rows of an earlier run on the same inputs"

// Rows returns the rows check gave in an earlier run with the same key, or
// runs it. Its rows are kept when every one passed, is a finding or info;
// a reused row keeps its status, figures and detail, says in its detail
// that it was reused, and took no time in this run. A key whose inputs
// could not be read reuses nothing.
func Rows(k *Key, check func() []report.Row) []report.Row {
	rows, reused := Value(k, func() ([]report.Row, bool) {
		rows := check()
		return rows, keepable(rows)
	})
	if !reused {
		return rows
	}
	kit.Progress("%s: %d rows reused from an earlier run on the same inputs", k.check, len(rows))
	for i := range rows {
		rows[i].Seconds = 0
		rows[i].Detail = join(rows[i].Detail, Reused)
	}
	return rows
}

// keepable: rows that say the check ran and nothing failed.
func keepable(rows []report.Row) bool {
	for _, r := range rows {
		if r.Status != report.Pass && r.Status != report.Finding && r.Status != report.Info {
			return false
		}
	}
	return len(rows) > 0
}

func join(detail, note string) string {
	if detail == "" {
		return note
	}
	return detail + "; " + note
}

// Value returns what compute gave in an earlier run with the same key
// (reused), or calls it; what it gives is kept, as JSON, when it says so
// (keep). A key whose inputs could not be read reuses nothing.
func Value[T any](k *Key, compute func() (v T, keep bool)) (v T, reused bool) {
	sum, err := k.sum()
	if err != nil {
		kit.Progress("%s: not reused: %v", k.check, err)
		v, _ = compute()
		return v, false
	}
	path := filepath.Join(kit.CacheDir(), "results", strings.ReplaceAll(k.check, " ", "-")+"-"+sum+".json")
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &v) == nil {
		return v, true
	}
	v, keep := compute()
	if keep {
		if err := store(path, v); err != nil {
			kit.Progress("%s: not kept: %v", k.check, err)
		}
	}
	return v, false
}

// store writes v whole or not at all: to a new file renamed into place,
// so that a run reading the cache meanwhile sees the old value or the new.
func store(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rows-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

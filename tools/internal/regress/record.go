package regress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"xaddref/tools/internal/kit"
)

// record is one run of a test binary: kept beside the binary in its
// scratch copy, keyed by all that shapes the run, so that a second
// regress on the same tree reads its results instead of running them
// again, as the differential suite reuses its test binaries.
type record struct {
	Output  string  `json:"output"`
	Exited  bool    `json:"exited"` // with status 0
	Seconds float64 `json:"seconds"`
	Reused  bool    `json:"-"`
}

// record runs the binary with args (tag tells apart runs that are the
// same on purpose: the n-th run of a test alone), or reads the record of
// an earlier identical run. A run still going after limit and two minutes
// more, which its own -test.timeout should have ended, is killed and not
// kept.
func (b *binary) record(tag string, args []string, limit time.Duration) (*record, error) {
	key, err := b.key(tag, args)
	if err != nil {
		return nil, err
	}
	file := key + ".json"
	if data, err := os.ReadFile(filepath.Join(b.cache, file)); err == nil {
		var r record
		if json.Unmarshal(data, &r) == nil {
			r.Reused = true
			return &r, nil
		}
	}
	name, argv := b.path, args
	if len(b.launch) > 0 {
		name, argv = b.launch[0], append(append(b.launch[1:len(b.launch):len(b.launch)], b.path), args...)
	}
	res := kit.RunFor(limit+2*time.Minute, b.dir, b.env, name, argv...)
	r := &record{Output: res.Output, Exited: res.Err == nil, Seconds: res.Seconds}
	if errors.Is(res.Err, context.DeadlineExceeded) {
		return r, nil
	}
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return r, kit.WriteFile(b.cache, file, data, 0o644)
}

// key hashes what shapes a run: the binary's content, the tag, its
// arguments and environment, the launcher and the emulator's file.
func (b *binary) key(tag string, args []string) (string, error) {
	if b.hash == "" {
		f, err := os.Open(b.path)
		if err != nil {
			return "", err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
		b.hash = hex.EncodeToString(h.Sum(nil))
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", b.hash, tag)
	for _, list := range [][]string{args, b.env, b.launch} {
		for _, s := range list {
			fmt.Fprintf(h, "%s\x00", s)
		}
		fmt.Fprintf(h, "\x01")
	}
	if len(b.launch) > 0 {
		if path, err := exec.LookPath(b.launch[0]); err == nil {
			if fi, err := os.Stat(path); err == nil {
				fmt.Fprintf(h, "%s %d %d", path, fi.Size(), fi.ModTime().UnixNano())
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// Package kit knows where the kit lives and runs its tools: the repository
// root, the cache directory, Debian's Go 1.19, the C model's binary, and
// how Bazel builds the model (cbuild.go).
package kit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"xaddref/tools/internal/cli"
)

// Go119Root is Debian's Go 1.19.8 (golang-1.19-go, golang-1.19-src).
const Go119Root = "/usr/lib/go-1.19"

// Root is the repository's top directory, set by tools/xaddref.
func Root() string {
	if r := os.Getenv("XADDREF_ROOT"); r != "" {
		return r
	}
	// go test runs in tools/...; walk up to the WORKSPACE file.
	dir, _ := os.Getwd()
	for d := dir; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "WORKSPACE")); err == nil {
			return d
		}
	}
	return dir
}

// CacheDir is $XADDREF_CACHE_DIR, or ${XDG_CACHE_HOME:-$HOME/.cache}/xaddref.
func CacheDir() string {
	if d := os.Getenv("XADDREF_CACHE_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "xaddref")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "xaddref")
}

// Result is a finished command: its combined output and how long it took.
type Result struct {
	Output  string
	Seconds float64
	Err     error // nil, or the *exec.ExitError or start error
}

// Run runs name with args in dir with env added to the environment.
// With stream set, output also goes to stderr as it comes.
func Run(dir string, env []string, stream bool, name string, args ...string) Result {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	if stream {
		cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	}
	cmd.Stderr = cmd.Stdout
	start := time.Now()
	err := cmd.Run()
	noteStartError(&out, err)
	return Result{out.String(), time.Since(start).Seconds(), err}
}

// Signaled reports whether the command was ended by SIGINT or SIGTERM:
// an interrupt meant for the kit (typed at the terminal, sent to the
// process group) that reached the command too, before it left the kit's
// process group.
func (r Result) Signaled() bool {
	var exit *exec.ExitError
	if !errors.As(r.Err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM)
}

// RunFor is Run without streaming, for at most limit: a command still
// running then is killed, and its result says so.
func RunFor(limit time.Duration, dir string, env []string, name string, args ...string) Result {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		fmt.Fprintf(&out, "killed: still running after %s\n", limit)
		err = ctx.Err()
	} else {
		noteStartError(&out, err)
	}
	return Result{out.String(), time.Since(start).Seconds(), err}
}

// noteStartError adds to a command's output why it did not start (a
// missing program), which the output cannot say itself.
func noteStartError(out *bytes.Buffer, err error) {
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintf(out, "%v\n", err)
	}
}

// Need reports, as an environment error naming the fix, a program that is
// not on PATH; pkg is the Debian package that provides it.
func Need(program, pkg string) error {
	if _, err := exec.LookPath(program); err != nil {
		return cli.Usagef("%s is not installed; tools/xaddref setup installs it (Debian package %s)", program, pkg)
	}
	return nil
}

// RunApart is Run without streaming, with the command in a process group of
// its own: an interrupt typed at the terminal reaches the kit but not the
// command, so the kit can let a step finish and then undo it. In env,
// "NAME=value" sets a variable and a bare "NAME" removes it.
func RunApart(dir string, env []string, name string, args ...string) Result {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = editEnv(os.Environ(), env)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	noteStartError(&out, err)
	return Result{out.String(), time.Since(start).Seconds(), err}
}

// editEnv applies edits ("NAME=value" sets, "NAME" removes) to base.
func editEnv(base, edits []string) []string {
	out := append([]string(nil), base...)
	for _, e := range edits {
		key := e
		if i := strings.IndexByte(e, '='); i >= 0 {
			key = e[:i]
		}
		kept := out[:0]
		for _, b := range out {
			if !strings.HasPrefix(b, key+"=") {
				kept = append(kept, b)
			}
		}
		out = kept
		if strings.Contains(e, "=") {
			out = append(out, e)
		}
	}
	return out
}

// Tail returns the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Bazel runs bazel in the repository root.
func Bazel(stream bool, args ...string) Result {
	return Run(Root(), nil, stream, "bazel", args...)
}

// Cref builds the C model's command line (//cref:cref) and returns its path.
func Cref() (string, error) {
	if err := Need("bazel", "bazel-bootstrap"); err != nil {
		return "", err
	}
	r := Bazel(false, "build", "--noshow_progress", "//cref:cref")
	if r.Err != nil {
		return "", cli.Usagef("building //cref:cref failed:\n%s", Tail(r.Output, 20))
	}
	bin := filepath.Join(Root(), "bazel-bin", "cref", "cref")
	if _, err := os.Stat(bin); err != nil {
		return "", cli.Usagef("bazel built //cref:cref but %s is missing", bin)
	}
	return bin, nil
}

// Progress prints a progress line to stderr.
func Progress(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "xaddref: "+format+"\n", args...)
}

// Go119 is Debian's go command: a target tree's toolchain, and the 2015
// tree's bootstrap.
func Go119() string { return filepath.Join(Go119Root, "bin", "go") }

// Go is the kit's own go command: the user's Go (Go 1.26 or newer), which
// tools/xaddref found first on PATH and checked, or the first on PATH.
func Go() string {
	if g := os.Getenv("XADDREF_GO"); g != "" {
		return g
	}
	if g, err := exec.LookPath("go"); err == nil {
		return g
	}
	return "go"
}

// GoEnv is the environment for the kit's own go command: no switch to
// another toolchain, modules checked against go.sum and fetched the way the
// machine's go is configured, the build cache under the kit's cache
// directory.
func GoEnv() []string {
	return []string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly", "GOCACHE=" + filepath.Join(CacheDir(), "gocache")}
}

// Step prints a progress line for a step and returns the function that
// prints its time when it is done.
func Step(format string, args ...interface{}) (done func()) {
	name := fmt.Sprintf(format, args...)
	Progress("%s ...", name)
	start := time.Now()
	return func() { Progress("%s: done in %.1fs", name, time.Since(start).Seconds()) }
}

// WriteFile writes data to rel under dir as a new file: whatever was at rel
// (a link included) is removed first and the file is created with O_EXCL,
// all through an os.Root on dir, so that neither rel nor a directory on the
// way to it can lead the write outside dir (a link inside dir is followed
// only while it stays inside). Missing directories, dir's too, are made
// (0755). This is
// how the kit writes into a scratch copy, and into anything it does not
// own alone.
func WriteFile(dir, rel string, data []byte, perm fs.FileMode) error {
	return create(dir, rel, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// CopyFile copies the file src to rel under dir, as WriteFile writes.
func CopyFile(src, dir, rel string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return create(dir, rel, perm, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// create makes rel under dir afresh and has fill write its content.
func create(dir, rel string, perm fs.FileMode, fill func(io.Writer) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if d := filepath.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package series

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/tree"
)

// target is a Go tree the series works on: a git checkout or a plain tree.
type target struct {
	dir string // absolute, symbolic links resolved
	git bool
	env []string // for git commands
}

// openTree identifies dir with tree.Identify, which answers a missing or
// unusable tree with a usage error.
func openTree(dir string) (*target, error) {
	if dir == "" {
		return nil, cli.Usagef("no tree given: pass --tree DIR, the top of a Go source tree")
	}
	info, err := tree.Identify(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(info.Dir)
	if err != nil {
		return nil, cli.Usagef("--tree %s: %v", dir, err)
	}
	t := &target{dir: real, git: info.Git, env: gitEnv(real)}
	if t.git {
		t.env = append(t.env, t.identityEnv()...)
	}
	return t, nil
}

// gitEnv is the environment of git commands in dir. Git must find dir's
// own repository or none: never one given by the caller's environment, nor
// one in a directory above a plain tree or a scratch directory. Its
// messages are read, so they are in English.
func gitEnv(dir string) []string {
	return []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
		"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
		"GIT_CEILING_DIRECTORIES=" + filepath.Dir(dir), "LC_ALL=C", "GIT_TERMINAL_PROMPT=0",
		// git status must not refresh the index: check and status write nothing.
		"GIT_OPTIONAL_LOCKS=0"}
}

// plainPaths refuses a tree where writing one of the given files (slash
// paths relative to the tree) would go through a symbolic link: a link at
// the file itself or at a directory on the way to it, even one that stays
// inside the tree (tree.Identify refuses the others). A file that is there
// must be a regular file. Nothing is written before this check passes, so a
// refused tree is left as it was.
func (t *target) plainPaths(files []string) error {
	for _, f := range files {
		full := filepath.Join(t.dir, filepath.FromSlash(f))
		p := t.dir
		for _, part := range strings.Split(f, "/") {
			p = filepath.Join(p, part)
			fi, err := os.Lstat(p)
			if os.IsNotExist(err) {
				break // made by the series
			}
			if err != nil {
				return cli.Usagef("%s: %v", p, err)
			}
			switch {
			case fi.Mode().Type() == os.ModeSymlink:
				target, _ := os.Readlink(p)
				return cli.Usagef("refusing to write %s: %s is a symbolic link (to %s); the series writes only plain files and directories", f, p, target)
			case p == full && !fi.Mode().IsRegular():
				return cli.Usagef("refusing to write %s: it is not a regular file", p)
			case p != full && !fi.IsDir():
				return cli.Usagef("refusing to write %s: %s is not a directory", f, p)
			}
		}
	}
	return nil
}

func (t *target) kind() string {
	if t.git {
		return "git checkout"
	}
	return "plain tree"
}

// run runs git in the tree, in a process group of its own (see
// kit.RunApart), and returns its output.
func (t *target) run(args ...string) (string, error) {
	r := kit.RunApart(t.dir, t.env, "git", args...)
	if r.Signaled() {
		// The interrupt reached git while it was still starting, in the
		// kit's process group: an interrupt, not a failure of git.
		return r.Output, fmt.Errorf("git %s: %w", strings.Join(args, " "), errInterrupted)
	}
	if r.Err != nil {
		return r.Output, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), r.Err, strings.TrimSpace(kit.Tail(r.Output, 12)))
	}
	return r.Output, nil
}

// errInterrupted is a git command that an interrupt ended.
var errInterrupted = errors.New("interrupted")

// interrupted reports whether an operation is to stop for an interrupt:
// ctx was cancelled, or the interrupt ended git before the kit saw it.
func interrupted(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, errInterrupted)
}

// beforeChange answers an interrupt that ended git before the operation
// changed anything: the tree is as it was.
func (t *target) beforeChange(err error) error {
	if errors.Is(err, errInterrupted) {
		return cli.Failf("%s before any change: %s is as it was", Interrupted, t.dir)
	}
	return nil
}

// out runs git and returns its trimmed output; a failure is an environment
// error.
func (t *target) out(args ...string) (string, error) {
	o, err := t.run(args...)
	if errors.Is(err, errInterrupted) {
		return "", err
	}
	if err != nil {
		return "", cli.Usagef("%s: %v", t.dir, err)
	}
	return strings.TrimSpace(o), nil
}

// head is the checkout's HEAD commit and branch ("" when detached).
func (t *target) head() (commit, branch string, err error) {
	commit, err = t.out("rev-parse", "--verify", "-q", "HEAD^{commit}")
	if e := t.beforeChange(err); e != nil {
		return "", "", e
	}
	if err != nil {
		return "", "", cli.Usagef("%s: the checkout has no HEAD commit", t.dir)
	}
	if o, err := t.run("symbolic-ref", "-q", "HEAD"); err == nil {
		branch = strings.TrimSpace(o)
	}
	return commit, branch, nil
}

// dirty lists the checkout's changed tracked files, and any git operation
// in progress. Untracked files are left out: neither git am nor the undo
// (git reset --hard) touches them, and a file the series creates that is
// already there makes the tree foreign.
func (t *target) dirty() ([]string, error) {
	o, err := t.run("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		if e := t.beforeChange(err); e != nil {
			return nil, e
		}
		return nil, cli.Usagef("%s: %v", t.dir, err)
	}
	var out []string
	for _, l := range strings.Split(o, "\n") {
		if len(l) > 3 {
			out = append(out, strings.TrimSpace(l[3:])+" ("+strings.TrimSpace(l[:2])+")")
		}
	}
	gitDir, err := t.out("rev-parse", "--absolute-git-dir")
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"rebase-apply", "rebase-merge", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "index.lock"} {
		if _, err := os.Stat(filepath.Join(gitDir, f)); err == nil {
			out = append(out, "a git operation is in progress ("+filepath.Join(gitDir, f)+" exists)")
		}
	}
	return out, nil
}

// identityEnv gives git a committer when it has none configured, for git
// am's commits (their author comes from the patch) and for undoing them.
func (t *target) identityEnv() []string {
	has := func(key string, envs ...string) bool {
		if o, err := t.run("config", "--get", key); err == nil && strings.TrimSpace(o) != "" {
			return true
		}
		for _, e := range envs {
			if os.Getenv(e) != "" {
				return true
			}
		}
		return false
	}
	var env []string
	if !has("user.name", "GIT_COMMITTER_NAME") {
		env = append(env, "GIT_COMMITTER_NAME=xaddref")
	}
	if !has("user.email", "GIT_COMMITTER_EMAIL", "EMAIL") {
		env = append(env, "GIT_COMMITTER_EMAIL=xaddref@localhost")
	}
	return env
}

// commit is one commit of the checkout's first-parent history and the
// files it changes, path -> [old, new] blob.
type commit struct {
	hash, subject string
	files         map[string][2]string
}

// history returns HEAD's first-parent history, newest first, n at most.
func (t *target) history(n int) ([]commit, error) {
	o, err := t.out("log", "--first-parent", "-n", fmt.Sprint(n), "--format=@%H %s", "--raw", "--no-renames", "--no-abbrev", "HEAD")
	if e := t.beforeChange(err); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	var out []commit
	for _, l := range strings.Split(o, "\n") {
		switch {
		case strings.HasPrefix(l, "@"):
			h, subj, _ := strings.Cut(l[1:], " ")
			out = append(out, commit{hash: h, subject: subj, files: map[string][2]string{}})
		case strings.HasPrefix(l, ":") && len(out) > 0:
			meta, path, ok := strings.Cut(l, "\t")
			f := strings.Fields(meta)
			if ok && len(f) >= 4 {
				out[len(out)-1].files[path] = [2]string{f[2], f[3]}
			}
		}
	}
	return out, nil
}

// is says whether c is exactly p: the same files, from the same blobs to
// the same blobs.
func (c commit) is(p *Patch) bool {
	if len(c.files) != len(p.Files) {
		return false
	}
	for _, f := range p.Files {
		if c.files[f.Path] != [2]string{f.OldHash, f.NewHash} {
			return false
		}
	}
	return true
}

func (c commit) String() string { return c.hash[:10] + " " + c.subject }

package series

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"xaddref/tools/internal/kittest"
)

// These tests build tools/cmd/xaddref and run `series` as a user would.

// command makes an xaddref command with root as the kit's root.
func command(t *testing.T, root string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(kittest.Xaddref(t), args...)
	cmd.Env = append(os.Environ(), append([]string{"XADDREF_ROOT=" + root}, env...)...)
	return cmd
}

// run runs xaddref and returns its stdout, stderr and exit status.
func run(t *testing.T, root string, args ...string) (string, string, int) {
	t.Helper()
	cmd := command(t, root, nil, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code, err := kittest.ExitCode(cmd.Run())
	if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func TestCommandUsage(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	tree := plainTree(t)
	notGo := t.TempDir()
	cases := []struct {
		args []string
		frag string
	}{
		{[]string{"series"}, "xaddref series: no subcommand"},
		{[]string{"series", "frob", "--tree", tree}, `unknown subcommand "frob"`},
		{[]string{"series", "status"}, "xaddref series: status: missing --tree DIR"},
		{[]string{"series", "apply", "--series", "syn"}, "missing --tree DIR"},
		{[]string{"series", "status", "--tree", "/nonexistent/xaddref"}, "does not exist"},
		{[]string{"series", "apply", "--tree", notGo, "--series", "syn"}, "is not a Go tree"},
		{[]string{"series", "check", "--tree", tree, "--series", "nope"}, `unknown series "nope"`},
		{[]string{"series", "status", "--tree", tree}, `unknown series "6ad33be"`},
		{[]string{"series", "verify-split", "--tree", tree}, "flag provided but not defined: -tree"},
		{[]string{"series", "status", "--tree", tree, "extra"}, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		_, stderr, code := run(t, f.root, c.args...)
		if code != 2 || !strings.Contains(stderr, c.frag) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr, c.frag)
		}
	}
}

func TestCommandFlow(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			dir := k.make(t)
			steps := []struct {
				args   []string
				code   int
				stdout string // a fragment of stdout
			}{
				{[]string{"status"}, 0, "state=not-applied\n"},
				{[]string{"check"}, 0, s.Patches[0].Name + ": applies\n"},
				{[]string{"apply"}, 0, "applied series syn to "},
				{[]string{"status"}, 0, "state=applied\n  applied     " + s.Patches[0].Name},
				{[]string{"check"}, 0, s.Patches[2].Name + ": already applied\n"},
				{[]string{"apply"}, 0, "nothing to do"},
				{[]string{"unapply"}, 0, "unapplied series syn from "},
				{[]string{"unapply"}, 0, "nothing to undo"},
				{[]string{"status"}, 0, "state=not-applied\n"},
			}
			for _, st := range steps {
				args := append([]string{"series", st.args[0], "--tree", dir, "--series", "syn"}, st.args[1:]...)
				stdout, stderr, code := run(t, f.root, args...)
				if code != st.code || !strings.Contains(stdout, st.stdout) {
					t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d and %q", st.args, code, stdout, stderr, st.code, st.stdout)
				}
				if !strings.HasPrefix(stdout, "state=") && st.args[0] == "status" {
					t.Errorf("status: the first line is not state=...: %q", stdout)
				}
			}
			// Partial and foreign.
			applyFirst(t, s, dir, 1)
			stdout, _, code := run(t, f.root, "series", "status", "--tree", dir, "--series", "syn")
			if code != 0 || !strings.HasPrefix(stdout, "state=partial (patches 1-1 of 3 applied: "+s.Patches[0].Name) {
				t.Errorf("partial: exit %d, %q", code, stdout)
			}
			writeFiles(t, dir, map[string]string{"src/runtime/new.txt": "mine\n"})
			stdout, _, code = run(t, f.root, "series", "status", "--tree", dir, "--series", "syn")
			if code != 0 || !strings.HasPrefix(stdout, "state=foreign (src/runtime/new.txt is blob") ||
				!strings.Contains(stdout, "  applied     "+s.Patches[0].Name) || !strings.Contains(stdout, "  differs     "+s.Patches[2].Name) {
				t.Errorf("foreign: exit %d, %q", code, stdout)
			}
			stdout, stderr, code := run(t, f.root, "series", "check", "--tree", dir, "--series", "syn")
			if code != 1 || !strings.Contains(stdout, s.Patches[2].Name+": conflicts: src/runtime/new.txt already exists") || !strings.Contains(stderr, "does not apply cleanly") {
				t.Errorf("check foreign: exit %d\n%s\n%s", code, stdout, stderr)
			}
			_, stderr, code = run(t, f.root, "series", "apply", "--tree", dir, "--series", "syn")
			if code != 1 || !strings.Contains(stderr, "src/runtime/new.txt is blob") {
				t.Errorf("apply foreign: exit %d\n%s", code, stderr)
			}
		})
	}
}

// gate is a git for the command under test that stops at its n-th run of
// a subcommand (am, apply, reset, status...) until the test opens it: the
// command is then at a known step, between two of its git commands.
type gate struct {
	dir    string
	env    []string // for the command: PATH with the gate first
	opened bool
}

func newGate(t *testing.T, sub string, n int) *gate {
	t.Helper()
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{dir: t.TempDir()}
	// The subcommand is the first argument that is not an option (nor the
	// value of a -c).
	script := fmt.Sprintf(`#!/bin/sh
d=%s
s= skip=
for a in "$@"; do
	if [ -n "$skip" ]; then skip=; continue; fi
	case $a in -c) skip=1 ;; -*) ;; *) s=$a; break ;; esac
done
n=$(cat "$d/count.$s" 2>/dev/null || echo 0)
n=$((n + 1))
echo $n >"$d/count.$s"
if [ "$s $n" = "%s %d" ]; then
	echo $$ >"$d/pid.new" && mv "$d/pid.new" "$d/pid"
	while [ ! -e "$d/open" ]; do sleep 0.02; done
fi
exec %s "$@"
`, g.dir, sub, n, realGit)
	if err := os.WriteFile(filepath.Join(g.dir, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	g.env = []string{"PATH=" + g.dir + ":" + os.Getenv("PATH")}
	// A gate left shut on a failure: its git waits in a process group of
	// its own (the kit runs git apart).
	t.Cleanup(func() {
		if pid := g.pid(); pid > 0 && !g.opened {
			syscall.Kill(-pid, syscall.SIGKILL)
		}
	})
	return g
}

// pid is the stopped git's process id, 0 until it stops.
func (g *gate) pid() int {
	b, _ := os.ReadFile(filepath.Join(g.dir, "pid"))
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

func (g *gate) open() {
	g.opened = true
	os.WriteFile(filepath.Join(g.dir, "open"), nil, 0o644)
}

// paused is a series command stopped by its gate.
type paused struct {
	cmd    *exec.Cmd
	gate   *gate
	mu     sync.Mutex
	stderr bytes.Buffer
	copied chan struct{}
}

func (p *paused) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.Write(b)
}

func (p *paused) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// startPaused starts a series operation whose git stops at its n-th sub,
// and returns once it has.
func startPaused(t *testing.T, root, dir, op, sub string, n int) *paused {
	t.Helper()
	p := &paused{gate: newGate(t, sub, n), copied: make(chan struct{})}
	p.cmd = command(t, root, p.gate.env, "series", op, "--tree", dir, "--series", "syn")
	pipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		io.Copy(p, pipe)
		close(p.copied)
	}()
	if !p.until(func() bool { return p.gate.pid() > 0 }) {
		p.cmd.Process.Kill()
		code, out := p.wait()
		t.Fatalf("%s never ran git %s a %d. time (exit %d):\n%s", op, sub, n, code, out)
	}
	return p
}

// until waits for cond, for a minute at most, or until the command's
// output ends; it returns cond.
func (p *paused) until(cond func() bool) bool {
	deadline := time.Now().Add(time.Minute)
	for !cond() && time.Now().Before(deadline) {
		select {
		case <-p.copied:
			return cond()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return cond()
}

// interrupt sends sig to the command and, once it has said it will undo,
// lets its git go on.
func (p *paused) interrupt(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if !p.until(func() bool { return strings.Contains(p.output(), "received; undoing") }) {
		t.Errorf("the command did not take %v:\n%s", sig, p.output())
	}
	p.gate.open()
}

// wait waits for the command, and all its output, and returns its exit
// status and stderr.
func (p *paused) wait() (int, string) {
	<-p.copied
	code, _ := kittest.ExitCode(p.cmd.Wait())
	return code, p.output()
}

// The command undoes an operation that a signal interrupts, at steps its
// git commands mark (TestInterruptInProcess interrupts every step).
func TestCommandInterrupt(t *testing.T) {
	f := sharedFixture(t)
	s := f.load(t)
	type tc struct {
		kind, op string
		sub      string // the git subcommand the gate stops...
		n        int    // ...the n-th time
		sig      syscall.Signal
		frag     string
	}
	cases := []tc{
		{"plain", "apply", "apply", 1, syscall.SIGINT, "interrupted after patch 1/3"},
		{"plain", "apply", "apply", 2, syscall.SIGTERM, "interrupted after patch 2/3"},
		{"plain", "apply", "apply", 3, syscall.SIGINT, "interrupted after patch 3/3"},
		{"plain", "unapply", "apply", 1, syscall.SIGINT, "interrupted after reversing patch 3"},
		{"plain", "unapply", "apply", 2, syscall.SIGTERM, "interrupted after reversing patch 2"},
		// The journal's HEAD is read last: the journaled step.
		{"git", "apply", "symbolic-ref", 1, syscall.SIGINT, "interrupted; "},
		{"git", "apply", "am", 2, syscall.SIGINT, "interrupted after patch 2/3"},
		// The check that git am left the checkout clean: the last step.
		{"git", "apply", "status", 2, syscall.SIGTERM, "interrupted before the end"},
		{"git", "unapply", "symbolic-ref", 1, syscall.SIGINT, "interrupted; "},
		{"git", "unapply", "reset", 1, syscall.SIGINT, "interrupted after git reset"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%s/%s-%d/%v", c.kind, c.op, c.sub, c.n, c.sig), func(t *testing.T) {
			dir := plainTree(t)
			if c.kind == "git" {
				dir = gitTree(t)
			}
			if c.op == "unapply" {
				mustApply(t, s, dir)
			}
			before := snapshot(t, dir)
			p := startPaused(t, f.root, dir, c.op, c.sub, c.n)
			p.interrupt(t, c.sig)
			code, stderr := p.wait()
			if code != 1 || !strings.Contains(stderr, c.frag) || !strings.Contains(stderr, "restored to what it was") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1, %q and the tree restored", code, stderr, c.frag)
			}
			if got := snapshot(t, dir); got != before {
				t.Fatalf("the tree changed:\n%s\nwant\n%s", got, before)
			}
			if pending(mustOpen(t, dir)) {
				t.Error("the journal was left behind")
			}
		})
	}
}

// Interrupts at random moments: the tree is either as it was (exit 1) or
// has the whole series (exit 0), never in between. XADDREF_SEED replays.
func TestCommandInterruptRandom(t *testing.T) {
	seed := kittest.Seed(t)
	rng := rand.New(rand.NewSource(seed))
	f := sharedFixture(t)
	s := f.load(t)
	// How long an apply takes here, for each kind: the interrupts fall
	// anywhere in it, or just after.
	took := map[string]time.Duration{}
	kittest.Xaddref(t)
	for _, k := range kinds {
		dir := k.make(t)
		start := time.Now()
		if _, _, code := run(t, f.root, "series", "apply", "--tree", dir, "--series", "syn"); code != 0 {
			t.Fatalf("apply on %s: exit %d", k.name, code)
		}
		took[k.name] = time.Since(start)
	}
	for i := 0; i < 10; i++ {
		k := kinds[i%2]
		dir := k.make(t)
		before := snapshot(t, dir)
		delay := time.Duration(rng.Int63n(int64(took[k.name]) * 6 / 5))
		// Half the runs get the interrupt as from a terminal: sent to the
		// whole process group, git included.
		group := rng.Intn(2) == 1
		cmd := command(t, f.root, nil, "series", "apply", "--tree", dir, "--series", "syn")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		if group {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		} else {
			cmd.Process.Signal(syscall.SIGINT)
		}
		code, _ := kittest.ExitCode(cmd.Wait())
		st, err := s.State(dir)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case code == 1 && strings.Contains(out.String(), "interrupted"):
			if snapshot(t, dir) != before {
				t.Errorf("seed %d, run %d (%s, %v): interrupted but the tree changed", seed, i, k.name, delay)
			}
		case code == 0:
			if st.Status != Applied {
				t.Errorf("seed %d, run %d (%s, %v): exit 0 but %s", seed, i, k.name, delay, st.Line())
			}
			if k.name == "git" {
				if d := git(t, dir, "status", "--porcelain"); d != "" {
					t.Errorf("seed %d, run %d: dirty after apply: %s", seed, i, d)
				}
			}
		case code == -1 && snapshot(t, dir) == before:
			// The signal came before the command caught signals.
		default:
			t.Errorf("seed %d, run %d (%s, %v): exit %d, %s:\n%s", seed, i, k.name, delay, code, st.Line(), out.String())
		}
		t.Logf("run %d: %s, SIGINT (to the group: %v) after %v: exit %d, %s", i, k.name, group, delay, code, st.Line())
	}
}

// A kill (no chance to undo) leaves the journal; the next apply restores
// the tree from it first.
func TestCommandKilled(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	s := f.load(t)
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			dir := k.make(t)
			before := snapshot(t, dir)
			// Killed before its third patch, and its git with it.
			sub := map[string]string{"plain": "apply", "git": "am"}[k.name]
			p := startPaused(t, f.root, dir, "apply", sub, 3)
			p.cmd.Process.Kill()
			p.wait()
			syscall.Kill(-p.gate.pid(), syscall.SIGKILL)
			if snapshot(t, dir) == before {
				t.Fatal("the kill left nothing to recover")
			}
			stdout, _, code := run(t, f.root, "series", "check", "--tree", dir, "--series", "syn")
			if code != 0 || !strings.Contains(stdout, "left a journal") {
				t.Errorf("check after a kill: exit %d\n%s", code, stdout)
			}
			stdout, stderr, code := run(t, f.root, "series", "status", "--tree", dir, "--series", "syn")
			if code != 0 || !strings.HasPrefix(stdout, "state=partial (patches 1-2 of 3") || !strings.Contains(stderr, "left a journal") {
				t.Errorf("status after a kill: exit %d\n%s%s", code, stdout, stderr)
			}
			// unapply restores the journal, then finds nothing to undo.
			stdout, stderr, code = run(t, f.root, "series", "unapply", "--tree", dir, "--series", "syn")
			if code != 0 || !strings.Contains(stderr, "restored it from the journal") || !strings.Contains(stdout, "nothing to undo") {
				t.Errorf("unapply after a kill: exit %d\n%s\n%s", code, stdout, stderr)
			}
			if got := snapshot(t, dir); got != before {
				t.Fatalf("not restored:\n%s\nwant\n%s", got, before)
			}
			if _, err := s.Apply(dir); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// An interrupt from the terminal while git is patching: it reaches the
// whole process group. git (run apart by the kit) finishes its step, and
// the kit then undoes everything.
func TestCommandInterruptDuringGit(t *testing.T) {
	f := sharedFixture(t)
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	// A git that says when it starts patching, then takes its time.
	bin := t.TempDir()
	marker := filepath.Join(bin, "patching")
	script := "#!/bin/sh\nfor a in \"$@\"; do case $a in am|apply) : >" + marker + "; sleep 0.3;; esac; done\nexec " + realGit + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			os.Remove(marker)
			dir := k.make(t)
			before := snapshot(t, dir)
			cmd := command(t, f.root, []string{"PATH=" + bin + ":" + os.Getenv("PATH")}, "series", "apply", "--tree", dir, "--series", "syn")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				if _, err := os.Stat(marker); err == nil {
					break
				}
				if i > 3000 {
					cmd.Process.Kill()
					t.Fatal("git never started patching")
				}
				time.Sleep(10 * time.Millisecond)
			}
			syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
			code, _ := kittest.ExitCode(cmd.Wait())
			// "after": git was not killed, it finished the patch.
			if code != 1 || !strings.Contains(out.String(), "interrupted after patch 1/3") || !strings.Contains(out.String(), "restored to what it was") {
				t.Errorf("exit %d:\n%s", code, out.String())
			}
			if got := snapshot(t, dir); got != before {
				t.Fatalf("the tree changed:\n%s\nwant\n%s", got, before)
			}
		})
	}
}

// One operation at a time on a tree.
func TestCommandLock(t *testing.T) {
	t.Parallel()
	f := sharedFixture(t)
	dir := plainTree(t)
	before := snapshot(t, dir)
	first := startPaused(t, f.root, dir, "apply", "apply", 1)
	_, stderr, code := run(t, f.root, "series", "unapply", "--tree", dir, "--series", "syn")
	if code != 2 || !strings.Contains(stderr, "another xaddref series command is working on") {
		t.Errorf("a second command: exit %d, %s", code, stderr)
	}
	first.interrupt(t, syscall.SIGINT)
	if code, _ := first.wait(); code != 1 {
		t.Errorf("the first command: exit %d", code)
	}
	if snapshot(t, dir) != before {
		t.Error("the tree changed")
	}
}

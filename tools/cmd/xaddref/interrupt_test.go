package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

// TestVerifyInterrupt interrupts verify, as a terminal's ^C does (SIGINT
// to its process group), in each phase where it reads the tree or works
// on its scratch copy, and checks that the tree is left exactly as it
// was. The tree is a copy of Debian's Go 1.19 (the default target's
// source), and of $XADDREF_GO_TREE too when it is set.
func TestVerifyInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: copies a Go tree and starts verify on it")
	}
	bin := kittest.Xaddref(t)
	// While the tree is hashed and copied.
	hashing := []moment{{"xaddref: hashing ", time.Second}}
	trees := []struct {
		name, src string
		moments   []moment
	}{{"go1.19.8", kit.Go119Root, append(hashing, moment{"building the runtime's test binary", time.Second})}}
	if dir := os.Getenv("XADDREF_GO_TREE"); dir != "" {
		// The series and the test hooks are applied to the scratch copy.
		trees = append(trees, trees[0])
		trees[1].name, trees[1].src = "XADDREF_GO_TREE", dir
		trees[1].moments = append(hashing, moment{"in the scratch copy ...", 0},
			moment{"building the tree's toolchain (make.bash)", 3 * time.Second})
	} else {
		t.Log("XADDREF_GO_TREE is unset: interrupting verify on the Go 1.19 tree only")
	}
	for _, tr := range trees {
		dir := copyGoTree(t, tr.src)
		want := kittest.HashTree(t, dir)
		for _, m := range tr.moments {
			out := interruptVerify(t, bin, dir, m.phase, m.delay)
			if got := kittest.HashTree(t, dir); got != want {
				t.Fatalf("%s: the tree changed when verify was interrupted %v after %q:\n%s", tr.name, m.delay, m.phase, kit.Tail(out, 20))
			}
			t.Logf("%s: interrupted %v after %q; the tree is as it was", tr.name, m.delay, m.phase)
		}
	}
}

// A moment of verify's run: delay after the progress line containing phase.
type moment struct {
	phase string
	delay time.Duration
}

// interruptVerify runs verify on dir with a fresh cache directory, sends
// SIGINT to its process group delay after the progress line containing
// phase, and returns its output once it and its children have ended.
func interruptVerify(t *testing.T, bin, dir, phase string, delay time.Duration) string {
	t.Helper()
	cmd := exec.Command(bin, "verify", "--tree", dir, "--arch", "amd64")
	cmd.Env = append(os.Environ(), "XADDREF_ROOT="+kit.Root(), "XADDREF_CACHE_DIR="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out safeBuffer
	cmd.Stdout = &out
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached := make(chan bool, 1)
	go func() {
		s := bufio.NewScanner(stderr)
		seen := false
		for s.Scan() {
			out.Write(append(s.Bytes(), '\n'))
			if !seen && strings.Contains(s.Text(), phase) {
				seen = true
				reached <- true
			}
		}
		if !seen {
			reached <- false
		}
	}()
	if !<-reached {
		cmd.Wait()
		t.Fatalf("verify ended before %q:\n%s", phase, kit.Tail(out.String(), 20))
	}
	time.Sleep(delay)
	syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(time.Minute):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		t.Errorf("verify did not end within a minute of SIGINT")
	}
	// Whatever verify's children were doing has stopped too.
	waitGroupGone(t, cmd.Process.Pid)
	return out.String()
}

// safeBuffer is a bytes.Buffer for two writers.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyGoTree copies a Go tree into a temporary directory: a checkout is
// cloned, a plain tree's src and VERSION are copied (Debian's src is a
// link, to the directory copied).
func copyGoTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "go")
	if _, err := os.Stat(filepath.Join(src, ".git")); err == nil {
		if out, err := exec.Command("git", "clone", "-q", src, dst).CombinedOutput(); err != nil {
			t.Fatalf("cloning %s: %v\n%s", src, err, out)
		}
		return dst
	}
	srcDir, err := filepath.EvalSymlinks(filepath.Join(src, "src"))
	if err != nil {
		t.Fatal(err)
	}
	kittest.CopyTree(t, srcDir, filepath.Join(dst, "src"))
	if _, err := os.Stat(filepath.Join(src, "VERSION")); err == nil {
		if err := kit.CopyFile(filepath.Join(src, "VERSION"), dst, "VERSION", 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// waitGroupGone waits for every process of the group pgid to end.
func waitGroupGone(t *testing.T, pgid int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if err := syscall.Kill(-pgid, 0); err != nil {
			return
		}
		if time.Now().After(deadline) {
			syscall.Kill(-pgid, syscall.SIGKILL)
			t.Errorf("processes of verify's group %s still ran a minute after SIGINT", strconv.Itoa(pgid))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

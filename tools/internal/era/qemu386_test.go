package era

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"xaddref/tools/internal/kit"
)

// How each kind of architecture starts: natively, under its own qemu with
// the target's C library, and 386 under qemu-i386 where the kernel does not
// start it, with the native loader (no -L) and without async preemption.
func TestLauncher(t *testing.T) {
	if p, env := ToolchainOf("amd64").Launcher(); p != nil || env != nil {
		t.Errorf("amd64: %q %q, want none", p, env)
	}
	arm, _ := Go119.Arch("arm")
	if p, env := arm.Launcher(); !reflect.DeepEqual(p, []string{"qemu-arm", "-L", "/usr/arm-linux-gnueabihf"}) || env != nil {
		t.Errorf("arm: %q %q", p, env)
	}
	a, _ := Go119.Arch("386")
	p, env := a.Launcher()
	if native, _ := Native386(); native {
		if p != nil || env != nil || a.AltNote() != "" {
			t.Errorf("386 on a kernel that starts it: %q %q %q, want none", p, env, a.AltNote())
		}
		return
	}
	if !reflect.DeepEqual(p, []string{"qemu-i386"}) || !reflect.DeepEqual(env, []string{"GODEBUG=asyncpreemptoff=1"}) {
		t.Errorf("386 under qemu-i386: %q %q", p, env)
	}
	if note := a.AltNote(); !strings.Contains(note, "exec format error") || !strings.Contains(note, "asyncpreemptoff") {
		t.Errorf("386 note %q says neither why qemu-i386 nor why its environment", note)
	}
}

// signalTLS is the defect the 386 environment works around, in C: main
// creates a thread, handles one signal, and reads its own thread pointer
// through %gs (glibc's THREAD_SELF: the TCB's self field, %gs:8) before
// and after.
const signalTLS = `#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t ready;

static void onsig(int sig) { (void)sig; }

static unsigned long self(void) {
	unsigned long v;
	__asm__ volatile("movl %%gs:8, %0" : "=r"(v));
	return v;
}

static void *child(void *arg) {
	(void)arg;
	ready = 1;
	for (;;)
		pause();
	return NULL;
}

int main(void) {
	pthread_t t;
	unsigned long before = self(), after;
	signal(SIGUSR1, onsig);
	if (pthread_create(&t, NULL, child, NULL) != 0)
		return 2;
	while (!ready)
		sched_yield();
	raise(SIGUSR1);
	after = self();
	puts(after == before ? "own" : after == (unsigned long)t ? "child" : "other");
	return 0;
}
`

// Under qemu-i386 a thread resumes from a signal handler with the TLS of
// the thread created last: the measurement behind the 386 environment
// (Toolchain.AltEnv, and the stat test's SIGCHLD). If this fails because
// the thread keeps its own TLS, that qemu-user has lost the defect, and
// the workarounds and README's "Environment facts" should go with it.
func TestQEMUI386SignalReturnTLS(t *testing.T) {
	if native, _ := Native386(); native {
		t.Skip("the kernel starts 32-bit x86 programs: the kit does not use qemu-i386")
	}
	tc := ToolchainOf("386")
	for _, p := range []string{tc.CC, tc.AltQEMU} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is not installed (tools/xaddref setup installs it)", p)
		}
	}
	dir := t.TempDir()
	src, bin := filepath.Join(dir, "tls.c"), filepath.Join(dir, "tls")
	if err := os.WriteFile(src, []byte(signalTLS), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := kit.Run(dir, nil, false, tc.CC, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O1", "-pthread", "-o", bin, src); r.Err != nil {
		t.Fatalf("%s: %v\n%s", tc.CC, r.Err, r.Output)
	}
	prefix, _ := tc.Launcher()
	r := kit.RunFor(30*time.Second, dir, nil, prefix[0], append(prefix[1:], bin)...)
	if r.Err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(append(prefix, bin), " "), r.Err, r.Output)
	}
	if got := strings.TrimSpace(r.Output); got != "child" {
		t.Errorf("after a signal, main's %%gs:8 is %q's thread pointer, want the child's: qemu-i386's one descriptor table is gone?", got)
	}
}

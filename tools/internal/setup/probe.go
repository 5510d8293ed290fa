// Package setup proves that what `tools/xaddref setup` installed works:
// a probe per toolchain the kit uses, each run for real (a cross compiler
// compiles and links a cgo-shaped C file and the result starts under its
// emulator; Bazel starts offline; clang builds a libFuzzer target), not
// only listed by dpkg. A failing probe names the Debian package that
// provides the missing piece. Quick is the cheap form that runs before
// every command.
//
// For users: docs/setup.md.
package setup

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

// A probe is one part of the machine: its programs (what the cheap form
// looks for on PATH) and the run that proves it works.
type probe struct {
	name     string
	goarch   string
	programs []string
	run      func(dir string) failure
}

// failure is a probe that did not work: the command, the first line of
// its error, and the package that provides what is missing.
type failure struct {
	command, line, deb string
}

func (f failure) ok() bool { return f.command == "" }

func (f failure) String() string {
	if f.deb == "" {
		return fmt.Sprintf("%s: %s (no package provides what is missing)", f.command, f.line)
	}
	return fmt.Sprintf("%s: %s; install Debian package %s (tools/packages.txt)", f.command, f.line, f.deb)
}

// probeC is cgo-shaped: the headers runtime/cgo and the model include,
// a thread, and a pointer-size atomic add.
const probeC = `#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static _Atomic uintptr_t cell = 41;

static void *add(void *arg) {
	atomic_fetch_add(&cell, (uintptr_t)arg);
	return NULL;
}

int main(void) {
	pthread_t t;
	if (pthread_create(&t, NULL, add, (void *)1) != 0 || pthread_join(t, NULL) != 0)
		abort();
	printf("xaddref-probe %lu\n", (unsigned long)atomic_load(&cell));
	return 0;
}
`

const probeOut = "xaddref-probe 42"

// probeLimit bounds each command of a probe (Bazel's first start, which
// unpacks its install base, takes the longest: about 20 s here).
const probeLimit = 3 * time.Minute

// runLimit bounds a probe program's run, which takes well under a second.
var runLimit = 30 * time.Second

// probeGo is the program of an architecture without cgo.
const probeGo = `package main

import "fmt"

func main() { fmt.Println("xaddref-probe", 0xffffffff+1) }
`

const probeGoOut = "xaddref-probe 4294967296"

// probeFuzz is a libFuzzer target.
const probeFuzz = `#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	(void)data;
	(void)size;
	return 0;
}
`

// probes lists every probe: a toolchain per architecture of the eras,
// then Go, Bazel, clang's libFuzzer and the programs the kit runs.
func probes() []probe {
	var out []probe
	for _, t := range era.Toolchains {
		out = append(out, toolchainProbe(t))
	}
	out = append(out,
		probe{name: "go", programs: []string{kit.Go119()}, run: goProbe},
		probe{name: "kit go", programs: []string{kit.Go()}, run: kitGoProbe},
		probe{name: "bazel", programs: []string{"bazel"}, run: bazelProbe},
		probe{name: "libfuzzer", programs: []string{"clang"}, run: fuzzProbe},
	)
	for _, p := range []struct{ prog, deb string }{
		{"git", "git"}, {"patch", "patch"}, {"shellcheck", "shellcheck"}, {"debootstrap", "debootstrap"},
	} {
		p := p
		out = append(out, probe{name: p.prog, programs: []string{p.prog}, run: func(dir string) failure {
			return step(dir, p.deb, nil, p.prog, "--version")
		}})
	}
	return out
}

func toolchainProbe(t era.Toolchain) probe {
	pr := probe{name: "toolchain", goarch: t.GOARCH}
	for _, p := range []string{t.CC, t.Emulator()} {
		if p != "" {
			pr.programs = append(pr.programs, p)
		}
	}
	pr.run = func(dir string) failure {
		bin := filepath.Join(dir, "probe")
		want := probeOut
		if t.CC != "" {
			src := filepath.Join(dir, "probe.c")
			if err := os.WriteFile(src, []byte(probeC), 0o644); err != nil {
				return failure{"write " + src, err.Error(), "-"}
			}
			if _, err := exec.LookPath(t.CC); err != nil {
				return failure{t.CC, "not found on PATH", t.CCDeb}
			}
			// A compiler or linker that cannot find a file misses the
			// target's C library; any other error is the compiler's.
			if f := step(dir, t.CCDeb, map[string]string{"No such file": t.LibcDeb, "cannot find": t.LibcDeb},
				t.CC, "-std=c11", "-O1", "-pthread", "-o", bin, src); !f.ok() {
				return f
			}
		} else {
			want = probeGoOut
			src := filepath.Join(dir, "probe.go")
			if err := os.WriteFile(src, []byte(probeGo), 0o644); err != nil {
				return failure{"write " + src, err.Error(), "-"}
			}
			env := append(kit.GoEnv(), "GOOS=linux", "GOARCH="+t.GOARCH, "CGO_ENABLED=0", "GO111MODULE=off")
			if f := stepEnv(dir, env, "golang-1.19-go", nil, kit.Go119(), "build", "-o", bin, src); !f.ok() {
				return f
			}
		}
		if f := runProgram(t, dir, bin, want); !f.ok() {
			return f
		}
		if t.CC != "" && t.QEMU == "" && t.Emulator() != "" {
			return altGoProbe(t, dir)
		}
		return failure{}
	}
	return pr
}

// runProgram starts bin the way the kit starts the architecture's
// programs (Toolchain.Launcher) and expects it to print want.
func runProgram(t era.Toolchain, dir, bin, want string) failure {
	name, args := bin, []string(nil)
	// An emulator that cannot open the target's loader points at the
	// target's C library; a native program's loader is its RunDeb.
	runDeb, libc := t.RunDeb, t.LibcDeb
	prefix, env := t.Launcher()
	if prefix != nil {
		if t.QEMU != "" {
			runDeb = "qemu-user"
		} else {
			// The alternative emulator runs the native loader.
			runDeb, libc = "qemu-user", t.RunDeb
		}
		if _, err := exec.LookPath(prefix[0]); err != nil {
			return failure{prefix[0], "not found on PATH", "qemu-user"}
		}
		name, args = prefix[0], append(prefix[1:len(prefix):len(prefix)], bin)
	} else if runDeb != "" {
		libc = runDeb
	} else {
		runDeb = t.LibcDeb
	}
	command := strings.Join(append(append(append([]string{}, env...), name), args...), " ")
	r := kit.RunFor(runLimit, dir, env, name, args...)
	if r.Err != nil || strings.TrimSpace(r.Output) != want {
		line := firstLine(r.Output)
		if r.Err == context.DeadlineExceeded {
			// Not a missing package: the program started and hung.
			return failure{command: command, line: "started, and was still running after " + runLimit.String()}
		}
		deb := runDeb
		if strings.Contains(r.Output, "No such file") || strings.Contains(r.Output, "Could not open") ||
			strings.Contains(r.Output, "cannot open shared object") {
			deb = libc
		}
		if r.Err == nil {
			line = fmt.Sprintf("printed %q, want %q", line, want)
		}
		return failure{command, line, deb}
	}
	return failure{}
}

// probeGoThreads is what the differential suite relies on where an
// architecture's programs run under its alternative emulator: a cgo
// program whose goroutines each hold a thread of their own and call C
// for long enough that, with async preemption on, sysmon signals them.
const probeGoThreads = `package main

// #include <stdint.h>
// static uintptr_t twice(uintptr_t x) { return 2 * x; }
import "C"

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var sum uint64
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			var s uint64
			for j := 0; j < 100000; j++ {
				s += uint64(C.twice(C.uintptr_t(j & 7)))
			}
			mu.Lock()
			sum += s
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println("xaddref-probe", sum)
}
`

const probeGoThreadsOut = "xaddref-probe 5600000"

// altGoProbe builds probeGoThreads with Go 1.19 and the toolchain's C
// compiler and runs it under the alternative emulator with its
// environment (AltEnv): without it, under qemu-i386, the program dies of
// another thread's g at its first preemption signal.
func altGoProbe(t era.Toolchain, dir string) failure {
	src := filepath.Join(dir, "threads.go")
	bin := filepath.Join(dir, "threads")
	if err := os.WriteFile(src, []byte(probeGoThreads), 0o644); err != nil {
		return failure{"write " + src, err.Error(), "-"}
	}
	env := append(kit.GoEnv(), "GOOS=linux", "GOARCH="+t.GOARCH, "CGO_ENABLED=1", "CC="+t.CC, "GO111MODULE=off")
	if f := stepEnv(dir, env, "golang-1.19-go", nil, kit.Go119(), "build", "-o", bin, src); !f.ok() {
		return f
	}
	f := runProgram(t, dir, bin, probeGoThreadsOut)
	if !f.ok() && f.deb == "qemu-user" && f.line != "not found on PATH" {
		// The emulator started the program, and its threads failed:
		// no package is missing (README, "Environment facts").
		f.deb = ""
	}
	return f
}

func goProbe(dir string) failure {
	r := kit.Run(dir, nil, false, kit.Go119(), "version")
	if r.Err != nil {
		return failure{kit.Go119() + " version", firstLine(r.Output), "golang-1.19-go"}
	}
	if !strings.Contains(r.Output, "go1.19.8 ") {
		return failure{kit.Go119() + " version", "is " + firstLine(r.Output) + ", want go1.19.8", "golang-1.19-go"}
	}
	// The default target's sources: the differential suite copies them.
	src := filepath.Join(kit.Go119Root, "src", "runtime", "export_test.go")
	if _, err := os.Stat(src); err != nil {
		return failure{"stat " + src, err.Error(), "golang-1.19-src"}
	}
	return failure{}
}

// kitGoProbe checks the user's Go, which builds the kit: Go 1.26 or newer
// (tools/xaddref checks it before it builds anything; this says it again in
// the probes' report).
func kitGoProbe(dir string) failure {
	r := kit.Run(dir, kit.GoEnv(), false, kit.Go(), "env", "GOVERSION")
	v := strings.TrimSpace(r.Output)
	if r.Err != nil || !goAtLeast(v, 26) {
		return failure{kit.Go() + " env GOVERSION", "is " + firstLine(r.Output) + ", want go1.26 or newer; install Go 1.26 or newer (https://go.dev/doc/install) first on PATH", ""}
	}
	return failure{}
}

// goAtLeast reports whether a GOVERSION ("go1.26.8") is Go 1.minor or newer.
func goAtLeast(v string, minor int) bool {
	rest, ok := strings.CutPrefix(v, "go1.")
	if !ok {
		return false
	}
	if i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		rest = rest[:i]
	}
	n, err := strconv.Atoi(rest)
	return err == nil && n >= minor
}

// bazelProbe loads and analyses the model's targets: Bazel starts, and
// every repository the WORKSPACE names resolves without a download.
func bazelProbe(dir string) failure {
	r := kit.Run(kit.Root(), nil, false, "bazel", "build", "--nobuild", "--noshow_progress", "//cref/...")
	if r.Err != nil {
		line := firstError(r.Output)
		deb := "bazel-bootstrap"
		if strings.Contains(r.Output, "rules_java") {
			deb = "bazel-rules-java"
		}
		return failure{"bazel build --nobuild //cref/...", line, deb}
	}
	return failure{}
}

func fuzzProbe(dir string) failure {
	src := filepath.Join(dir, "fuzz.c")
	bin := filepath.Join(dir, "fuzz")
	if err := os.WriteFile(src, []byte(probeFuzz), 0o644); err != nil {
		return failure{"write " + src, err.Error(), "-"}
	}
	// clang links libFuzzer and the sanitizers from libclang-rt-14-dev.
	if f := step(dir, "clang", map[string]string{"cannot find": "libclang-rt-14-dev", "No such file": "libclang-rt-14-dev"},
		"clang", "-fsanitize=fuzzer,address,undefined", "-o", bin, src); !f.ok() {
		return f
	}
	return step(dir, "libclang-rt-14-dev", nil, bin, "-runs=16")
}

// step runs a command in dir; on failure the package is deb, or the one
// mapped from a phrase of its output.
func step(dir, deb string, byPhrase map[string]string, name string, args ...string) failure {
	return stepEnv(dir, nil, deb, byPhrase, name, args...)
}

func stepEnv(dir string, env []string, deb string, byPhrase map[string]string, name string, args ...string) failure {
	if _, err := exec.LookPath(name); err != nil {
		return failure{name, "not found on PATH", deb}
	}
	r := kit.RunFor(probeLimit, dir, env, name, args...)
	if r.Err == nil {
		return failure{}
	}
	// The line that says what is missing names its package; else the
	// first error line.
	line := ""
	for _, l := range strings.Split(r.Output, "\n") {
		for phrase, d := range byPhrase {
			if line == "" && strings.Contains(l, phrase) {
				line, deb = strings.TrimSpace(l), d
			}
		}
	}
	if line == "" {
		line = firstError(r.Output)
	}
	return failure{strings.Join(append([]string{name}, args...), " "), line, deb}
}

// firstError is the first line that says error, else the first line.
func firstError(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "error") || strings.Contains(l, "ERROR") {
			return strings.TrimSpace(l)
		}
	}
	return firstLine(out)
}

func firstLine(out string) string {
	out = strings.TrimSpace(out)
	if i := strings.IndexByte(out, '\n'); i >= 0 {
		out = out[:i]
	}
	if out == "" {
		return "(no output)"
	}
	return out
}

// Full runs every probe, in parallel, in a scratch directory under the
// cache, and returns a row each.
func Full() []report.Row {
	ps := probes()
	if err := os.MkdirAll(kit.CacheDir(), 0o755); err != nil {
		return []report.Row{{Check: "setup probe", GOOS: "-", GOARCH: "-", Status: report.Fail, Detail: err.Error()}}
	}
	rows := make([]report.Row, len(ps))
	kit.Each(len(ps), 0, func(i int) { rows[i] = runProbe(ps[i]) })
	return rows
}

func runProbe(p probe) (row report.Row) {
	row = report.Row{Check: "setup probe: " + p.name, GOOS: "-", GOARCH: "-", Status: report.Pass}
	if p.goarch != "" {
		row.GOOS, row.GOARCH = "linux", p.goarch
	}
	start := time.Now()
	defer func() { row.Seconds = time.Since(start).Seconds() }()
	var f failure
	dir, err := os.MkdirTemp(kit.CacheDir(), "probe-")
	if err != nil {
		f = failure{"mkdir in " + kit.CacheDir(), err.Error(), "-"}
	} else {
		defer os.RemoveAll(dir)
		f = p.run(dir)
	}
	if !f.ok() {
		row.Status, row.Detail = report.Fail, f.String()
	}
	return row
}

package fuzz

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
)

// The libFuzzer targets compile what Bazel lists for each: the target's
// file and the model's library sources, not the replay's main nor the
// model's programs and tests.
func TestSources(t *testing.T) {
	if _, err := exec.LookPath("bazel"); err != nil {
		t.Skip("bazel is not installed (tools/xaddref setup installs it): the targets' files come from it")
	}
	want := map[string][]string{
		"model":    {"cref/arch.c", "cref/cell.c", "cref/mstats.c", "cref/oracle.c", "cref/print.c"},
		"variants": {"cref/arch.c", "cref/mstats.c", "cref/os_script.c", "cref/trace.c", "cref/variants.c"},
	}
	for _, t2 := range Targets[:2] {
		c, err := kit.QueryC("//cref/fuzz:fuzz_" + t2)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, s := range c.Srcs {
			names[s] = true
		}
		for _, f := range append(want[t2], "cref/fuzz/fuzz_"+t2+".c") {
			if !names[f] {
				t.Errorf("%s: %s missing from %v", t2, f, c.Srcs)
			}
		}
		for name := range names {
			if strings.HasSuffix(name, "_test.c") || strings.HasSuffix(name, "replay.c") || name == "cref/cli.c" ||
				name == "cref/vectors.c" || name == "cref/variants_cli.c" {
				t.Errorf("%s: %s has a main but is among the sources", t2, name)
			}
		}
		if !strings.HasPrefix(strings.Join(c.Copts, " "), "-std=c11 -Wall -Wextra -Werror") {
			t.Errorf("%s: C flags %q, want .bazelrc's", t2, c.Copts)
		}
		if seeds, _ := filepath.Glob(filepath.Join(kit.Root(), "cref", "fuzz", "corpus", t2, "*")); len(seeds) == 0 {
			t.Errorf("target %s has no committed seeds", t2)
		}
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		o    Options
		frag string // "" when valid
	}{
		{Options{Seconds: 10}, ""},
		{Options{Seconds: 10, Targets: []string{"model", "go"}}, ""},
		{Options{Seconds: 0}, "--seconds 0"},
		{Options{Seconds: 5, Targets: []string{"nope"}}, "--target nope: no such target"},
	}
	for _, c := range cases {
		err := Check(c.o)
		if c.frag == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.o, err)
			}
			continue
		}
		e, ok := err.(*cli.Error)
		if !ok || e.Code != cli.BadUsage || !strings.Contains(e.Msg, c.frag) {
			t.Errorf("%+v: got %v, want a usage error with %q", c.o, err, c.frag)
		}
	}
}

// What the runs print, and what a row takes from it.
func TestOutputs(t *testing.T) {
	lib := "#123\tDONE   cov: 40 ft: 80 corp: 9/160b\nDone 533193 runs in 5 second(s)\n" +
		"==1== ERROR: libFuzzer: deadly signal\nartifact_prefix='/c/fuzz/failures/model/'; Test unit written to /c/fuzz/failures/model/crash-da39a3ee\n"
	if m := doneRE.FindStringSubmatch(lib); m == nil || m[1] != "533193" {
		t.Errorf("runs: %v", m)
	}
	if m := artifactRE.FindStringSubmatch(lib); m == nil || m[1] != "/c/fuzz/failures/model/crash-da39a3ee" {
		t.Errorf("artifact: %v", m)
	}
	goOut := "fuzz: elapsed: 3s, execs: 83015 (27667/sec), new interesting: 0 (total: 8)\n" +
		"fuzz: elapsed: 4s, execs: 99000 (30000/sec), new interesting: 0 (total: 8)\n" +
		"    Failing input written to testdata/fuzz/FuzzXaddrefXadduintptr/5f2a\n"
	if ms := goExecsRE.FindAllStringSubmatch(goOut, -1); len(ms) != 2 || ms[1][1] != "99000" {
		t.Errorf("execs: %v", ms)
	}
	if m := goFailRE.FindStringSubmatch(goOut); m == nil || m[1] != "testdata/fuzz/FuzzXaddrefXadduintptr/5f2a" {
		t.Errorf("failing input: %v", m)
	}
	seedOut := "failure while testing seed corpus entry: FuzzXaddrefXadduintptr/seed#2\n"
	if m := goSeedRE.FindStringSubmatch(seedOut); m == nil || m[1] != "FuzzXaddrefXadduintptr/seed#2" {
		t.Errorf("failing seed: %v", m)
	}
}

// A target started by a kit whose own peak is above the target's allowance
// (as `test` is, after loading its trees) still gets the allowance: Linux
// hands the kit's peak RSS to the target across execve.
func TestInheritedPeak(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a libFuzzer target and touches 2.5 GB")
	}
	peak := make([]byte, (fuzzMemMB+512)<<20)
	for i := 0; i < len(peak); i += 4096 {
		peak[i] = 1
	}
	row := libFuzzerRow("model", 3)
	runtime.KeepAlive(peak)
	if row.Status != report.Pass {
		t.Fatalf("model target under a %d MB parent: %s\n%s", len(peak)>>20, row.Status, row.Detail)
	}
}

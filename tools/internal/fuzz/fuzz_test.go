package fuzz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
)

// The libFuzzer targets link cref's library sources: not its programs
// (a second main) and not its tests.
func TestLibrarySources(t *testing.T) {
	srcs, err := librarySources(kit.Root())
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range srcs {
		names[filepath.Base(s)] = true
	}
	for _, want := range []string{"arch.c", "cell.c", "mstats.c", "print.c", "trace.c", "variants.c", "os_script.c"} {
		if !names[want] {
			t.Errorf("%s missing from %v", want, srcs)
		}
	}
	for name := range names {
		if strings.HasSuffix(name, "_test.c") || name == "cli.c" || name == "vectors.c" || name == "variants_cli.c" {
			t.Errorf("%s has a main but is among the library sources", name)
		}
	}
	for _, t2 := range Targets[:2] {
		if _, err := os.Stat(filepath.Join(kit.Root(), "cref", "fuzz", "fuzz_"+t2+".c")); err != nil {
			t.Errorf("target %s: %v", t2, err)
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

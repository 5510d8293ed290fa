package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/kittest"
)

// regress answers bad input with exit status 2 and a message naming it,
// before any scratch copy, and leaves every tree as it was: a missing
// --tree, a tree with no series (Go 1.19), a 2015 tree that is not at
// the series' base, bad --cpu, --arch and --json, a missing emulator.
func TestRegressBadInput(t *testing.T) {
	bin := kittest.Xaddref(t)
	cache := t.TempDir()
	go119 := kittest.WriteTree(t, map[string]string{"VERSION": "go1.19.8\n", "src/runtime/mstats.go": "package runtime\n"})
	// A 2015-shaped tree whose runtime is no blob of the series.
	hist := kittest.WriteTree(t, map[string]string{"src/runtime/mstats.go": "package runtime\n", "src/runtime/os1_linux.go": "package runtime\n"})
	file := filepath.Join(kittest.WriteTree(t, map[string]string{"f": "a file\n"}), "f")
	before := map[string]string{go119: kittest.HashTree(t, go119), hist: kittest.HashTree(t, hist)}
	cases := []badCase{
		{args: []string{"regress"}, want: "--tree DIR is required"},
		{args: []string{"regress", "--tree", filepath.Join(t.TempDir(), "nonexistent")}, want: "does not exist"},
		{args: []string{"regress", "--tree", file}, want: "is a file, not a directory"},
		{args: []string{"regress", "--tree", go119}, want: "has no series: give the 2015 tree at 8566979972"},
		{args: []string{"regress", "--tree", hist}, want: "the tree must be at the base: " + hist + " is state=foreign"},
		{args: []string{"regress", "--tree", hist, "--cpu", "1,0"}, want: "--cpu 1,0: want positive integers"},
		{args: []string{"regress", "--tree", hist, "--arch", "sparc"}, want: "--arch sparc: no such architecture in profile 6ad33be"},
		{args: []string{"regress", "--tree", hist, "--arch", "arm64"}, without: []string{"qemu-aarch64"}, want: "--arch arm64 needs qemu-aarch64"},
		{args: []string{"regress", "--tree", hist, "--json", filepath.Join(t.TempDir(), "no", "r.json")}, want: "its directory does not exist"},
		{args: []string{"regress", "--tree", hist, "extra"}, want: `unexpected argument "extra"`},
	}
	for _, c := range cases {
		c := c
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			env := []string{"XADDREF_ROOT=" + kit.Root(), "XADDREF_CACHE_DIR=" + cache}
			if c.without != nil {
				env = append(env, "PATH="+pathWithout(t, c.without...))
			}
			code, stderr := run(t, bin, env, time.Minute, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, c.want)
			}
		})
	}
	t.Cleanup(func() {
		for dir, h := range before {
			if kittest.HashTree(t, dir) != h {
				t.Errorf("tree %s changed", dir)
			}
		}
		if entries, _ := os.ReadDir(filepath.Join(cache, "trees")); len(entries) > 0 {
			t.Errorf("regress made a scratch copy in %s before answering its bad input", cache)
		}
	})
}

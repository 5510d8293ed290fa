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

func TestMain(m *testing.M) {
	os.Exit(kittest.Main(m))
}

// pathWithout is a PATH with every program of the current one but the
// named ones: a machine where they are not installed. Bazel is left out
// too: a Bazel server configures its C toolchain from its clients' PATH,
// and this one's programs go away with the test.
func pathWithout(t *testing.T, programs ...string) string {
	t.Helper()
	dir := t.TempDir()
	skip := map[string]bool{"bazel": true}
	for _, p := range programs {
		skip[p] = true
	}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if skip[e.Name()] {
				continue
			}
			skip[e.Name()] = true
			os.Symlink(filepath.Join(d, e.Name()), filepath.Join(dir, e.Name()))
		}
	}
	for _, p := range programs {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Fatalf("pathWithout: %s is still there", p)
		}
	}
	return dir
}

// TestBadInput answers every subcommand's bad input: an unknown command
// or flag, a missing value, a tree that does not exist, is not a Go tree,
// is a version the kit does not support or is a file, a missing toolchain
// or emulator, an architecture that does not exist. Each must end with
// exit status 2 and a message naming the problem, before any heavy work
// (no scratch copy is made), and leave every tree as it was.
func TestBadInput(t *testing.T) {
	bin := kittest.Xaddref(t)
	cache := t.TempDir()
	mstats := "package runtime\n"
	trees := map[string]string{
		"missing":  filepath.Join(t.TempDir(), "nonexistent"),
		"notgo":    kittest.WriteTree(t, map[string]string{"README": "not a Go tree\n"}),
		"go1.21":   kittest.WriteTree(t, map[string]string{"VERSION": "go1.21.0\n", "src/runtime/mstats.go": mstats}),
		"go1.19.5": kittest.WriteTree(t, map[string]string{"VERSION": "go1.19.5\n", "src/runtime/mstats.go": mstats}),
		"file":     filepath.Join(kittest.WriteTree(t, map[string]string{"f": "a file\n"}), "f"),
		// Identified as go1.19.8: only a bad flag stops a command on it.
		"go1.19.8": kittest.WriteTree(t, map[string]string{"VERSION": "go1.19.8\n", "src/runtime/mstats.go": mstats}),
	}
	treeErrors := map[string]string{
		"missing":  "does not exist",
		"notgo":    "is not a Go tree",
		"go1.21":   "unsupported Go version go1.21.0",
		"go1.19.5": "go1.19.5 is not supported",
		"file":     "is a file, not a directory",
	}
	before := map[string]string{}
	for name, dir := range trees {
		if name != "missing" {
			before[name] = kittest.HashTree(t, dir)
		}
	}
	jsonDir := filepath.Join(t.TempDir(), "nonexistent")
	ok := trees["go1.19.8"]

	cases := append(badInputCases(ok, jsonDir), treeCases(trees, treeErrors)...)
	for _, c := range cases {
		c := c
		name := strings.Join(c.args, " ")
		if c.without != nil {
			name += " (without " + strings.Join(c.without, ",") + ")"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := []string{"XADDREF_ROOT=" + kit.Root(), "XADDREF_CACHE_DIR=" + cache}
			if c.without != nil {
				env = append(env, "PATH="+pathWithout(t, c.without...))
			}
			start := time.Now()
			// Bad input is answered before any heavy work: well within a
			// minute, though a Bazel build of the model may wait for
			// another Bazel command to finish.
			code, stderr := run(t, bin, env, 3*time.Minute, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d after %.1fs, stderr:\n%s\nwant exit 2 and %q", code, time.Since(start).Seconds(), stderr, c.want)
			}
		})
	}
	t.Cleanup(func() {
		for name, h := range before {
			if got := kittest.HashTree(t, trees[name]); got != h {
				t.Errorf("tree %s (%s) changed", name, trees[name])
			}
		}
		// No command got as far as a scratch copy.
		if entries, _ := os.ReadDir(filepath.Join(cache, "trees")); len(entries) > 0 {
			t.Errorf("a command made a scratch copy in %s: it did heavy work before answering its bad input", filepath.Join(cache, "trees"))
		}
	})
}

type badCase struct {
	args    []string
	without []string // programs missing from PATH
	want    string   // a fragment of stderr
}

// badInputCases are the bad inputs that need no bad tree: unknown commands
// and flags, missing and bad values, unknown architectures, missing
// toolchains. ok is a tree identified as go1.19.8.
func badInputCases(ok, jsonDir string) []badCase {
	return []badCase{
		// Unknown commands.
		{args: []string{"frob"}, want: `unknown command "frob"`},
		{args: []string{"--frob"}, want: `unknown command "--frob"`},
		{args: []string{"help", "frob"}, want: `help: unknown command "frob"`},
		{args: []string{"help", "verify", "diff"}, want: `usage: xaddref help [COMMAND], not "help verify diff"`},
		{args: []string{"series", "frob"}, want: `unknown subcommand "frob"`},
		{args: []string{"model", "frob"}, want: "unknown command frob"},
		// Unknown flags and stray arguments.
		{args: []string{"test", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"test", "extra"}, want: `unexpected argument "extra"`},
		{args: []string{"verify", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"diff", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"variants", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"semantics", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"gless", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"callers", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"callers", "--all", "extra"}, want: `unexpected argument "extra"`},
		{args: []string{"bench", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"bench", "--tree", ok, "--verify-arch", "sparc"}, want: "--verify-arch sparc: no such architecture in era go1.19"},
		{args: []string{"fuzz", "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"series", "status", "--tree", ok, "--frob"}, want: "flag provided but not defined: -frob"},
		{args: []string{"model", "xadd", "--arch", "amd64", "--cell", "0", "--delta", "1", "--frob", "1"}, want: "unknown flag --frob"},
		// Missing values.
		{args: []string{"verify", "--tree"}, want: "flag needs an argument: -tree"},
		{args: []string{"diff", "--arch"}, want: "flag needs an argument: -arch"},
		{args: []string{"variants", "--seed"}, want: "flag needs an argument: -seed"},
		{args: []string{"semantics", "--random"}, want: "flag needs an argument: -random"},
		{args: []string{"semantics", "--json"}, want: "flag needs an argument: -json"},
		{args: []string{"gless", "--goos"}, want: "flag needs an argument: -goos"},
		{args: []string{"callers", "--goarch"}, want: "flag needs an argument: -goarch"},
		{args: []string{"callers", "--all", "--json"}, want: "flag needs an argument: -json"},
		{args: []string{"bench", "--json"}, want: "flag needs an argument: -json"},
		{args: []string{"fuzz", "--seconds"}, want: "flag needs an argument: -seconds"},
		{args: []string{"series", "apply", "--tree"}, want: "flag needs an argument: -tree"},
		{args: []string{"series", "status"}, want: "missing --tree DIR"},
		{args: []string{"model", "xadd", "--arch", "amd64", "--cell", "0", "--delta"}, want: "needs a value"},
		{args: []string{"gless"}, want: "give either --goos X --goarch Y or --all"},
		{args: []string{"callers"}, want: "give either --goos X --goarch Y or --all"},
		{args: []string{"callers", "--goos", "linux"}, want: "give either --goos X --goarch Y or --all"},
		{args: []string{"callers", "--all", "--goos", "linux", "--goarch", "386"}, want: "give either --goos X --goarch Y or --all"},
		// Bad values.
		{args: []string{"diff", "--tree", ok, "--ops", "0"}, want: "--ops 0: must be at least 1"},
		{args: []string{"verify", "--tree", ok, "--ops", "many"}, want: `invalid value "many" for flag -ops`},
		{args: []string{"verify", "--tree", ok, "--arch", ""}, want: "--arch is empty"},
		{args: []string{"variants", "--random", "-1"}, want: "--random -1"},
		{args: []string{"semantics", "--seed", "0"}, want: "--seed 0: give a non-zero seed"},
		{args: []string{"semantics", "--scenario", "1234"}, want: "--scenario 1234: give ERA:ID"},
		{args: []string{"semantics", "--scenario", "go1.19:-1"}, want: "--scenario go1.19:-1: give ERA:ID"},
		// semantics derives the 2015 ports' conventions from the 2015 tree.
		{args: []string{"semantics"}, want: "give --tree DIR, a tree at 8566979972 or 6ad33be"},
		{args: []string{"semantics", "--tree", ok}, want: "is a tree of era go1.19: give the 2015 tree"},
		{args: []string{"bench", "--rounds", "0"}, want: "--rounds 0"},
		{args: []string{"bench", "--json", filepath.Join(jsonDir, "b.json")}, want: "its directory does not exist"},
		{args: []string{"callers", "--all", "--json", filepath.Join(jsonDir, "c.json")}, want: "its directory does not exist"},
		{args: []string{"fuzz", "--seconds", "0"}, want: "--seconds 0"},
		{args: []string{"fuzz", "--target", "nope"}, want: "--target nope: no such target"},
		{args: []string{"model", "xadd", "--arch", "386", "--cell", "0", "--delta", "0x100000000"}, want: "does not fit a 4-byte uintptr"},
		// Architectures that do not exist.
		{args: []string{"verify", "--arch", "sparc"}, want: "--arch sparc: no such architecture"},
		{args: []string{"verify", "--tree", ok, "--arch", "amd64,sparc"}, want: "--arch sparc: no such architecture"},
		{args: []string{"diff", "--arch", "sparc"}, want: "--arch sparc: no such architecture"},
		{args: []string{"bench", "--verify-arch", "sparc"}, want: "--verify-arch sparc: no such architecture"},
		{args: []string{"gless", "--goos", "linux", "--goarch", "sparc"}, want: "linux/sparc is not a target"},
		// A GOOS and a GOARCH of the tree, but not a pair of it.
		{args: []string{"callers", "--goos", "plan9", "--goarch", "arm64"}, want: "plan9/arm64 is not a target"},
		{args: []string{"model", "xadd", "--arch", "sparc", "--cell", "0", "--delta", "1"}, want: "unknown arch sparc"},
		// Missing toolchains and emulators.
		{args: []string{"diff", "--arch", "arm"}, without: []string{"qemu-arm"}, want: "--arch arm needs qemu-arm, which is not installed"},
		{args: []string{"verify", "--tree", ok, "--arch", "mips"}, without: []string{"mips-linux-gnu-gcc"}, want: "--arch mips needs mips-linux-gnu-gcc"},
		{args: []string{"diff", "--tree", ok, "--arch", "386"}, without: []string{"i686-linux-gnu-gcc"}, want: "needs i686-linux-gnu-gcc"},
		{args: []string{"diff", "--tree", ok, "--arch", "amd64"}, without: []string{"gcc"}, want: "--arch amd64 needs gcc"},
		{args: []string{"diff", "--tree", ok, "--arch", "ppc64"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"verify", "--tree", ok}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"variants", "--tree", ok}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"semantics"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"callers", "--goos", "linux", "--goarch", "386"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"model", "arches"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"diff", "--tree", ok, "--arch", "amd64"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"bench"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"bench", "--no-verify"}, without: []string{"bazel"}, want: "bazel is not installed"},
		{args: []string{"fuzz", "--target", "model"}, without: []string{"bazel"}, want: "--target model: bazel is not installed"},
		{args: []string{"fuzz", "--target", "go"}, without: []string{"bazel"}, want: "--target go: bazel is not installed"},
		{args: []string{"bench", "--no-verify"}, without: []string{"gcc"}, want: "gcc is not installed"},
		{args: []string{"fuzz", "--target", "model"}, without: []string{"clang"}, want: "clang is not installed"},
		{args: []string{"fuzz", "--target", "go"}, without: []string{"gcc"}, want: "gcc is not installed"},
	}
}

// treeCases run every command that takes a tree on each bad tree.
func treeCases(trees, treeErrors map[string]string) []badCase {
	var cases []badCase
	// Every tree a command takes, in every bad shape.
	for _, name := range []string{"missing", "notgo", "go1.21", "go1.19.5", "file"} {
		dir, want := trees[name], treeErrors[name]
		for _, args := range [][]string{
			{"verify", "--tree", dir},
			{"diff", "--tree", dir},
			{"variants", "--tree", dir},
			{"gless", "--tree", dir, "--all"},
			{"callers", "--tree", dir, "--all"},
			{"semantics", "--tree", dir},
			{"bench", "--tree", dir},
			{"series", "status", "--tree", dir},
			{"series", "apply", "--tree", dir},
		} {
			cases = append(cases, badCase{args: args, want: want})
		}
	}
	return cases
}

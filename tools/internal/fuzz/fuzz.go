// Package fuzz runs the kit's fuzz targets for a bounded time each:
//
//   - model and variants: the libFuzzer targets of cref/fuzz, built with
//     clang from the files and C flags Bazel defines for
//     //cref/fuzz:fuzz_<target>, with -fsanitize=fuzzer,address,undefined
//     on top; their committed seeds are cref/fuzz/corpus/<target>, the
//     corpus they grow is kept under the cache directory;
//   - go: Go's native fuzzing (go test -fuzz) of FuzzXaddrefXadduintptr
//     (goruntime_tests/xaddref_fuzz_test.go) in the default target's
//     scratch copy: the runtime's Xadduintptr against the model.
//
// A disagreement (or a sanitizer's report) fails the target's row and
// saves the input; where, and how to rerun it: docs/fuzz.md.
package fuzz

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// Targets, in the order they run.
var Targets = []string{"model", "variants", "go"}

// Options of a run.
type Options struct {
	Seconds int      // fuzzing time per target
	Targets []string // nil: all
}

// Check validates the options before any work, and the tools the targets
// need: a usage or environment error names the problem.
func Check(o Options) error {
	if o.Seconds < 1 {
		return cli.Usagef("fuzz: --seconds %d: give 1 or more seconds per target", o.Seconds)
	}
	for _, t := range o.Targets {
		if !known(t) {
			return cli.Usagef("fuzz: --target %s: no such target (known: %s)", t, strings.Join(Targets, ","))
		}
		if t == "go" {
			// The runtime's test binary calls the model through cgo.
			if err := kit.Need("gcc", "gcc"); err != nil {
				return cli.Usagef("fuzz: --target go: %v", err)
			}
		} else if err := kit.Need("clang", "clang"); err != nil {
			return cli.Usagef("fuzz: --target %s: %v", t, err)
		}
		// Every target compiles the model as Bazel defines it.
		if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
			return cli.Usagef("fuzz: --target %s: %v", t, err)
		}
	}
	return nil
}

func known(t string) bool {
	for _, k := range Targets {
		if k == t {
			return true
		}
	}
	return false
}

// Rows runs the targets and returns a row each. An environment error
// (clang missing, a target that does not build) is a failed row with its
// message: a target that did not run is never a pass.
func Rows(o Options) []report.Row {
	if o.Targets == nil {
		o.Targets = Targets
	}
	if err := Check(o); err != nil {
		return []report.Row{{Check: "fuzz", Status: report.Fail, Detail: err.Error()}}
	}
	var rows []report.Row
	for _, t := range o.Targets {
		if t == "go" {
			rows = append(rows, goRow(o.Seconds))
		} else {
			rows = append(rows, libFuzzerRow(t, o.Seconds))
		}
	}
	return rows
}

func dir(parts ...string) string {
	return filepath.Join(append([]string{kit.CacheDir(), "fuzz"}, parts...)...)
}

// build compiles the libFuzzer target t with clang into the cache: the
// files Bazel lists for //cref/fuzz:fuzz_<t>, with its C flags and, on top,
// libFuzzer's and the sanitizers'.
func build(t string) (string, error) {
	root := kit.Root()
	c, err := kit.QueryC("//cref/fuzz:fuzz_" + t)
	if err != nil {
		return "", err
	}
	bin := dir("bin", "fuzz_"+t)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", err
	}
	args := append(append([]string(nil), c.Copts...), "-g", "-O1",
		"-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=undefined",
		"-I", root, "-o", bin)
	for _, f := range c.Srcs {
		args = append(args, filepath.Join(root, f))
	}
	r := kit.Run(root, nil, false, "clang", args...)
	if r.Err != nil {
		return "", fmt.Errorf("clang did not build //cref/fuzz:fuzz_%s with libFuzzer (libclang-rt-14-dev provides it; tools/xaddref setup installs it): %s", t, kit.Tail(r.Output, 15))
	}
	return bin, nil
}

var (
	doneRE     = regexp.MustCompile(`Done (\d+) runs in (\d+) second`)
	artifactRE = regexp.MustCompile(`Test unit written to (\S+)`)
)

// libFuzzerRow builds and runs one libFuzzer target for seconds.
func libFuzzerRow(t string, seconds int) (row report.Row) {
	row = report.Row{Check: "fuzz " + t + " (libFuzzer)", GOOS: "linux", GOARCH: "amd64"}
	start := time.Now()
	defer func() { row.Seconds = time.Since(start).Seconds() }()
	done := kit.Step("fuzz %s: building with clang", t)
	bin, err := build(t)
	done()
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row
	}
	corpus, failures := dir("corpus", t), dir("failures", t)
	for _, d := range []string{corpus, failures} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			row.Status, row.Detail = report.Fail, err.Error()
			return row
		}
	}
	seeds := filepath.Join(kit.Root(), "cref", "fuzz", "corpus", t)
	done = kit.Step("fuzz %s: %d s", t, seconds)
	r := kit.Run(kit.Root(), nil, false, bin, "-max_total_time="+strconv.Itoa(seconds), "-timeout=10",
		rssLimit(), "-malloc_limit_mb="+strconv.Itoa(fuzzMemMB),
		"-artifact_prefix="+failures+"/", "-print_final_stats=1", corpus, seeds)
	done()
	if m := doneRE.FindStringSubmatch(r.Output); m != nil {
		row.Figures = m[1] + " runs"
	}
	if r.Err != nil {
		row.Status = report.Fail
		input := "(no input saved; see the output)"
		if m := artifactRE.FindStringSubmatch(r.Output); m != nil {
			input = m[1]
		}
		row.Detail = fmt.Sprintf("disagreement or sanitizer report; input saved to %s (rerun: %s %s):\n%s",
			input, bin, input, kit.Tail(r.Output, 25))
		return row
	}
	row.Status = report.Pass
	row.Detail = "seeds " + relToRoot(seeds) + ", corpus " + corpus
	return row
}

// fuzzMemMB is what a fuzz target may use: libFuzzer's default limit.
const fuzzMemMB = 2048

// rssLimit returns the -rss_limit_mb flag for a libFuzzer target started
// by this process. libFuzzer measures a process's peak RSS with
// getrusage(RUSAGE_SELF).ru_maxrss, and Linux carries ru_maxrss across
// execve from the memory the exec replaces: os/exec starts a child with
// CLONE_VM|CLONE_VFORK, so that memory is this process's, and a target
// started by a kit that has loaded several trees begins "using" the kit's
// peak (2.6 GB in `test`) and reports itself out of memory at its first
// check. The limit is therefore the target's own allowance on top of what
// it inherits; -malloc_limit_mb keeps the per-allocation limit at the
// default.
func rssLimit() string {
	var ru syscall.Rusage
	inherited := 0
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		inherited = int(ru.Maxrss / 1024) // kilobytes on Linux
	}
	return "-rss_limit_mb=" + strconv.Itoa(inherited+fuzzMemMB)
}

func relToRoot(p string) string {
	if r, err := filepath.Rel(kit.Root(), p); err == nil {
		return r
	}
	return p
}

const goTarget = "FuzzXaddrefXadduintptr"

var (
	goFailRE  = regexp.MustCompile(`Failing input written to (\S+)`)
	goSeedRE  = regexp.MustCompile(`failure while testing seed corpus entry: (\S+)`)
	goExecsRE = regexp.MustCompile(`execs: (\d+) `)
)

// goRow fuzzes the runtime's Xadduintptr against the model with go test
// -fuzz in the default target's scratch copy.
func goRow(seconds int) (row report.Row) {
	row = report.Row{Check: "fuzz go " + goTarget, GOOS: "linux", GOARCH: "amd64"}
	start := time.Now()
	defer func() { row.Seconds = time.Since(start).Seconds() }()
	info, err := tree.Identify("")
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row
	}
	pr, err := diff.Prepare(diff.Options{Tree: info})
	if err == nil && pr.BuildErr != "" {
		err = fmt.Errorf("the default target does not build: %s", pr.BuildErr)
	}
	var env []string
	if err == nil {
		env, err = pr.GoEnv("amd64")
	}
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row
	}
	pkg := filepath.Join(pr.Dir, "src", "runtime")
	done := kit.Step("fuzz go: go test -fuzz %s, %d s (building the instrumented test binary first)", goTarget, seconds)
	r := kit.Run(pkg, env, false, pr.GoCommand(), "test", "-run", "^"+goTarget+"$", "-fuzz", "^"+goTarget+"$",
		"-fuzztime", strconv.Itoa(seconds)+"s", "-parallel", "1", "runtime")
	done()
	ms := goExecsRE.FindAllStringSubmatch(r.Output, -1)
	if ms != nil {
		row.Figures = ms[len(ms)-1][1] + " execs"
	}
	if r.Err == nil {
		if ms == nil {
			// go test passes a -fuzz that matches nothing.
			row.Status, row.Detail = report.Fail, goTarget+" did not fuzz (is goruntime_tests/xaddref_fuzz_test.go in the era's test files?):\n"+kit.Tail(r.Output, 10)
			return row
		}
		row.Status, row.Detail = report.Pass, "in "+pkg
		return row
	}
	row.Status = report.Fail
	m := goFailRE.FindStringSubmatch(r.Output)
	if m == nil {
		if seed := goSeedRE.FindStringSubmatch(r.Output); seed != nil {
			row.Detail = fmt.Sprintf("the runtime disagrees with the model on the seed %s, one of the f.Add seeds in goruntime_tests/xaddref_fuzz_test.go:\n%s", seed[1], kit.Tail(r.Output, 25))
		} else {
			row.Detail = "go test -fuzz failed before fuzzing:\n" + kit.Tail(r.Output, 25)
		}
		return row
	}
	saved := filepath.Join(pkg, m[1])
	copyTo := dir("failures", "go", filepath.Base(saved))
	if err := kit.CopyFile(saved, filepath.Dir(copyTo), filepath.Base(copyTo), 0o644); err == nil {
		saved = copyTo + " (and " + filepath.Join(pkg, m[1]) + ")"
	}
	row.Detail = fmt.Sprintf("the runtime disagrees with the model; input saved to %s (rerun in %s: go test -run=%s/%s runtime):\n%s",
		saved, pkg, goTarget, filepath.Base(m[1]), kit.Tail(r.Output, 25))
	return row
}

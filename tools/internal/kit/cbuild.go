package kit

import (
	"bytes"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"sync"
)

// CBuild is how Bazel builds a C target of the model: the files of the
// target and of everything it depends on, relative to the root, and the C
// flags of every build (.bazelrc's).
//
// Bazel is the one definition of the model's sources and flags (cref/BUILD,
// cref/fuzz/BUILD, .bazelrc). The builds it does not do itself, the cgo
// package the differential suite installs into a Go tree and the libFuzzer
// targets clang builds, ask it (QueryC) instead of keeping lists of their
// own, which would drift from it: there is nothing to keep in step, and no
// second parser of Starlark.
type CBuild struct {
	Srcs  []string // .c files, sorted
	Hdrs  []string // .h files, sorted
	Copts []string // in Bazel's order
}

var cBuilds struct {
	sync.Mutex
	m map[string]CBuild
}

// QueryC asks Bazel how it builds label (bazel query for the files, bazel
// cquery for the flags). The answer is kept for the rest of the process:
// the BUILD files do not change under a run.
func QueryC(label string) (CBuild, error) {
	cBuilds.Lock()
	defer cBuilds.Unlock()
	if b, ok := cBuilds.m[label]; ok {
		return b, nil
	}
	if err := Need("bazel", "bazel-bootstrap"); err != nil {
		return CBuild{}, err
	}
	expr := fmt.Sprintf("let t = deps(%s) in labels(srcs, $t) + labels(hdrs, $t) + labels(textual_hdrs, $t)", label)
	files, err := bazelOutput("query", "--noimplicit_deps", "--output=label", expr)
	if err != nil {
		return CBuild{}, err
	}
	var b CBuild
	for _, l := range strings.Fields(files) {
		path, ok := strings.CutPrefix(l, "//")
		if !ok {
			return CBuild{}, fmt.Errorf("%s depends on %s, outside the repository", label, l)
		}
		path = strings.Replace(strings.TrimPrefix(path, ":"), ":", "/", 1)
		switch {
		case strings.HasSuffix(path, ".c"):
			b.Srcs = append(b.Srcs, path)
		case strings.HasSuffix(path, ".h"):
			b.Hdrs = append(b.Hdrs, path)
		default:
			return CBuild{}, fmt.Errorf("%s lists %s, neither a C source nor a header", label, l)
		}
	}
	sort.Strings(b.Srcs)
	sort.Strings(b.Hdrs)
	copts, err := bazelOutput("cquery", "--output=starlark",
		`--starlark:expr="\n".join(build_options(target)["//command_line_option:copt"])`, label)
	if err != nil {
		return CBuild{}, err
	}
	b.Copts = strings.Fields(copts)
	if len(b.Srcs) == 0 || len(b.Copts) == 0 {
		return CBuild{}, fmt.Errorf("bazel gives %s no C sources or no C flags", label)
	}
	if cBuilds.m == nil {
		cBuilds.m = map[string]CBuild{}
	}
	cBuilds.m[label] = b
	return b, nil
}

// bazelOutput runs bazel in the root and returns its standard output
// alone: its progress and messages go to standard error, which an error
// quotes.
func bazelOutput(args ...string) (string, error) {
	cmd := exec.Command("bazel", append(args[:1:1], append([]string{"--noshow_progress"}, args[1:]...)...)...)
	cmd.Dir = Root()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("bazel %s: %v:\n%s", strings.Join(args, " "), err, Tail(stderr.String(), 15))
	}
	return string(out), nil
}

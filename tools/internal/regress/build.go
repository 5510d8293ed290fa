package regress

import (
	"fmt"
	"path/filepath"
	"time"

	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/tree"
)

// builder makes the test binary of the tree with the series' first k
// patches, for an architecture. The kit's is scratchBuilder; the tests
// plant a change with one of their own.
type builder interface {
	build(k int, a era.Arch) (*binary, error)
}

// scratchBuilder builds in the differential suite's scratch copies, made
// for the tree's own tests (diff.Options.TreeTests): one per prefix,
// keyed by the tree's content and the prefix, each with its toolchain
// (make.bash) and its test binaries, reused by later runs.
type scratchBuilder struct {
	tree *tree.Info
	bins map[string]*binary
}

func (sb *scratchBuilder) build(k int, a era.Arch) (*binary, error) {
	id := fmt.Sprintf("%d/%s", k, a.GOARCH)
	if b := sb.bins[id]; b != nil {
		return b, nil
	}
	start := time.Now()
	pr, err := diff.Prepare(diff.Options{Tree: sb.tree, TreeTests: true, Patches: k})
	if err != nil {
		return nil, err
	}
	if pr.BuildErr != "" {
		return nil, fmt.Errorf("%s", pr.BuildErr)
	}
	done := kit.Step("regress linux/%s: the runtime's test binary, base + %d patches", a.GOARCH, k)
	path, err := pr.TestBinary(a.GOARCH)
	done()
	if err != nil {
		return nil, err
	}
	env, err := pr.GoEnv(a.GOARCH)
	if err != nil {
		return nil, err
	}
	// The crash tests build programs with the tree's go command and refuse
	// a stale runtime.a (crash_test.go's checkStaleRuntime): install the
	// runtime for the architecture, with the environment they build with.
	if r := kit.Run(pr.Dir, env, false, pr.GoCommand(), "install", "runtime"); r.Err != nil {
		return nil, fmt.Errorf("go install runtime: %s", kit.Tail(r.Output, 10))
	}
	launch, lenv := a.Launcher()
	b := &binary{
		path: path, pkg: "runtime", dir: filepath.Join(pr.Dir, "src", "runtime"),
		env:    append(append(env, lenv...), "GOMAXPROCS=2"),
		launch: launch,
		cache:  filepath.Join(filepath.Dir(pr.Dir), "regress", a.GOARCH),
		built:  time.Since(start).Seconds(),
	}
	if sb.bins == nil {
		sb.bins = map[string]*binary{}
	}
	sb.bins[id] = b
	return b, nil
}

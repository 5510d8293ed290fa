package diff

import (
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/memo"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// BuildRows cross-builds the runtime package of the prepared tree for every
// GOOS/GOARCH the tree supports (tree.Ports: `go tool dist list`, or the
// 2015 dist's ports), without cgo: a row per port, check "build runtime",
// in the ports' order. The builds run beside each other, a CPU each
// (kit.OnCPU): the compiler takes the runtime package mostly on one CPU.
// The era's CrossBuild verb lets a second run reuse the first's work, and
// when every port built, a later run on the same inputs (buildKey) reuses
// the rows without starting the go command once per port.
func BuildRows(pr *Prepared) []report.Row {
	targets, _, err := tree.Load(pr.Dir).Ports()
	if err != nil {
		return []report.Row{{Check: "build runtime", Status: report.Fail, Detail: err.Error()}}
	}
	defer kit.Step("building the runtime for %d GOOS/GOARCH ports", len(targets))()
	return memo.Rows(pr.buildKey(targets), func() []report.Row {
		rows := make([]report.Row, len(targets))
		kit.Each(len(targets), 0, func(i int) {
			t := targets[i]
			var r kit.Result
			kit.OnCPU(func() { r = kit.Run(pr.Dir, pr.crossEnv(t), false, pr.GoCommand(), pr.Era.CrossBuild, "runtime") })
			rows[i] = report.Row{Check: "build runtime", GOOS: t.GOOS, GOARCH: t.GOARCH, Status: report.Pass, Seconds: r.Seconds}
			if r.Err != nil {
				rows[i].Status, rows[i].Detail = report.Fail, kit.Tail(r.Output, 5)
			}
		})
		return rows
	})
}

// crossEnv is the go command's environment for a cross build of t.
func (pr *Prepared) crossEnv(t era.Port) []string {
	return append(pr.goEnv(era.Arch{GOARCH: t.GOARCH}), "GOOS="+t.GOOS, "CGO_ENABLED=0")
}

// buildKey names what the cross builds read: the scratch copy (its key
// hashes the tree and all the kit put in it, and it is not changed once
// made), the go command and its verb, and each port's environment.
func (pr *Prepared) buildKey(targets []era.Port) *memo.Key {
	k := memo.New("build runtime").Strings(pr.Key, pr.Era.CrossBuild).Program(pr.GoCommand()).Environ()
	for _, t := range targets {
		k.Strings(pr.crossEnv(t)...)
	}
	return k
}

package diff

import (
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// BuildRows cross-builds the runtime package of the prepared tree for every
// GOOS/GOARCH the tree supports (tree.Ports: `go tool dist list`, or the
// 2015 dist's ports), without cgo: a row per port, check "build runtime",
// in the ports' order. The builds run beside each other, a CPU each
// (kit.OnCPU): the compiler takes the runtime package mostly on one CPU.
// The era's CrossBuild verb lets a second run reuse the first's work.
func BuildRows(pr *Prepared) []report.Row {
	targets, _, err := tree.Load(pr.Dir).Ports()
	if err != nil {
		return []report.Row{{Check: "build runtime", Status: report.Fail, Detail: err.Error()}}
	}
	defer kit.Step("building the runtime for %d GOOS/GOARCH ports", len(targets))()
	rows := make([]report.Row, len(targets))
	kit.Each(len(targets), 0, func(i int) {
		t := targets[i]
		env := append(pr.goEnv(era.Arch{GOARCH: t.GOARCH}), "GOOS="+t.GOOS, "CGO_ENABLED=0")
		var r kit.Result
		kit.OnCPU(func() { r = kit.Run(pr.Dir, env, false, pr.GoCommand(), pr.Era.CrossBuild, "runtime") })
		rows[i] = report.Row{Check: "build runtime", GOOS: t.GOOS, GOARCH: t.GOARCH, Status: report.Pass, Seconds: r.Seconds}
		if r.Err != nil {
			rows[i].Status, rows[i].Detail = report.Fail, kit.Tail(r.Output, 5)
		}
	})
	return rows
}

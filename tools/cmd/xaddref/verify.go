package main

import (
	"fmt"
	"os"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/gless"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// runVerify checks a Go tree end to end: every check the kit has, one report.
func runVerify(args []string) error {
	fs := cli.NewFlagSet("verify")
	df := addDiffFlags(fs)
	jsonPath := fs.String("json", "", "FILE write the report as JSON too")
	keep := fs.Bool("keep", false, "keep the scratch copy and print its path")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	o, err := df.options()
	if err != nil {
		return err
	}
	rep, err := verifyReport(o, *keep)
	if err != nil {
		return err
	}
	rep.Verbose = *df.verbose
	kit.Progress("static checks: %d Go files of the trees parsed, each once", tree.TotalParses())
	return finish(rep, *jsonPath)
}

// regressNotRun is verify's line about the tree's own test suite, which
// verify leaves to regress: two make.bash and three runs of the suite per
// side and architecture are 10 minutes on amd64 and 27 under qemu-aarch64
// on the 2-core machines, beyond verify's time.
func regressNotRun(o diff.Options) report.Row {
	return report.Row{Check: "regress", GOOS: "-", GOARCH: "-", Status: report.Info,
		Detail: "not run by verify: `tools/xaddref regress --tree " + o.Tree.Dir + "` runs the tree's own " +
			"runtime tests, base against the series (amd64 about 10 min; under qemu-user, arm64 about 27 min)"}
}

// verifyReport runs every check the kit has on o's tree: verify's report,
// which test also compares with the tree's characterization.
func verifyReport(o diff.Options, keep bool) (*report.Report, error) {
	// The model's own tests run with Bazel: without it, verify cannot do
	// its main job.
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "xaddref: tree %s; era %s\n", o.Tree.Describe(), o.Tree.Era.Name)

	rep := &report.Report{Tree: o.Tree.Describe(), Era: o.Tree.Era.Name}
	if row, ok := checkSeriesState(o); ok {
		rep.Tree += ", " + row.Figures
		rep.Add(row)
		if !o.NoApply {
			rep.Add(regressNotRun(o))
		}
	}
	rep.Add(checkBazel("model: bazel test //cref/...", "//cref/..."))
	diffRows, measured := checkDiffMeasured(o)
	for _, r := range diffRows {
		rep.Add(r)
	}
	// The scratch copy is prepared by now; this reuses it.
	pr, err := diff.Prepare(o)
	notRun := ""
	switch {
	case err != nil:
		notRun = "not run: the scratch copy could not be prepared: " + err.Error()
	case pr.BuildErr != "":
		notRun = "not run: " + kit.Tail(pr.Failure(), 3)
	}
	if notRun != "" {
		for _, check := range []string{"build runtime", "gless", "conventions", "variants", "callers"} {
			rep.Add(report.Row{Check: check, Status: report.Skip, Detail: notRun})
		}
	} else {
		for _, r := range diff.BuildRows(pr) {
			rep.Add(r)
		}
		// What sysAlloc, sysFree and newosproc0 reach, per port, on the
		// tree as tested (the series applied unless --no-apply).
		done := kit.Step("gless: every port")
		for _, r := range gless.GateRows(pr.Dir, pr.Era.GlessGate) {
			rep.Add(r)
		}
		done()
		// The OS conventions of every port, derived from the tree and
		// measured where the suite ran: the variants run on them.
		done = kit.Step("conventions: every port's OS layer, derived and measured")
		table, rows := variants.Conventions(pr.Dir, o.Tree.Era.Name, measured, variants.Options{})
		for _, r := range rows {
			rep.Add(r)
		}
		if table != nil {
			rep.Tables = append(rep.Tables, conventionsTable(table))
		}
		done()
		done = kit.Step("variants: every mem_*.go against the model")
		for _, r := range variants.Rows(pr.Dir, o.Tree.Era.Name, variants.Options{NoApply: o.NoApply, Seed: o.Seed, Table: table}) {
			rep.Add(r)
		}
		done()
		// Where the commit's new exit(2) can fire, per port: a finding
		// where a driven caller reaches it.
		done = kit.Step("callers: the stat ledger and the driven callers, every port")
		for _, r := range callers.Rows(pr.Dir, o.Tree.Era, diff.BeforeTree(o.Tree, o.NoApply)) {
			rep.Add(r)
		}
		done()
		if keep {
			fmt.Fprintf(os.Stderr, "xaddref: scratch copy kept at %s\n", pr.Dir)
		}
	}
	return rep, nil
}

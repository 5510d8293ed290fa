package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/gless"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/memo"
	"xaddref/tools/internal/osconv"
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
// which test also compares with the tree's characterization. The checks
// run beside each other, sharing the CPUs piece by piece (kit.OnCPU); the
// report lists their rows in one order whatever the timing, as a report
// compared row by row needs.
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
	// The scratch copy first: preparing it asks Bazel how it builds the
	// model, which would wait for the model's tests to end.
	start := time.Now()
	done := kit.Step("preparing the scratch copy")
	pr, err := diff.Prepare(o)
	done()
	var model report.Row
	modelDone := make(chan bool)
	go func() {
		kit.OnCPU(func() { model = checkBazel("model: bazel test //cref/...", "//cref/...") })
		close(modelDone)
	}()
	rows, table := verifyChecks(o, pr, err, start)
	<-modelDone
	rep.Add(model)
	for _, r := range rows {
		rep.Add(r)
	}
	if table != nil {
		rep.Tables = append(rep.Tables, conventionsTable(table))
	}
	if keep && pr != nil && pr.Scratch != nil {
		fmt.Fprintf(os.Stderr, "xaddref: scratch copy kept at %s\n", pr.Dir)
	}
	return rep, nil
}

// verifyChecks runs verify's checks on the copy Prepare gave (pr, or its
// error), begun at start: the differential suite, then the OS conventions
// it measured and the variants on them; beside it the runtime's cross
// builds; beside both the static checks, G-less reach and then the
// callers (which reuse the call graphs the first built). It returns their
// rows in that order, and the conventions' table.
func verifyChecks(o diff.Options, pr *diff.Prepared, prepErr error, start time.Time) ([]report.Row, *osconv.Table) {
	notRun := ""
	switch {
	case prepErr != nil:
		notRun = "not run: the scratch copy could not be prepared: " + prepErr.Error()
	case pr.BuildErr != "":
		notRun = "not run: " + kit.Tail(pr.Failure(), 3)
	}
	if notRun != "" {
		rows, _ := checkDiffOn(o, pr, prepErr, start)
		for _, check := range []string{"build runtime", "gless", "conventions", "variants", "callers"} {
			rows = append(rows, report.Row{Check: check, Status: report.Skip, Detail: notRun})
		}
		return rows, nil
	}
	var diffRows, buildRows, convRows, variantRows, glessRows, callerRows []report.Row
	var table *osconv.Table
	var wg sync.WaitGroup
	spawn := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	// A go command that installs (the 2015 era's CrossBuild) writes the
	// copy's pkg/, where the suite's builds read: it waits for the suite.
	crossAfter := pr.Era.CrossBuild == "install"
	derived := make(chan *osconv.Table, 1)
	spawn(func() {
		var measured []osconv.Run
		diffRows, measured = checkDiffOn(o, pr, nil, start)
		if crossAfter {
			buildRows = diff.BuildRows(pr)
		}
		table, convRows, variantRows = checkVariants(o, pr, <-derived, measured)
	})
	if !crossAfter {
		spawn(func() { buildRows = diff.BuildRows(pr) })
	}
	spawn(func() {
		glessRows, callerRows = checkStatic(o, pr)
		derived <- deriveConventions(o, pr)
	})
	wg.Wait()
	var rows []report.Row
	for _, group := range [][]report.Row{diffRows, buildRows, glessRows, convRows, variantRows, callerRows} {
		rows = append(rows, group...)
	}
	return rows, table
}

// deriveConventions reads the OS conventions of every port from the tree
// while the suite runs, which measures them: type-checking each port's
// runtime takes seconds, and a later run on the same scratch copy and kit
// reuses the table (nil: the derivation failed, and the conventions check
// tries again to report why).
func deriveConventions(o diff.Options, pr *diff.Prepared) *osconv.Table {
	defer kit.Step("conventions: every port's OS layer, derived")()
	k := memo.New("conventions derived").Strings(pr.Key, o.Tree.Era.Name).Program(pr.GoCommand())
	t, _ := memo.Value(k, func() (*osconv.Table, bool) {
		t, err := osconv.Derive(pr.Dir, o.Tree.Era.Name)
		return t, err == nil
	})
	return t
}

// checkVariants checks the OS conventions of every port, derived from the
// tree (derived, or nil) and measured where the suite ran, and the
// variants on them.
func checkVariants(o diff.Options, pr *diff.Prepared, derived *osconv.Table, measured []osconv.Run) (*osconv.Table, []report.Row, []report.Row) {
	done := kit.Step("conventions: every port's OS layer, derived and measured")
	table, convRows := variants.Conventions(pr.Dir, o.Tree.Era.Name, measured, variants.Options{Table: derived})
	done()
	done = kit.Step("variants: every mem_*.go against the model")
	defer done()
	return table, convRows, variants.Rows(pr.Dir, o.Tree.Era.Name, variants.Options{NoApply: o.NoApply, Seed: o.Seed, Table: table})
}

// checkStatic runs the static checks on the tree as tested (the series
// applied unless --no-apply): what sysAlloc, sysFree and newosproc0 reach
// per port, and where the commit's new exit(2) can fire (a finding where a
// driven caller reaches it). Both give the same rows for the same inputs,
// which their keys name (staticKeys): a later run reuses them.
func checkStatic(o diff.Options, pr *diff.Prepared) (gl, cl []report.Row) {
	before := diff.BeforeTree(o.Tree, o.NoApply)
	gk, ck := staticKeys(o, pr, before)
	done := kit.Step("gless: every port")
	gl = memo.Rows(gk, func() []report.Row { return gless.GateRows(pr.Dir, pr.Era.GlessGate) })
	done()
	done = kit.Step("callers: the stat ledger and the driven callers, every port")
	defer done()
	return gl, memo.Rows(ck, func() []report.Row { return callers.Rows(pr.Dir, o.Tree.Era, before) })
}

// staticKeys are the inputs of the static checks: the kit (memo.New), the
// scratch copy (its key hashes the tree and everything the kit put in it)
// and the go command that lists its ports. The callers' check also reads
// the tree before the series (before, the 2015 era's), and drives callers
// in host programs the kit's Go builds, against the C model Bazel builds
// from cref/.
func staticKeys(o diff.Options, pr *diff.Prepared, before string) (gl, cl *memo.Key) {
	gl = memo.New("gless").Strings(pr.Key).Program(pr.GoCommand())
	cl = memo.New("callers").Strings(pr.Key, before).Program(pr.GoCommand())
	if before != "" {
		sum, err := o.Tree.ContentHash()
		if err != nil {
			sum = "unreadable: " + err.Error()
		}
		cl.Strings(sum)
	}
	cl.Program(kit.Go()).Program("bazel").Program("gcc").Files("cref", ".bazelrc", "BUILD", "WORKSPACE", "third_party")
	return gl, cl
}

package main

import (
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/fuzz"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

var lookPath = exec.LookPath

// sanitizers are the .bazelrc configs `test` runs the model's tests under,
// with the property test's cases per architecture.
var sanitizers = []struct{ config, cases string }{
	{"asan", "200000"}, {"ubsan", "200000"}, {"tsan", "100000"},
}

// runTest runs every test the kit has and prints one report.
func runTest(args []string) error {
	fs := cli.NewFlagSet("test")
	verbose := fs.Bool("v", false, "print every row, not only the counts and the rows that did not pass")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	rep := report.Report{Verbose: *verbose}
	rep.Add(checkBazel("bazel test //...", "//..."))
	// The model under each sanitizer, with fewer randomized cases.
	for _, s := range sanitizers {
		rep.Add(checkBazel("bazel test --config="+s.config+" //cref/...", "--config="+s.config, "--test_env=XADDREF_CASES="+s.cases, "//cref/..."))
	}
	for _, r := range checkGoTests() {
		rep.Add(r)
	}
	rep.Add(checkShellcheck())
	rep.Add(series.SplitRow(kit.Root(), era.Go2015.Series))
	// verify on the default target (the differential suite on every
	// architecture this machine runs, and every other check), compared
	// with its characterization; then the suite against broken runtimes.
	info, err := tree.Identify("")
	if err != nil {
		return err
	}
	o := diff.Options{Tree: info, Ops: 1000000, Arches: []string{"all"}}
	v, err := verifyReport(o, false)
	if err != nil {
		return err
	}
	for _, r := range v.Rows {
		rep.Add(r)
	}
	rep.Add(characterizationRow("verify-"+info.Era.Name, v))
	for _, r := range diff.SelfTest(o) {
		rep.Add(r)
	}
	// A short fuzz of every target: the model's, and the runtime against it.
	for _, r := range fuzz.Rows(fuzz.Options{Seconds: 10}) {
		rep.Add(r)
	}
	rep.Add(checkFreshRoot())
	return finish(&rep, "")
}

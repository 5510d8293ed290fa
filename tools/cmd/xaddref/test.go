package main

import (
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/profile"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

var lookPath = exec.LookPath

// runTest runs every test the kit has and prints one report.
func runTest(args []string) error {
	fs := cli.NewFlagSet("test")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	var rep report.Report
	rep.Add(checkBazel("bazel test //...", "//..."))
	rep.Add(checkGoTests())
	rep.Add(checkShellcheck())
	rep.Add(series.SplitRow(kit.Root(), profile.Hist.Series))
	// The differential suite on the default target, every architecture
	// this machine runs, and once against a broken runtime.
	info, err := tree.Identify("")
	if err != nil {
		return err
	}
	o := diff.Options{Tree: info, Ops: 1000000}
	for _, r := range checkDiff(o) {
		rep.Add(r)
	}
	for _, r := range checkDiffSelfTest(o) {
		rep.Add(r)
	}
	return finish(&rep, "")
}

package main

import (
	"os"
	"os/exec"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/report"
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
	rep.Finish()
	rep.Print(os.Stdout)
	if rep.Verdict != report.Pass {
		return &cli.Error{Code: cli.Failed}
	}
	return nil
}

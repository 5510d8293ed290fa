package main

import (
	"io"
	"os"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/setup"
)

// runSetup proves that the kit's toolchains work (tools/xaddref installs
// the packages of tools/packages.txt first, with tools/setup.sh). With
// --quick, the cheap form that tools/xaddref runs before every command:
// the full probes run only when the machine changed since they last passed.
func runSetup(args []string) error {
	fs := cli.NewFlagSet("setup")
	quick := fs.Bool("quick", false, "probe in full only if the packages changed since the last probe passed")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	var out io.Writer = os.Stdout
	if *quick {
		why := setup.Quick()
		if why == "" {
			return nil
		}
		// The command that follows owns stdout.
		out = os.Stderr
		kit.Progress("setup: %s; probing every toolchain", why)
	}
	done := kit.Step("setup: probes")
	rep := report.Report{Rows: setup.Full()}
	done()
	rep.Finish()
	rep.Print(out)
	var failed []string
	for _, r := range rep.Rows {
		if r.Status == report.Fail {
			failed = append(failed, strings.TrimPrefix(r.Check, "setup probe: ")+" "+r.GOOS+"/"+r.GOARCH+": "+r.Detail)
		}
	}
	if len(failed) > 0 {
		return cli.Usagef("what setup installed does not work:\n  %s", strings.Join(failed, "\n  "))
	}
	if err := setup.Record(); err != nil {
		return cli.Usagef("setup: recording the probes: %v", err)
	}
	return nil
}

package main

import (
	"fmt"
	"os"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/gless"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runGless checks that sysAlloc, sysFree and newosproc0 reach nothing
// that needs a G, statically, per GOOS/GOARCH.
func runGless(args []string) error {
	fs := cli.NewFlagSet("gless")
	treeDir := fs.String("tree", "", "DIR the Go tree (default: Debian's Go 1.19)")
	goos := fs.String("goos", "", "GOOS the target's operating system (with --goarch)")
	goarch := fs.String("goarch", "", "GOARCH the target's architecture (with --goos)")
	all := fs.Bool("all", false, "every GOOS/GOARCH the tree supports")
	verbose := fs.Bool("v", false, "every root's chain")
	var roots listFlag
	fs.Var(&roots, "root", "NAME a further root function (repeatable)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *all == (*goos != "" || *goarch != "") || !*all && (*goos == "" || *goarch == "") {
		return cli.Usagef("give either --goos X --goarch Y or --all (usage: xaddref gless [--tree DIR] (--goos X --goarch Y | --all) [--root NAME ...] [-v])")
	}
	info, err := tree.Identify(*treeDir)
	if err != nil {
		return err
	}
	targets, supported, source, err := pickTargets(info, *all, *goos, *goarch, "checks")
	if err != nil {
		return err
	}
	kit.Progress("gless: %s; %d target(s) (the tree has %d, from %s)", info.Describe(), len(targets), len(supported), source)
	results := gless.Analyze(info.Dir, targets, gless.Options{Roots: roots})
	for _, name := range roots {
		found := false
		for _, r := range results {
			found = found || r.Status != report.Skip && !contains(r.Missing, name)
		}
		if !found {
			return cli.Usagef("--root %s: no such function in %s/src/runtime for the target(s) checked", name, info.Dir)
		}
	}
	gless.Write(os.Stdout, results, *verbose)
	var failed, skipped []string
	for _, r := range results {
		switch r.Status {
		case report.Fail:
			failed = append(failed, r.Port.String())
		case report.Skip:
			skipped = append(skipped, r.Port.String())
		}
	}
	var msgs []string
	if len(failed) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d of %d targets fail: %s", len(failed), len(results), strings.Join(failed, " ")))
	}
	if len(skipped) > 0 {
		// A target that could not be checked is not a pass.
		msgs = append(msgs, fmt.Sprintf("%d of %d targets could not be checked: %s", len(skipped), len(results), strings.Join(skipped, " ")))
	}
	if len(msgs) > 0 {
		return cli.Failf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

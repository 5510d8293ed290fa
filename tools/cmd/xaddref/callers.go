package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xaddref/tools/internal/callers"
	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/tree"
)

const callersUsage = "xaddref callers [--tree DIR] [--no-apply] (--goos X --goarch Y | --all) [--json FILE] [-v]"

// runCallers prints the stat ledger of a tree and drives the callers
// that reach a discharge: where 6ad33be's new exit(2) can fire.
func runCallers(args []string) error {
	fs := cli.NewFlagSet("callers")
	treeDir := fs.String("tree", "", "DIR the Go tree (default: Debian's Go 1.19)")
	noApply := fs.Bool("no-apply", false, "analyse a 2015 tree as given, without the series")
	goos := fs.String("goos", "", "GOOS the port's operating system (with --goarch)")
	goarch := fs.String("goarch", "", "GOARCH the port's architecture (with --goos)")
	all := fs.Bool("all", false, "every GOOS/GOARCH the tree supports")
	jsonPath := fs.String("json", "", "FILE write the sites, findings and readers as JSON too")
	verbose := fs.Bool("v", false, "full calls, type errors, scenario lines")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *all == (*goos != "" || *goarch != "") || !*all && (*goos == "" || *goarch == "") {
		return cli.Usagef("give either --goos X --goarch Y or --all (usage: %s)", callersUsage)
	}
	if *jsonPath != "" {
		if st, err := os.Stat(filepath.Dir(*jsonPath)); err != nil || !st.IsDir() {
			return cli.Usagef("--json %s: its directory does not exist", *jsonPath)
		}
	}
	info, err := tree.Identify(*treeDir)
	if err != nil {
		return err
	}
	targets, _, _, err := pickTargets(info, *all, *goos, *goarch, "analyses")
	if err != nil {
		return err
	}
	// The messages are the C model's (//cref:variants, built with Bazel).
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "xaddref: tree %s; era %s; %d port(s)\n", info.Describe(), info.Era.Name, len(targets))
	dir, before := info.Dir, ""
	if info.Era == era.Go2015 && !*noApply {
		// A scratch copy with the series applied; the analysis reads
		// sources only, so nothing is built.
		pr, err := diff.PrepareSource(diff.Options{Tree: info})
		if err != nil {
			return err
		}
		if pr.BuildErr != "" {
			return cli.Failf("%s", pr.BuildErr)
		}
		dir = pr.Dir
		if before = diff.BeforeTree(info, *noApply); before == "" {
			fmt.Fprintf(os.Stderr, "xaddref: the tree has the series already: no side by side with the tree before it\n")
		}
	}
	res, err := callers.Analyze(dir, info.Era, targets, callers.Options{Before: before, Log: os.Stderr})
	if err != nil {
		return cli.Usagef("%v", err)
	}
	res.Write(os.Stdout, *verbose)
	if *jsonPath != "" {
		if err := res.WriteJSON(*jsonPath); err != nil {
			return cli.Usagef("--json %s: %v", *jsonPath, err)
		}
	}
	var failed []string
	for _, pr := range res.Ports {
		if pr.Err != "" {
			failed = append(failed, pr.Port.String())
		}
	}
	if len(failed) > 0 {
		// A port that could not be analysed is not a pass.
		return cli.Failf("%d of %d port(s) could not be analysed: %s", len(failed), len(res.Ports), strings.Join(failed, " "))
	}
	return nil
}

// pickTargets is every port of the tree with all, else the one named,
// which must be one of them (--all <verb> them all); and the tree's
// ports, and where their list came from.
func pickTargets(info *tree.Info, all bool, goos, goarch, verb string) (targets, supported []era.Port, source string, err error) {
	supported, source, err = tree.Load(info.Dir).Ports()
	if err != nil {
		return nil, nil, "", cli.Usagef("%s: %v", info.Dir, err)
	}
	if all {
		return supported, supported, source, nil
	}
	t := era.Port{GOOS: goos, GOARCH: goarch}
	for _, s := range supported {
		if s == t {
			return []era.Port{t}, supported, source, nil
		}
	}
	return nil, nil, "", cli.Usagef("%s is not a target of %s (%d targets, from %s; --all %s them all)", t, info.Dir,
		len(supported), source, verb)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/series"
	"xaddref/tools/internal/tree"
)

// seriesSubs are series' subcommands, in the order its usage lists them.
var seriesSubs = []string{"check", "apply", "status", "unapply", "verify-split"}

// seriesFlags is the flag set of a series subcommand: every one takes
// --series, every one but verify-split a tree.
func seriesFlags(sub string) (fs *flag.FlagSet, name, treeDir *string) {
	fs = cli.NewFlagSet("series " + sub)
	name = fs.String("series", series.Default, "NAME the series under patches/")
	if sub != "verify-split" {
		treeDir = fs.String("tree", "", "DIR the Go tree (required)")
	}
	return fs, name, treeDir
}

// seriesHelp is series' usage: every subcommand's.
func seriesHelp() *cli.HelpRequest {
	var fss []*flag.FlagSet
	for _, sub := range seriesSubs {
		fs, _, _ := seriesFlags(sub)
		fss = append(fss, fs)
	}
	return cli.HelpOf(fss...)
}

// runSeries applies, checks and undoes a patch series on a Go tree, and
// proves a series is its upstream commit split.
func runSeries(args []string) error {
	if len(args) == 0 {
		return cli.Usagef("no subcommand\n%s", seriesHelp().Usage)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return seriesHelp()
	}
	sub := args[0]
	if !slices.Contains(seriesSubs, sub) {
		return cli.Usagef("unknown subcommand %q\n%s", sub, seriesHelp().Usage)
	}
	fs, name, treeDir := seriesFlags(sub)
	if err := cli.Parse(fs, args[1:]); err != nil {
		return err
	}
	root := kit.Root()
	if sub == "verify-split" {
		st, err := series.VerifySplit(root, *name)
		if err != nil {
			return err
		}
		fmt.Printf("series %s is upstream %s split: %d patches, %d files, +%d -%d lines, the same changes and blob hashes\n",
			*name, st.Upstream, st.Patches, st.Files, st.Added, st.Removed)
		return nil
	}
	if *treeDir == "" {
		return cli.Usagef("%s: missing --tree DIR (the top of a Go source tree)\n%s", sub, cli.Help(fs))
	}
	if _, err := tree.Identify(*treeDir); err != nil {
		return err
	}
	s, err := series.Load(root, *name)
	if err != nil {
		return err
	}
	switch sub {
	case "status":
		st, err := s.State(*treeDir)
		if err != nil {
			return err
		}
		fmt.Println(st.Line())
		for i, p := range s.Patches {
			fmt.Printf("  %-11s %s\n", st.Patches[i], p.Name)
		}
		if st.Journal {
			kit.Progress("an interrupted apply or unapply left a journal for this tree; the next apply or unapply restores the tree from it first")
		}
		return nil
	case "check":
		res, err := s.Check(*treeDir)
		if err != nil {
			return err
		}
		for _, pc := range res.Patches {
			line := fmt.Sprintf("%s: %s", pc.Name, pc.Status)
			if pc.Detail != "" {
				line += ": " + pc.Detail
			}
			fmt.Println(line)
		}
		fmt.Println(res.Summary)
		if !res.OK {
			return &cli.Error{Code: cli.Failed, Msg: "series " + *name + " does not apply cleanly"}
		}
		return nil
	}
	return applyOrUndo(sub, s, *treeDir)
}

// applyOrUndo runs apply or unapply. An interrupt cancels the context; the
// operation then undoes what it did before it returns.
func applyOrUndo(sub string, s *series.Series, treeDir string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		for sig := range sigs {
			kit.Progress("series %s: %v received; undoing", sub, sig)
			cancel()
		}
	}()
	var out *series.Outcome
	var err error
	if sub == "apply" {
		out, err = s.ApplyContext(ctx, treeDir)
	} else {
		out, err = s.UnapplyContext(ctx, treeDir)
	}
	if err != nil {
		return err
	}
	fmt.Println(out.Message)
	return nil
}

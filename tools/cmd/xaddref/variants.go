package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/osconv"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
	"xaddref/tools/internal/variants"
)

// runVariants compares every mem_<os>.go variant of a tree with the C model.
func runVariants(args []string) error {
	fs := cli.NewFlagSet("variants")
	treeDir := fs.String("tree", "", "DIR the Go tree (default: Debian's Go 1.19)")
	noApply := fs.Bool("no-apply", false, "compare a 2015 tree without the series as it is")
	seed := fs.Int64("seed", 0, "N seed of the random scenarios (0: from the clock, printed)")
	random := fs.Int("random", 200, "N random scenarios per GOOS and function, besides the explored ones (0: none)")
	verbose := fs.Bool("v", false, "print every variant's row, not only the counts and the rows that did not pass")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	info, err := tree.Identify(*treeDir)
	if err != nil {
		return err
	}
	// The C model of the variants is built with Bazel (//cref:variants).
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "xaddref: tree %s; era %s\n", info.Describe(), info.Era.Name)
	prof, err := variants.ProfileNamed(info.Era.Name)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	if *random < 0 {
		return cli.Usagef("variants: --random %d: give 0 or more random scenarios per GOOS and function", *random)
	}
	if *random == 0 {
		*random = -1 // none
	}
	dir := info.Dir
	if info.Era == era.Go2015 && !*noApply {
		// The scratch copy the differential suite uses: the series applied.
		pr, err := diff.Prepare(diff.Options{Tree: info})
		if err != nil {
			return err
		}
		if pr.BuildErr != "" {
			return cli.Failf("variants: the tree with the series does not build: %s", pr.BuildErr)
		}
		dir = pr.Dir
	}
	res, err := variants.Check(dir, prof, variants.Options{Seed: *seed, Random: *random, NoApply: *noApply, Log: os.Stderr})
	if err != nil {
		var f *variants.Failure
		if errors.As(err, &f) {
			return cli.Failf("variants: %s", f.Msg)
		}
		return cli.Usagef("variants: %v", err)
	}
	rep := report.Report{Tree: info.Describe(), Era: info.Era.Name, Verbose: *verbose}
	for _, row := range res.Rows() {
		row.Detail = strings.SplitN(row.Detail, "\n", 2)[0]
		rep.Add(row)
	}
	rep.Finish()
	rep.Print(os.Stdout)
	var bad []string
	for _, vr := range res.Variants {
		if vr.NDiff == 0 {
			continue
		}
		bad = append(bad, "mem_"+vr.Variant+".go")
		fmt.Printf("\nmem_%s.go: %d of %d scenarios differ; the first of each kind:\n", vr.Variant, vr.NDiff, vr.Scenarios)
		for _, d := range vr.Diffs {
			fmt.Println(d.Describe())
		}
	}
	fmt.Printf("seed %d (rerun with --seed %d)\n", res.Seed, res.Seed)
	if len(bad) > 0 {
		return cli.Failf("variants: %s differ from the C model", strings.Join(bad, ", "))
	}
	if rep.Verdict != report.Pass {
		return cli.Failf("variants: verdict FAIL")
	}
	return nil
}

// runSemantics runs the 6ad33be and Go 1.19 models over the same scenarios
// and prints where they behave differently.
func runSemantics(args []string) error {
	fs := cli.NewFlagSet("semantics")
	treeDir := fs.String("tree", "", "DIR the tree at 8566979972 (or 6ad33be): the 2015 ports' OS conventions are derived from it")
	seed := fs.Int64("seed", 1, "N seed of the random scenarios (not 0)")
	random := fs.Int("random", 200, "N random scenarios per GOOS and function, besides the explored ones (0: none)")
	md := fs.String("md", "", "FILE write the comparison as Markdown too")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *random < 0 {
		return cli.Usagef("semantics: --random %d: give 0 or more random scenarios per GOOS and function", *random)
	}
	if *random == 0 {
		*random = -1
	}
	if *seed == 0 {
		return cli.Usagef("semantics: --seed 0: give a non-zero seed")
	}
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return err
	}
	if *treeDir == "" {
		return cli.Usagef("semantics: give --tree DIR, a tree at 8566979972 or 6ad33be: the OS conventions of the 2015 ports "+
			"(how mmap reports a failure, the constants) are derived from it, and Go 1.19's from %s", kit.Go119Root)
	}
	info, err := tree.Identify(*treeDir)
	if err != nil {
		return err
	}
	if info.Era != era.Go2015 {
		return cli.Usagef("semantics: --tree %s is a tree of era %s: give the 2015 tree (8566979972 or 6ad33be)", *treeDir, info.Era.Name)
	}
	tables := map[string]*osconv.Table{}
	for _, t := range []struct{ dir, profile string }{{info.Dir, era.Go2015.Name}, {kit.Go119Root, era.Go119.Name}} {
		tb, err := osconv.Derive(t.dir, t.profile)
		if err != nil {
			return cli.Usagef("semantics: deriving the OS conventions of %s: %v", t.dir, err)
		}
		tables[t.profile] = tb
	}
	var mdFile *os.File
	if *md != "" {
		// Opened before the work, so that a bad path is answered at once.
		f, err := os.Create(*md)
		if err != nil {
			return cli.Usagef("semantics: --md %s: %v", *md, err)
		}
		defer f.Close()
		mdFile = f
	}
	res, err := variants.Semantics(variants.Options{Seed: *seed, Random: *random, Log: os.Stderr, Tables: tables})
	if err != nil {
		return cli.Usagef("semantics: %v", err)
	}
	res.Print(os.Stdout)
	if mdFile != nil {
		res.PrintMarkdown(mdFile)
		if err := mdFile.Close(); err != nil {
			return cli.Usagef("semantics: --md %s: %v", *md, err)
		}
	}
	return nil
}

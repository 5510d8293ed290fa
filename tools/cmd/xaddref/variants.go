package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
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
			return cli.Failf("variants: %s", pr.Failure())
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

// runSemantics runs each era's code (6ad33be's, Go 1.19's, and each later
// era's the variants know) over the same scenarios and reviews where
// consecutive eras behave differently, by cause.
func runSemantics(args []string) error {
	fs := cli.NewFlagSet("semantics")
	treeDir := fs.String("tree", "", "DIR the tree at 8566979972 (or 6ad33be): the series is applied to a copy of it")
	seed := fs.Int64("seed", 1, "N seed of the random scenarios (not 0)")
	random := fs.Int("random", 200, "N random scenarios per GOOS and function, besides the explored ones (0: none)")
	verbose := fs.Bool("v", false, "print every cause in full, and every way the runs differ")
	md := fs.String("md", "", "FILE write the review as Markdown too")
	jsonPath := fs.String("json", "", "FILE write the review as JSON too")
	show := fs.String("scenario", "", "ERA:ID print scenario ID of the step to ERA (a review's example), run by run, instead of the review")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	showEra, showID, err := parseScenarioFlag(*show)
	if err != nil {
		return err
	}
	if *random < 0 {
		return cli.Usagef("semantics: --random %d: give 0 or more random scenarios per GOOS and function", *random)
	}
	if *seed == 0 {
		return cli.Usagef("semantics: --seed 0: give a non-zero seed")
	}
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return err
	}
	info, err := semanticsTree(*treeDir)
	if err != nil {
		return err
	}
	// Opened before the work, so that a bad path is answered at once.
	outs, err := createOutputs(map[string]string{"md": *md, "json": *jsonPath})
	if err != nil {
		return err
	}
	trees, tables, err := semanticsTrees(info)
	if err != nil {
		return err
	}
	opts := variants.Options{Seed: *seed, Random: *random, Log: os.Stderr, Tables: tables, Trees: trees}
	if *random == 0 {
		opts.Random = -1 // none
	}
	res, err := variants.Semantics(opts)
	if err != nil {
		return cli.Usagef("semantics: %v", err)
	}
	res.Command = "tools/xaddref semantics --tree " + *treeDir
	if *show != "" {
		if err := res.Scenario(os.Stdout, showEra, showID); err != nil {
			return cli.Usagef("semantics: --scenario %s: %v", *show, err)
		}
		return nil
	}
	if *verbose {
		res.PrintVerbose(os.Stdout)
	} else {
		res.Print(os.Stdout)
	}
	if f := outs["md"]; f != nil {
		res.PrintMarkdown(f)
	}
	if f := outs["json"]; f != nil {
		if err := res.WriteJSON(f); err != nil {
			return cli.Usagef("semantics: --json %s: %v", *jsonPath, err)
		}
	}
	return closeOutputs(outs)
}

// semanticsTree identifies the 2015 tree semantics takes.
func semanticsTree(dir string) (*tree.Info, error) {
	if dir == "" {
		return nil, cli.Usagef("semantics: give --tree DIR, a tree at 8566979972 or 6ad33be: the series is applied to a copy of it, "+
			"and the 2015 ports' OS conventions (how mmap reports a failure, the constants) are derived from it; Go 1.19's tree is %s",
			kit.Go119Root)
	}
	info, err := tree.Identify(dir)
	if err != nil {
		return nil, err
	}
	if info.Era != era.Go2015 {
		return nil, cli.Usagef("semantics: --tree %s is a tree of era %s: give the 2015 tree (8566979972 or 6ad33be)", dir, info.Era.Name)
	}
	return info, nil
}

// createOutputs creates the files a command writes besides stdout (flag
// name -> path; "" for none).
func createOutputs(paths map[string]string) (map[string]*os.File, error) {
	outs := map[string]*os.File{}
	for flag, p := range paths {
		if p == "" {
			continue
		}
		f, err := os.Create(p)
		if err != nil {
			closeOutputs(outs)
			return nil, cli.Usagef("--%s %s: %v", flag, p, err)
		}
		outs[flag] = f
	}
	return outs, nil
}

// closeOutputs closes the files createOutputs made; an error writing one
// is the command's.
func closeOutputs(outs map[string]*os.File) error {
	var first error
	for flag, f := range outs {
		if err := f.Close(); err != nil && first == nil {
			first = cli.Usagef("--%s %s: %v", flag, f.Name(), err)
		}
	}
	return first
}

// semanticsTrees are the tree of each era semantics compares, with its OS
// conventions: the 2015 tree given (a scratch copy with the series
// applied), Debian's Go 1.19, and for a later era the GOROOT of the kit's
// own Go, which must be of that era.
func semanticsTrees(hist *tree.Info) (map[string]string, map[string]*osconv.Table, error) {
	trees, tables := map[string]string{}, map[string]*osconv.Table{}
	for _, p := range variants.Profiles() {
		var dir string
		switch p.Name {
		case era.Go2015.Name:
			pr, err := diff.PrepareSource(diff.Options{Tree: hist})
			if err != nil {
				return nil, nil, err
			}
			if pr.BuildErr != "" {
				return nil, nil, cli.Failf("semantics: %s", pr.BuildErr)
			}
			dir = pr.Dir
		case era.Go119.Name:
			dir = kit.Go119Root
		default:
			cmd := exec.Command(kit.Go(), "env", "GOROOT")
			cmd.Env = append(os.Environ(), kit.GoEnv()...)
			out, err := cmd.Output()
			if err != nil {
				return nil, nil, cli.Usagef("semantics: %s env GOROOT: %v", kit.Go(), err)
			}
			info, err := tree.Identify(strings.TrimSpace(string(out)))
			if err != nil {
				return nil, nil, err
			}
			if info.Era.Name != p.Name {
				return nil, nil, cli.Usagef("semantics: era %s's tree is the GOROOT of the go first on PATH, %s, which is of era %s",
					p.Name, info.Dir, info.Era.Name)
			}
			dir = info.Dir
		}
		tb, err := osconv.Derive(dir, p.Name)
		if err != nil {
			return nil, nil, cli.Usagef("semantics: deriving the OS conventions of %s: %v", dir, err)
		}
		trees[p.Name], tables[p.Name] = dir, tb
	}
	return trees, tables, nil
}

// parseScenarioFlag reads --scenario ERA:ID.
func parseScenarioFlag(v string) (string, int, error) {
	if v == "" {
		return "", 0, nil
	}
	era, id, ok := strings.Cut(v, ":")
	n, err := strconv.Atoi(id)
	if !ok || era == "" || err != nil || n < 0 {
		return "", 0, cli.Usagef("semantics: --scenario %s: give ERA:ID, as a review's example says (go1.19:1234)", v)
	}
	return era, n, nil
}

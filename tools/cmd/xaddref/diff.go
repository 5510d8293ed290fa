package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// diffFlags are the flags diff and verify share.
type diffFlags struct {
	tree    *string
	noApply *bool
	arch    *string
	ops     *int
	seed    *int64
	verbose *bool
}

func addDiffFlags(fs interface {
	String(string, string, string) *string
	Bool(string, bool, string) *bool
	Int(string, int, string) *int
	Int64(string, int64, string) *int64
}) diffFlags {
	return diffFlags{
		tree:    fs.String("tree", "", "DIR the Go tree (default: Debian's Go 1.19)"),
		noApply: fs.Bool("no-apply", false, "test the tree exactly as given"),
		arch:    fs.String("arch", "all", "LIST|all the architectures, comma-separated"),
		ops:     fs.Int("ops", 1000000, "N operations of the values check per architecture"),
		seed:    fs.Int64("seed", 0, "S seed of the randomized checks (0: from the clock, printed)"),
		verbose: fs.Bool("v", false, "print every row, not only the counts and the rows that did not pass"),
	}
}

func (f diffFlags) options() (diff.Options, error) {
	info, err := tree.Identify(*f.tree)
	if err != nil {
		return diff.Options{}, err
	}
	if *f.ops < 1 {
		return diff.Options{}, cli.Usagef("--ops %d: must be at least 1", *f.ops)
	}
	var arches []string
	for _, a := range strings.Split(*f.arch, ",") {
		if a = strings.TrimSpace(a); a != "" {
			arches = append(arches, a)
		}
	}
	if len(arches) == 0 {
		return diff.Options{}, cli.Usagef("--arch is empty; give a comma-separated list or all")
	}
	if err := checkArches(info.Era.Name, arches); err != nil {
		return diff.Options{}, err
	}
	// The model's C comes from Bazel: the cgo package's files and flags
	// (//cref:xaddrefmodel), and the vectors of an architecture without cgo.
	if err := kit.Need("bazel", "bazel-bootstrap"); err != nil {
		return diff.Options{}, err
	}
	return diff.Options{Tree: info, NoApply: *f.noApply, Arches: arches, Ops: *f.ops, Seed: *f.seed}, nil
}

// checkArches answers an unknown architecture, and a named one whose C
// compiler or emulator is missing, before any work. With all, an
// architecture that cannot run is a skipped row instead.
func checkArches(prof string, arches []string) error {
	p, err := era.ByName(prof)
	if err != nil {
		return cli.Usagef("%v", err)
	}
	if len(arches) == 1 && arches[0] == "all" {
		return nil
	}
	var known []string
	for _, a := range p.Arches {
		known = append(known, a.GOARCH)
	}
	for _, name := range arches {
		a, ok := p.Arch(name)
		if !ok {
			return cli.Usagef("--arch %s: no such architecture in era %s (known: %s, or all alone)", name, p.Name, strings.Join(known, ","))
		}
		for _, tool := range []string{a.CC, a.Emulator()} {
			if tool == "" {
				continue
			}
			if _, err := exec.LookPath(tool); err != nil {
				return cli.Usagef("--arch %s needs %s, which is not installed; tools/xaddref setup installs it (tools/packages.txt)", name, tool)
			}
		}
	}
	return nil
}

// runDiff: the differential suite on one tree.
func runDiff(args []string) error {
	fs := cli.NewFlagSet("diff")
	df := addDiffFlags(fs)
	selfTest := fs.Bool("self-test", false, "run the suite against each deliberately broken runtime of the era instead")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	o, err := df.options()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "xaddref: tree %s; era %s\n", o.Tree.Describe(), o.Tree.Era.Name)
	rep := report.Report{Tree: o.Tree.Describe(), Era: o.Tree.Era.Name, Verbose: *df.verbose}
	if *selfTest {
		for _, r := range diff.SelfTest(o) {
			rep.Add(r)
		}
		return finish(&rep, "")
	}
	rows, err := diff.Run(o)
	if err != nil {
		return err
	}
	for _, r := range rows {
		rep.Add(r)
	}
	return finish(&rep, "")
}

// finish prints the report, writes its JSON if asked, and sets the status.
func finish(rep *report.Report, jsonPath string) error {
	rep.Finish()
	rep.Print(os.Stdout)
	if jsonPath != "" {
		if err := rep.WriteJSON(jsonPath); err != nil {
			return cli.Usagef("--json %s: %v", jsonPath, err)
		}
	}
	if rep.Verdict != report.Pass {
		return &cli.Error{Code: cli.Failed, Msg: "verdict FAIL: " + strings.Join(rep.Failed(), ", ")}
	}
	return nil
}

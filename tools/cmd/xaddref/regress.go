package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"xaddref/tools/internal/cli"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/regress"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/tree"
)

// runRegress: the tree's own runtime tests, on the series' base and with
// the series, compared test by test.
func runRegress(args []string) error {
	fs := cli.NewFlagSet("regress")
	treeDir := fs.String("tree", "", "DIR the Go tree at the series' base, the 2015 tree at 8566979972 (required)")
	arch := fs.String("arch", "all", "LIST|all the architectures, comma-separated")
	cpu := fs.String("cpu", "1,2,4", "LIST the -test.cpu values, one run of the suite each, as cmd/dist ran them")
	jsonPath := fs.String("json", "", "FILE write the report as JSON")
	verbose := fs.Bool("v", false, "print every row, not only the counts and the rows that did not pass")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *treeDir == "" {
		return cli.Usagef("--tree DIR is required: the Go tree at the series' base (usage: xaddref regress --tree DIR [--arch LIST] [--cpu LIST] [--json FILE] [-v])")
	}
	cpus, err := cpuList(*cpu)
	if err != nil {
		return err
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
	var arches []string
	for _, a := range strings.Split(*arch, ",") {
		if a = strings.TrimSpace(a); a != "" {
			arches = append(arches, a)
		}
	}
	if len(arches) == 0 {
		return cli.Usagef("--arch is empty; give a comma-separated list or all")
	}
	if err := regressArches(info.Era.Name, arches); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "xaddref: tree %s; profile %s\n", info.Describe(), info.Era.Name)
	rows, err := regress.Run(regress.Options{Tree: info, Arches: arches, CPUs: cpus})
	if err != nil {
		return err
	}
	rep := report.Report{Tree: info.Describe(), Era: info.Era.Name, Verbose: *verbose}
	for _, r := range rows {
		rep.Add(r)
	}
	return finish(&rep, *jsonPath)
}

// regressArches answers an unknown architecture, and a named one whose C
// compiler or emulator is missing, before any work. Unlike diff's
// checkArches it needs no Bazel: the tree's own tests use no model.
func regressArches(prof string, arches []string) error {
	p, err := era.ByName(prof)
	if err != nil || len(arches) == 1 && arches[0] == "all" {
		return err
	}
	for _, name := range arches {
		a, ok := p.Arch(name)
		if !ok {
			return cli.Usagef("--arch %s: no such architecture in profile %s (known: %s, or all alone)", name, p.Name, strings.Join(archNames(p), ","))
		}
		for _, tool := range []string{a.CC, a.Emulator()} {
			if _, err := exec.LookPath(tool); tool != "" && err != nil {
				return cli.Usagef("--arch %s needs %s, which is not installed; tools/xaddref setup installs it (tools/packages.txt)", name, tool)
			}
		}
	}
	return nil
}

func archNames(p *era.Era) []string {
	var out []string
	for _, a := range p.Arches {
		out = append(out, a.GOARCH)
	}
	return out
}

// cpuList reads --cpu: positive integers, comma-separated.
func cpuList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, cli.Usagef("--cpu %s: want positive integers, comma-separated (like 1,2,4)", s)
		}
		out = append(out, n)
	}
	return out, nil
}

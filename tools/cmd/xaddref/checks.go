package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/profile"
	"xaddref/tools/internal/report"
	"xaddref/tools/internal/series"
)

// Checks shared by `test` and `verify`; each yields rows.

var executedRE = regexp.MustCompile(`Executed (\d+) out of (\d+) tests?`)

// checkBazel runs `bazel test` on the given targets.
func checkBazel(name string, args ...string) report.Row {
	defer kit.Step("%s", name)()
	// Test results are not cached: the randomized tests draw a new seed.
	r := kit.Bazel(false, append([]string{"test", "--noshow_progress", "--cache_test_results=no"}, args...)...)
	row := report.Row{Check: name, Seconds: r.Seconds, Status: report.Pass}
	if m := executedRE.FindStringSubmatch(r.Output); m != nil {
		row.Figures = m[1] + " tests"
	}
	if r.Err != nil {
		row.Status = report.Fail
		row.Detail = kit.Tail(r.Output, 30)
	}
	return row
}

// checkGoTests vets and tests the kit's own Go code.
func checkGoTests() report.Row {
	defer kit.Step("go vet and go test ./... in tools")()
	dir := filepath.Join(kit.Root(), "tools")
	row := report.Row{Check: "tools: go vet, go test ./...", Status: report.Pass}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		r := kit.Run(dir, kit.GoEnv(), false, kit.Go119(), args...)
		row.Seconds += r.Seconds
		if r.Err != nil {
			row.Status = report.Fail
			row.Detail = "go " + args[0] + ":\n" + kit.Tail(r.Output, 40)
			return row
		}
		if args[0] == "test" {
			row.Figures = fmt.Sprintf("%d packages", strings.Count("\n"+r.Output, "\nok "))
		}
	}
	return row
}

// checkShellcheck lints the project's shell scripts.
func checkShellcheck() report.Row {
	row := report.Row{Check: "shellcheck"}
	if _, err := lookPath("shellcheck"); err != nil {
		row.Status, row.Detail = report.Skip, "shellcheck is not installed (tools/xaddref setup installs it)"
		return row
	}
	scripts := shellScripts(kit.Root())
	r := kit.Run(kit.Root(), nil, false, "shellcheck", scripts...)
	row.Seconds, row.Status = r.Seconds, report.Pass
	row.Figures = fmt.Sprintf("%d scripts", len(scripts))
	if r.Err != nil {
		row.Status, row.Detail = report.Fail, kit.Tail(r.Output, 30)
	}
	return row
}

// shellScripts lists the repository's bash scripts: *.sh, and files whose
// first line runs bash.
func shellScripts(root string) []string {
	var out []string
	filepath.Walk(root, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if fi.IsDir() {
			if rel != "." && (strings.HasPrefix(fi.Name(), ".") && fi.Name() != ".ci" || strings.HasPrefix(fi.Name(), "bazel-")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".sh") || isBashScript(path) {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func isBashScript(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 32)
	n, _ := f.Read(buf)
	return strings.HasPrefix(string(buf[:n]), "#!/usr/bin/env bash") || strings.HasPrefix(string(buf[:n]), "#!/bin/bash")
}

// checkDiff runs the differential suite; a usage or environment error of
// the suite (not a mismatch) is a failed row too, with its message.
func checkDiff(o diff.Options) []report.Row {
	rows, err := diff.Run(o)
	if err != nil {
		return []report.Row{{Check: "diff", Status: report.Fail, Detail: err.Error()}}
	}
	return rows
}

// checkDiffSelfTest runs the suite on amd64 against each deliberately
// broken runtime of the tree's profile (diff.Mutants): each must fail.
func checkDiffSelfTest(o diff.Options) []report.Row {
	var out []report.Row
	for _, name := range diff.Mutants(o.Tree.Profile) {
		o.Mutant = name
		o.Arches = []string{"amd64"}
		row := report.Row{Check: "diff self-test: " + name, GOOS: "linux", GOARCH: "amd64"}
		rows, err := diff.Run(o)
		if err != nil {
			row.Status, row.Detail = report.Fail, err.Error()
			out = append(out, row)
			continue
		}
		var caught []string
		for _, r := range rows {
			row.Seconds += r.Seconds
			if r.Status == report.Fail {
				caught = append(caught, r.Check)
			}
		}
		row.Status, row.Detail = report.Pass, "broken runtime caught by: "+strings.Join(caught, ", ")
		if len(caught) == 0 {
			row.Status, row.Detail = report.Fail, "the suite passed a broken runtime"
		}
		out = append(out, row)
	}
	return out
}

// checkSeriesState says what the tree holds of the profile's series (none
// for a profile without one): base, applied, partial or foreign. A foreign
// tree fails, unless --no-apply asks to test it as it is.
func checkSeriesState(o diff.Options) (report.Row, bool) {
	p, err := profile.ByName(o.Tree.Profile)
	if err != nil || p.Series == "" {
		return report.Row{}, false
	}
	row := report.Row{Check: "series state", Status: report.Pass}
	s, err := series.Load(kit.Root(), p.Series)
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row, true
	}
	st, err := s.State(o.Tree.Dir)
	if err != nil {
		row.Status, row.Detail = report.Fail, err.Error()
		return row, true
	}
	row.Figures = "state=" + st.Status
	row.Detail = st.Line()
	if st.Status == series.Foreign && !o.NoApply {
		row.Status = report.Fail
	}
	return row, true
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"xaddref/tools/internal/diff"
	"xaddref/tools/internal/kit"
	"xaddref/tools/internal/osconv"
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

// checkGoTests vets and tests the kit's own Go code: a row for both, and
// a skip row naming each test that skipped, with its reason.
func checkGoTests() []report.Row {
	defer kit.Step("go vet and go test ./... in tools")()
	dir := filepath.Join(kit.Root(), "tools")
	row := report.Row{Check: "tools: go vet, go test ./...", Status: report.Pass}
	r := kit.Run(dir, kit.GoEnv(), false, kit.Go(), "vet", "./...")
	row.Seconds += r.Seconds
	if r.Err != nil {
		row.Status, row.Detail = report.Fail, "go vet:\n"+kit.Tail(r.Output, 40)
		return []report.Row{row}
	}
	r = kit.Run(dir, kit.GoEnv(), false, kit.Go(), "test", "-count=1", "-json", "./...")
	row.Seconds += r.Seconds
	res := parseGoTestJSON(r.Output)
	row.Figures = fmt.Sprintf("%d packages, %d tests", res.packages, res.tests)
	if r.Err != nil || len(res.failed) > 0 {
		row.Status = report.Fail
		row.Detail = "go test: failed: " + strings.Join(res.failed, ", ") + "\n" + kit.Tail(res.output, 40)
	}
	rows := []report.Row{row}
	if len(res.skipped) > 0 {
		rows = append(rows, report.Row{Check: "tools: go test, skipped tests", Status: report.Skip,
			Figures: fmt.Sprintf("%d tests", len(res.skipped)), Detail: strings.Join(res.skipped, "\n")})
	}
	return rows
}

// goTestResult is what `go test -json` reported.
type goTestResult struct {
	packages, tests int
	failed          []string // package or package.Test
	skipped         []string // "package.Test: reason"
	output          string   // the tests' own output, as go test prints it
}

// parseGoTestJSON reads the events of `go test -json` (cmd/test2json): a
// test's verdict is its "pass", "fail" or "skip" action, and its reason is
// the last line it printed before it.
func parseGoTestJSON(out string) goTestResult {
	var res goTestResult
	var text strings.Builder
	last := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		var ev struct {
			Action, Package, Test, Output string
		}
		if json.Unmarshal([]byte(line), &ev) != nil {
			// Not an event: the build's own output (a compile error).
			text.WriteString(line + "\n")
			continue
		}
		name := ev.Package
		if ev.Test != "" {
			name += "." + ev.Test
		}
		switch ev.Action {
		case "output":
			text.WriteString(ev.Output)
			if l := strings.TrimSpace(ev.Output); l != "" && !strings.HasPrefix(l, "--- ") && !strings.HasPrefix(l, "=== ") {
				last[name] = l
			}
		case "pass", "fail", "skip":
			switch {
			case ev.Test == "" && ev.Action != "skip":
				res.packages++
			case ev.Test != "":
				res.tests++
			}
			if ev.Action == "fail" {
				res.failed = append(res.failed, name)
			}
			if ev.Action == "skip" && ev.Test != "" {
				res.skipped = append(res.skipped, name+": "+last[name])
			}
		}
	}
	res.output = text.String()
	return res
}

// checkShellcheck lints the project's shell scripts.
func checkShellcheck() report.Row {
	row := report.Row{Check: "shellcheck"}
	if _, err := lookPath("shellcheck"); err != nil {
		row.Status, row.Detail = report.Skip, "shellcheck is not installed (tools/xaddref setup installs it)"
		return row
	}
	scripts, err := shellScripts(kit.Root())
	if err != nil {
		row.Status, row.Detail = report.Fail, "listing the scripts: "+err.Error()
		return row
	}
	r := kit.Run(kit.Root(), nil, false, "shellcheck", scripts...)
	row.Seconds, row.Status = r.Seconds, report.Pass
	row.Figures = fmt.Sprintf("%d scripts", len(scripts))
	if r.Err != nil {
		row.Status, row.Detail = report.Fail, kit.Tail(r.Output, 30)
	}
	return row
}

// shellScripts lists the repository's bash scripts: *.sh, and files whose
// first line runs bash. A directory it cannot read is an error: a script
// there would go unlinted.
func shellScripts(root string) ([]string, error) {
	var out []string
	err := filepath.Walk(root, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
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
	return out, err
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

// checkDiffOn runs the differential suite on the copy Prepare gave (pr,
// or its error), begun at start, and returns the OS conventions the test
// binaries measured; a usage or environment error of the suite (not a
// mismatch) is a failed row too, with its message.
func checkDiffOn(o diff.Options, pr *diff.Prepared, prepErr error, start time.Time) ([]report.Row, []osconv.Run) {
	if prepErr != nil {
		return []report.Row{{Check: "diff", Status: report.Fail, Detail: prepErr.Error()}}, nil
	}
	rows, runs, err := diff.RunOn(pr, o, start)
	if err != nil {
		return []report.Row{{Check: "diff", Status: report.Fail, Detail: err.Error()}}, nil
	}
	return rows, runs
}

// conventionsTable is the table as a report shows it.
func conventionsTable(t *osconv.Table) report.Table {
	return report.Table{
		Title: fmt.Sprintf("OS conventions of each port (%s; measured: the tree's own wrapper run on the port; "+
			"derived: read from the tree at the file and line given; assumed: said why)", t.Profile),
		Columns: osconv.Columns, Rows: t.Rows(), Summary: t.Summary(),
	}
}

// checkFreshRoot runs the fresh-machine test (tools/fresh-root.sh): the
// README's quick start in a new Debian 12 root, from a clean clone.
func checkFreshRoot() report.Row {
	defer kit.Step("fresh root: setup and verify in a new Debian 12 root (tools/fresh-root.sh)")()
	row := report.Row{Check: "fresh root: setup, verify --arch 386,arm64", Status: report.Pass}
	r := kit.Run(kit.Root(), nil, false, filepath.Join(kit.Root(), "tools", "fresh-root.sh"))
	row.Seconds = r.Seconds
	if r.Err != nil {
		row.Status, row.Detail = report.Fail, kit.Tail(r.Output, 40)
		return row
	}
	row.Detail = kit.Tail(r.Output, 1)
	return row
}

// checkSeriesState says what the tree holds of the era's series (none
// for an era without one): base, applied, partial or foreign. A foreign
// tree fails, unless --no-apply asks to test it as it is.
func checkSeriesState(o diff.Options) (report.Row, bool) {
	p := o.Tree.Era
	if p.Series == "" {
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
		row.Detail += "; --no-apply takes the tree as given"
	}
	return row, true
}

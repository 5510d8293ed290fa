package memo

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"xaddref/tools/internal/report"
)

func setup(t *testing.T) string {
	root := t.TempDir()
	t.Setenv("XADDREF_CACHE_DIR", t.TempDir())
	t.Setenv("XADDREF_ROOT", root)
	if err := os.MkdirAll(filepath.Join(root, "cref"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "cref", "a.c"), "int a;")
	return root
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// counted is a check that counts its runs and gives rows of status.
func counted(runs *int, status string) func() []report.Row {
	return func() []report.Row {
		*runs++
		return []report.Row{
			{Check: "c", GOOS: "linux", GOARCH: "amd64", Status: report.Pass, Figures: "3 roots", Seconds: 2},
			{Check: "c", GOOS: "linux", GOARCH: "arm", Status: status, Detail: "a chain", Seconds: 1},
		}
	}
}

func key(copyKey string) *Key { return New("c").Strings(copyKey).Program("go").Files("cref") }

func TestRowsReused(t *testing.T) {
	setup(t)
	runs := 0
	first := Rows(key("k1"), counted(&runs, report.Finding))
	again := Rows(key("k1"), counted(&runs, report.Finding))
	if runs != 1 {
		t.Fatalf("the check ran %d times on the same inputs, want once", runs)
	}
	if len(again) != len(first) {
		t.Fatalf("reused %d rows, the check gave %d", len(again), len(first))
	}
	for i, r := range again {
		f := first[i]
		if r.Check != f.Check || r.GOOS != f.GOOS || r.GOARCH != f.GOARCH || r.Status != f.Status || r.Figures != f.Figures {
			t.Errorf("row %d reused as %+v, was %+v", i, r, f)
		}
		if r.Seconds != 0 || !strings.HasSuffix(r.Detail, Reused) || !strings.HasPrefix(r.Detail, f.Detail) {
			t.Errorf("row %d reused as %+v: want no seconds and its detail, then %q", i, r, Reused)
		}
	}
}

// Any input that changes runs the check again.
func TestRowsInputs(t *testing.T) {
	root := setup(t)
	runs := 0
	Rows(key("k1"), counted(&runs, report.Pass))
	Rows(key("k2"), counted(&runs, report.Pass))
	if runs != 2 {
		t.Errorf("another scratch copy's key: %d runs, want 2", runs)
	}
	write(t, filepath.Join(root, "cref", "a.c"), "int b;")
	Rows(key("k1"), counted(&runs, report.Pass))
	if runs != 3 {
		t.Errorf("a model file changed: %d runs, want 3", runs)
	}
	Rows(key("k1").Program("gcc"), counted(&runs, report.Pass))
	if runs != 4 {
		t.Errorf("another program: %d runs, want 4", runs)
	}
	Rows(New("c").Strings("k1").Files("no-such-dir"), counted(&runs, report.Pass))
	Rows(New("c").Strings("k1").Files("no-such-dir"), counted(&runs, report.Pass))
	if runs != 6 {
		t.Errorf("an input that cannot be read: %d runs, want 6 (never reused)", runs)
	}
}

// A check that failed or skipped anything runs again.
func TestRowsNotKept(t *testing.T) {
	setup(t)
	for _, st := range []string{report.Fail, report.Skip} {
		runs := 0
		Rows(key("k-"+st), counted(&runs, st))
		Rows(key("k-"+st), counted(&runs, st))
		if runs != 2 {
			t.Errorf("a check with a %s row ran %d times, want 2", st, runs)
		}
	}
	runs := 0
	none := func() []report.Row { runs++; return nil }
	Rows(key("empty"), none)
	Rows(key("empty"), none)
	if runs != 2 {
		t.Errorf("a check with no rows ran %d times, want 2", runs)
	}
}

// A value is kept as JSON when compute says so, and comes back equal.
func TestValue(t *testing.T) {
	setup(t)
	type table struct{ Ports []string }
	runs := 0
	compute := func(keep bool) func() (*table, bool) {
		return func() (*table, bool) { runs++; return &table{Ports: []string{"linux/arm", "plan9/386"}}, keep }
	}
	first, reused := Value(key("v"), compute(true))
	again, reused2 := Value(key("v"), compute(true))
	if runs != 1 || reused || !reused2 || !reflect.DeepEqual(first, again) {
		t.Errorf("kept value: %d runs, reused %v then %v, %+v then %+v", runs, reused, reused2, first, again)
	}
	Value(key("not kept"), compute(false))
	if _, reused := Value(key("not kept"), compute(false)); reused || runs != 3 {
		t.Errorf("a value compute did not keep: reused %v after %d runs", reused, runs)
	}
}

package report

import (
	"path/filepath"
	"strings"
	"testing"
)

// A characterization sees every change of a row's check, port, status or
// figures, of a table row and of the verdict, and nothing else.
func TestPinnedChanges(t *testing.T) {
	base := func() *Report {
		r := &Report{}
		r.Add(Row{Check: "diff values", GOOS: "linux", GOARCH: "arm", Status: Pass, Figures: "10 ops", Seconds: 1, Detail: "seed 1"})
		r.Add(Row{Check: "gless", GOOS: "linux", GOARCH: "arm", Status: Finding, Figures: "3 roots"})
		r.Tables = []Table{{Title: "OS conventions (how)", Rows: [][]string{{"linux/arm", "_PROT_NONE", "0x0"}}}}
		r.Finish()
		return r
	}
	want := base().Pin()
	path := filepath.Join(t.TempDir(), "p.json")
	if err := WritePinned(path, want); err != nil {
		t.Fatal(err)
	}
	read, err := ReadPinned(path)
	if err != nil {
		t.Fatal(err)
	}
	if c := read.Changes(want); len(c) > 0 {
		t.Fatalf("written and read back: %v", c)
	}
	cases := []struct {
		name   string
		change func(r *Report)
		want   string // a fragment of the one change, "" for none
	}{
		{"seconds and detail", func(r *Report) { r.Rows[0].Seconds, r.Rows[0].Detail = 9, "seed 2" }, ""},
		{"status", func(r *Report) { r.Rows[1].Status = Pass }, "row new:  gless linux/arm pass"},
		{"figures", func(r *Report) { r.Rows[0].Figures = "11 ops" }, "(11 ops)"},
		{"port", func(r *Report) { r.Rows[0].GOARCH = "arm64" }, "linux/arm64"},
		{"row gone", func(r *Report) { r.Rows = r.Rows[:1] }, "row gone: gless"},
		{"table", func(r *Report) { r.Tables[0].Rows[0][2] = "0x1" }, "table OS conventions row new:  linux/arm | _PROT_NONE | 0x1"},
		{"verdict", func(r *Report) { r.Rows[0].Status = Fail }, "verdict fail, was pass"},
	}
	for _, c := range cases {
		r := base()
		c.change(r)
		r.Finish()
		got := want.Changes(r.Pin())
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s: changes %v, want none", c.name, got)
		case c.want != "" && !strings.Contains(strings.Join(got, "\n"), c.want):
			t.Errorf("%s: changes %v, want one with %q", c.name, got, c.want)
		}
	}
}

package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerdict(t *testing.T) {
	cases := []struct {
		statuses []string
		want     string
	}{
		{[]string{Pass, Skip}, Pass},
		{[]string{Pass, Finding, Info}, Pass},
		{[]string{Pass, Fail}, Fail},
		{[]string{Skip}, Fail}, // nothing ran: never a pass
		{[]string{Finding}, Fail},
		{[]string{Pass, "passed"}, Fail}, // a status of no meaning fails
		{nil, Fail},
	}
	for _, c := range cases {
		var r Report
		for _, s := range c.statuses {
			r.Add(Row{Check: "c", Status: s})
		}
		r.Finish()
		if r.Verdict != c.want {
			t.Errorf("%v: verdict %s, want %s", c.statuses, r.Verdict, c.want)
		}
	}
}

func report() Report {
	r := Report{Tree: "/t", Era: "go1.19"}
	r.Add(Row{Check: "diff values", GOOS: "linux", GOARCH: "mips", Status: Pass, Figures: "10 ops", Seconds: 1.25})
	r.Add(Row{Check: "diff values", GOOS: "linux", GOARCH: "arm", Status: Pass, Figures: "10 ops", Seconds: 1})
	r.Add(Row{Check: "build runtime", Status: Skip, Detail: "no emulator\nsecond line"})
	r.Add(Row{Check: "gless", GOOS: "linux", GOARCH: "386", Status: Finding, Detail: "sysAlloc -> f"})
	r.Finish()
	return r
}

func TestPrintSummary(t *testing.T) {
	r := report()
	var out bytes.Buffer
	r.Print(&out)
	s := out.String()
	for _, want := range []string{
		"diff values    2/2 pass", "build runtime  0/1 pass  1 skip",
		"2 rows that are not a pass:", "SKIP    build runtime -\n        no emulator\n        second line\n",
		"FINDING gless linux/386\n        sysAlloc -> f\n",
		"2 pass, 0 fail, 1 skip, 1 finding", "verdict: PASS (/t, era go1.19)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "linux/mips") {
		t.Errorf("a passing row is printed without -v:\n%s", s)
	}
	r.Verbose = true
	out.Reset()
	r.Print(&out)
	if !strings.Contains(out.String(), "linux/mips") || !strings.Contains(out.String(), "no emulator ...") {
		t.Errorf("verbose report lacks the whole table:\n%s", out.String())
	}
}

func TestJSON(t *testing.T) {
	r := report()
	path := filepath.Join(t.TempDir(), "r.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	var got struct {
		Schema  int
		Verdict string
		Counts  map[string]int
		Rows    []map[string]interface{}
	}
	if err := json.Unmarshal(b, &got); err != nil || got.Verdict != "pass" || len(got.Rows) != 4 || got.Schema != Schema {
		t.Fatalf("json: %s (%v)", b, err)
	}
	want := map[string]int{Pass: 2, Fail: 0, Skip: 1, Finding: 1, Info: 0}
	for s, n := range want {
		if got.Counts[s] != n {
			t.Errorf("counts[%s] = %d, want %d (%v)", s, got.Counts[s], n, got.Counts)
		}
	}
	for _, key := range []string{"check", "goos", "goarch", "status", "seconds"} {
		if _, ok := got.Rows[2][key]; !ok {
			t.Errorf("row lacks %q: %v", key, got.Rows[2])
		}
	}
}

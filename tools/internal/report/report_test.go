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
		{[]string{Pass, Fail}, Fail},
		{[]string{Skip}, Fail}, // nothing ran: never a pass
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

func TestPrintAndJSON(t *testing.T) {
	r := Report{Tree: "/t", Profile: "go1.19"}
	r.Add(Row{Check: "diff", GOOS: "linux", GOARCH: "mips", Status: Pass, Figures: "10 ops", Seconds: 1.25})
	r.Add(Row{Check: "build runtime", Status: Skip, Detail: "no emulator\nsecond line"})
	r.Finish()
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"linux/mips", "PASS", "10 ops", "no emulator ...", "1 passed, 0 failed, 1 skipped", "verdict: PASS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	path := filepath.Join(t.TempDir(), "r.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	var got struct {
		Verdict string `json:"verdict"`
		Rows    []map[string]interface{}
	}
	if err := json.Unmarshal(b, &got); err != nil || got.Verdict != "pass" || len(got.Rows) != 2 {
		t.Fatalf("json: %s (%v)", b, err)
	}
	for _, key := range []string{"check", "goos", "goarch", "status", "seconds"} {
		if _, ok := got.Rows[1][key]; !ok {
			t.Errorf("row lacks %q: %v", key, got.Rows[1])
		}
	}
}

package callers

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/era"
	"xaddref/tools/internal/tree"
)

// ledgerOf type-checks testdata/<name> for goos/goarch and judges it.
func ledgerOf(t *testing.T, name, eraName, target string) (*ledger, []*Violation) {
	t.Helper()
	tg, err := era.ParsePort(target)
	if err != nil {
		t.Fatal(err)
	}
	g, err := callgraph.Of(tree.Load(filepath.Join("testdata", name)), tg)
	if err != nil {
		t.Fatal(err)
	}
	if errs := g.Checked.TypeErrors; len(errs) > 0 {
		t.Fatalf("testdata/%s does not type-check: %v", name, errs)
	}
	e, err := era.ByName(eraName)
	if err != nil {
		t.Fatal(err)
	}
	l := buildLedger(g, e)
	return l, l.judge()
}

// site is the one site of callee in function fn.
func site(t *testing.T, l *ledger, fn, callee string) *Site {
	t.Helper()
	var found []*Site
	for _, s := range l.sites {
		if s.Function == fn && s.Callee == callee {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		var all []string
		for _, s := range l.sites {
			all = append(all, s.Function+":"+s.Callee)
		}
		t.Fatalf("%d sites of %s in %s, want 1 (sites: %s)", len(found), callee, fn, strings.Join(all, " "))
	}
	return found[0]
}

func violations(vs []*Violation) map[string]string {
	out := map[string]string{}
	for _, v := range vs {
		out[v.Origin.Function] = v.Chain()
	}
	return out
}

func TestLedgerHist(t *testing.T) {
	l, vs := ledgerOf(t, "hist", "6ad33be", "linux/amd64")
	for _, c := range []struct {
		fn, callee string
		kind       Kind
		role       era.Role
		verdict    string // a fragment; "VIOLATION" for one
	}{
		{"zero", "sysFree", Local, era.Discharge, "VIOLATION: local stat starts at 0 and is never charged before in zero"},
		{"charged", "sysFree", Local, era.Discharge, "charged by sysAlloc at callers.go:"},
		{"charged", "sysAlloc", Local, era.Charge, "-"},
		{"atAmount", "sysFree", Local, era.Discharge, "starts at the amount"},
		{"assigned", "sysFree", Local, era.Discharge, "assigned (=) at callers.go:"},
		{"escapes", "sysFree", Local, era.Discharge, "passed to keep at callers.go:"},
		{"global", "sysFree", Global, era.Discharge, "global &memstats.other_sys"},
		{"relay", "sysFree", Param, era.Discharge, "VIOLATION: local z starts at 0 and is never charged before in viaRelay"},
		{"closure.func1", "sysFree", Local, era.Discharge, "VIOLATION: local z"},
		{"sysFree", "mSysStatDec", Param, era.Discharge, "VIOLATION"},
		{"sysAlloc", "mSysStatInc", Param, era.Charge, "-"},
	} {
		s := site(t, l, c.fn, c.callee)
		if s.Kind != c.kind || s.Role != c.role || !strings.Contains(s.Verdict, c.verdict) {
			t.Errorf("%s %s in %s: kind %s, role %s, verdict %q; want %s, %s, %q", s.Pos(), c.callee, c.fn,
				s.Kind, s.Role, s.Verdict, c.kind, c.role, c.verdict)
		}
	}
	// The relay's stat, followed to its callers: a local, a global, and
	// a use as a value that cannot be followed.
	relay := site(t, l, "relay", "sysFree")
	for _, want := range []string{"global &memstats.heap_sys", "relay is used as a value 1 time(s)"} {
		if !strings.Contains(relay.Verdict, want) {
			t.Errorf("relay's verdict %q lacks %q", relay.Verdict, want)
		}
	}
	want := map[string]string{
		"zero":          "zero -> sysFree",
		"viaRelay":      "viaRelay -> relay -> sysFree",
		"closure.func1": "closure.func1 -> sysFree",
	}
	got := violations(vs)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("violations %v, want %v", got, want)
	}
	// A local that is never a violation knows why.
	if s := site(t, l, "atAmount", "sysFree"); !s.Origins[0].Local.StartsAtAmount {
		t.Errorf("atAmount: %+v", s.Origins[0].Local)
	}
}

// Files are chosen by the port's build constraints: the windows-only
// caller is a site and a violation on windows only.
func TestLedgerPorts(t *testing.T) {
	_, vs := ledgerOf(t, "hist", "6ad33be", "windows/386")
	if _, ok := violations(vs)["windowsOnly"]; !ok {
		t.Errorf("windows/386: no violation in windowsOnly: %v", violations(vs))
	}
	l, vs := ledgerOf(t, "hist", "6ad33be", "linux/386")
	if _, ok := violations(vs)["windowsOnly"]; ok {
		t.Error("linux/386: a violation in a windows-only file")
	}
	for _, s := range l.sites {
		if strings.HasSuffix(s.File, "_windows.go") {
			t.Errorf("linux/386 has the site %s", s.Pos())
		}
	}
}

func TestLedgerModern(t *testing.T) {
	l, vs := ledgerOf(t, "modern", "go1.19", "linux/amd64")
	for _, c := range []struct {
		fn, callee string
		kind       Kind
		role       era.Role
		verdict    string
	}{
		{"fixalloc.free", "sysFree", Field, era.Discharge, "global &memstats.other_sys"},
		{"direct", "(*sysMemStat).add", Global, era.Discharge, "global &memstats.other_sys"},
		{"charge", "(*sysMemStat).add", Global, era.Charge, "-"},
		{"localAdd", "(*sysMemStat).add", Local, era.Discharge, "VIOLATION: local s starts at 0"},
		{"sysFree", "(*sysMemStat).add", Param, era.Discharge, "global &memstats.other_sys"},
		{"sysAlloc", "(*sysMemStat).add", Param, era.Charge, "-"},
		{"unused", "sysUnused", Global, era.Discharge, "global gcController.mappedReady"},
		{"reserve", "sysReserve", None, era.Reserve, "-"},
	} {
		s := site(t, l, c.fn, c.callee)
		if s.Kind != c.kind || s.Role != c.role || !strings.Contains(s.Verdict, c.verdict) {
			t.Errorf("%s %s in %s: kind %s, role %s, verdict %q; want %s, %s, %q", s.Pos(), c.callee, c.fn,
				s.Kind, s.Role, s.Verdict, c.kind, c.role, c.verdict)
		}
	}
	if got := violations(vs); len(got) != 1 || got["localAdd"] == "" {
		t.Errorf("violations %v, want localAdd's only", got)
	}
}

func TestParseRun(t *testing.T) {
	trace := "trace id=3\n" +
		"rt enter sysFree at=malloc.go:412 stderr=0 a0=0x91300000 a1=0x10000000 a2=local:0000000000000000\n" +
		"rt enter mSysStatDec at=mem_linux.go:102 stderr=0 a0=local:0000000000000000 a1=0x10000000\n" +
		"call munmap v=0x1 n=0x2\n" +
		"cells stat=0000100000000000\n" +
		"outcome exit 2\n" +
		"stderr \"runtime: stat underflow: val 4026531840, n 268435456\\n\"\nend\n"
	r, err := parseRun(trace)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.open) != 2 || r.open[0].name != "sysFree" || r.open[1].depth != 2 || r.outcome != "exit 2" ||
		r.stderr != "runtime: stat underflow: val 4026531840, n 268435456\n" {
		t.Errorf("parsed %+v", r)
	}
	if v, ok := cellValue(r.cells["stat"], false); !ok || v != 0x100000 {
		t.Errorf("stat cell %#x", v)
	}
	if _, v, ok := cell("memstats.heap_sys:0000000000001000", true); !ok || v != 0x1000 {
		t.Errorf("big-endian cell %#x", v)
	}
	for _, bad := range []string{"rt leave sysFree a0=1\noutcome return\n", "call mmap v=0x0\n", "outcome error \"no\"\n"} {
		if _, err := parseRun(bad); err == nil {
			t.Errorf("parsed %q", bad)
		}
	}
}

// A port with a finding is a finding, one that could not be analysed a
// failure, never a pass.
func TestRows(t *testing.T) {
	res := &Result{Ports: []*PortResult{
		{Port: era.Port{GOOS: "linux", GOARCH: "386"}, Findings: []*Finding{{GOOS: "linux", GOARCH: "386", File: "malloc.go", Line: 412,
			Function: "mHeap_SysAlloc", What: "exit 2", Message: underflow32}}},
		{Port: era.Port{GOOS: "linux", GOARCH: "ppc64"}, Wraps: []*Finding{{GOOS: "linux", GOARCH: "ppc64",
			File: "malloc.go", Line: 412, What: "wraps"}}},
		{Port: era.Port{GOOS: "plan9", GOARCH: "386"}, Err: "the host could not run it"},
	}, e: era.Go2015}
	want := []string{"finding", "pass", "fail"}
	for i, r := range res.Rows() {
		if r.Check != "callers" || r.Status != want[i] || r.Detail == "" {
			t.Errorf("row %d: %+v, want status %s with a detail", i, r, want[i])
		}
	}
	var b strings.Builder
	res.Write(&b, false)
	for _, w := range []string{"FINDING linux/386 malloc.go:412 mHeap_SysAlloc: exit 2, writes \"runtime: stat underflow",
		"WRAPS linux/ppc64 malloc.go:412", "FAIL plan9/386: the host could not run it", "1 finding(s) on 1 port(s)"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the output lacks %q:\n%s", w, b.String())
		}
	}
}

package variants

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"xaddref/tools/internal/osconv"
)

// semanticsOf compares the trees (profile name -> tree) with the seed.
func semanticsOf(t *testing.T, trees map[string]string, seed int64) *SemResult {
	t.Helper()
	tables := map[string]*osconv.Table{}
	for name, dir := range trees {
		tb, err := osconv.Derive(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		tables[name] = tb
	}
	res, err := Semantics(Options{model: testModel(t), arches: testArches, Seed: seed, Random: 20, Tables: tables, Trees: trees})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// causeAt is the step's cause named by the line at site with text in
// era's tree, nil if none.
func causeAt(st *semStep, era, site, text string) *cause {
	for _, c := range st.causes {
		if st.eraOf(c.side) == era && c.line.Site == site && c.line.Text == text {
			return c
		}
	}
	return nil
}

// The review of 6ad33be against Go 1.19: the causes known come out named
// by their lines, solaris's and the OS conventions first; every
// difference is some cause's; -v, --md, --json and --scenario say it too.
func TestSemanticsReview(t *testing.T) {
	res := semanticsOf(t, map[string]string{"6ad33be": histTree(t), "go1.19": go119Tree(t)}, 1)
	if len(res.steps) != 1 || res.steps[0].old != "6ad33be" || res.steps[0].cur != "go1.19" {
		t.Fatalf("steps %v, want 6ad33be -> go1.19", res.eraNames())
	}
	st := res.steps[0]
	if st.same == 0 || st.same == st.scenarios {
		t.Errorf("%d of %d scenarios alike: the comparison compares nothing", st.same, st.scenarios)
	}
	if len(st.modelDiffers) > 0 {
		t.Errorf("the C model differs from the trees' code: %v", st.modelDiffers)
	}
	solaris := causeAt(st, "go1.19", "mem_bsd.go:19", "if err != 0 {")
	if solaris == nil || !solaris.visible || !solaris.ports["solaris/amd64"] || solaris.effects["returns the memory -> returns nil"] == 0 {
		t.Fatalf("no cause at Go 1.19's mem_bsd.go:19 where 6ad33be returns the memory on solaris: %+v", solaris)
	}
	if l, ok := solaris.topOther(); !ok || l.Site != "mem_bsd.go:16" || l.Br != 0 {
		t.Errorf("solaris's cause: 6ad33be's line %+v, want mem_bsd.go:16 not taken", l)
	}
	vis, book := st.split()
	if rank := indexOf(vis, solaris); rank > 2 {
		t.Errorf("solaris's cause is the %dth a caller sees; want among the first three", rank+1)
	}
	if c := causeAt(st, "go1.19", "mem.go:51", "gcController.mappedReady.Add(int64(n))"); c == nil || c.visible || indexOf(book, c) < 0 {
		t.Errorf("mappedReady's charge is not a bookkeeping cause: %+v", c)
	}
	if !hasFinding(res, "solaris/amd64", "mem_bsd.go:16") {
		t.Errorf("no OS conventions finding on solaris/amd64 at mem_bsd.go:16: %+v", res.findings)
	}
	counted := 0
	for _, c := range st.causes {
		if c.n == 0 || c.example == nil {
			t.Errorf("a cause without scenarios: %+v", c)
		}
		counted += c.n
	}
	if counted < st.scenarios-st.same {
		t.Errorf("the causes count %d scenarios, fewer than the %d that differ", counted, st.scenarios-st.same)
	}
	checkOutputs(t, res)
}

func indexOf(cs []*cause, c *cause) int {
	for i, x := range cs {
		if x == c {
			return i
		}
	}
	return -1
}

func hasFinding(res *SemResult, port, site string) bool {
	for _, f := range res.findings {
		for _, e := range f.effects {
			if f.port == port && e.line.Site == site {
				return true
			}
		}
	}
	return false
}

// checkOutputs checks the review's forms: the default one screen per step
// with the OS conventions and solaris first, -v everything, Markdown, JSON,
// and an example's runs.
func checkOutputs(t *testing.T, res *SemResult) {
	st := res.steps[0]
	var text, verbose, md, js, show bytes.Buffer
	res.Print(&text)
	res.PrintVerbose(&verbose)
	res.PrintMarkdown(&md)
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	if n := strings.Count(out, "\n"); n > 110 {
		t.Errorf("the review of one step is %d lines, want about 100 at most:\n%s", n, out)
	}
	conv, caller := strings.Index(out, "OS conventions 6ad33be's code does not test for"), strings.Index(out, "What a caller sees change")
	sol := strings.Index(out, "go1.19 mem_bsd.go:19 if err != 0 { [true]")
	if conv < 0 || caller < conv || sol < caller || sol > strings.Index(out, "\n 6. ") {
		t.Errorf("the review does not give the OS conventions, then solaris's cause among the first:\n%s", out)
	}
	vis, _ := st.split()
	if got := strings.Count(verbose.String(), " scenarios ("); got < len(vis) || !strings.Contains(verbose.String(), "Every way the runs differ") {
		t.Errorf("-v gives %d causes in full of %d, or not every way the runs differ", got, len(vis))
	}
	if m := md.String(); !strings.Contains(m, "## 6ad33be → go1.19") || !strings.Contains(m, "`mem_bsd.go:19` `if err != 0 {`") {
		t.Errorf("the Markdown review lacks its step or solaris's cause:\n%s", m)
	}
	var data semJSON
	if err := json.Unmarshal(js.Bytes(), &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Steps) != 1 || len(data.Steps[0].Causes) != len(st.causes) || len(data.Conventions) == 0 {
		t.Fatalf("JSON: %d steps, causes or conventions missing", len(data.Steps))
	}
	for _, c := range data.Steps[0].Causes {
		if c.Scenarios == 0 || c.Where.Era == "" || len(c.Ports) == 0 || len(c.Effects) == 0 ||
			!strings.Contains(c.Example.Command, "--scenario go1.19:") || c.Example.Lines["6ad33be"] == "" {
			t.Errorf("JSON cause %d lacks its count, line, ports, effects or example: %+v", c.Rank, c)
		}
	}
	solaris := causeAt(st, "go1.19", "mem_bsd.go:19", "if err != 0 {")
	if err := res.Scenario(&show, "go1.19", solaris.example.ID); err != nil {
		t.Fatal(err)
	}
	if s := show.String(); !strings.Contains(s, "6ad33be: id=") || !strings.Contains(s, "go1.19: id=") ||
		!strings.Contains(s, "cause: go1.19 mem_bsd.go:19 if err != 0 {") {
		t.Errorf("the example's runs do not show its cause:\n%s", s)
	}
}

// A line changed in a tree is a cause of its own, named by the changed
// line, not folded into another: Go 1.19's sysAllocOS returning an
// address where mmap failed.
func TestSemanticsPlantedCause(t *testing.T) {
	hist, clean := histTree(t), go119Tree(t)
	planted := go119Tree(t)
	edit(t, planted, "mem_bsd.go", "\tif err != 0 {\n\t\treturn nil\n\t}\n\treturn v\n}",
		"\tif err != 0 {\n\t\treturn unsafe.Pointer(uintptr(0x1000))\n\t}\n\treturn v\n}")
	const line = "return unsafe.Pointer(uintptr(0x1000))"
	before := semanticsOf(t, map[string]string{"6ad33be": hist, "go1.19": clean}, 7).steps[0]
	after := semanticsOf(t, map[string]string{"6ad33be": hist, "go1.19": planted}, 7).steps[0]
	if c := causeAt(before, "go1.19", "mem_bsd.go:20", line); c != nil {
		t.Fatalf("the clean tree has the planted line's cause: %+v", c)
	}
	c := causeAt(after, "go1.19", "mem_bsd.go:20", line)
	if c == nil {
		for _, x := range after.causes {
			t.Logf("%s %s %s: %v", after.eraOf(x.side), x.line.Site, x.line.Text, x.effects)
		}
		t.Fatal("no cause named by the planted line mem_bsd.go:20")
	}
	if !c.visible || c.effects["returns nil -> returns the memory"] == 0 || !c.ports["dragonfly/amd64"] {
		t.Errorf("the planted cause is not what a caller sees: returns nil -> returns the memory on the BSDs: %+v", c)
	}
	if after.modelDiffers["go1.19"] == 0 {
		t.Error("the planted tree's code and the C model agree: the cross-check checks nothing")
	}
	var b bytes.Buffer
	(&SemResult{seed: 7, random: 20, steps: []*semStep{after}}).Print(&b)
	if !strings.Contains(b.String(), "mem_bsd.go:20") || !strings.Contains(b.String(), "tools/xaddref variants says where") {
		t.Errorf("the review does not show the planted cause, or that the model differs:\n%s", b.String())
	}
}

// Scenario labels are in a reviewer's words.
func TestScriptWords(t *testing.T) {
	for _, tc := range []struct {
		script []Step
		want   string
	}{
		{nil, "the OS succeeded"},
		{[]Step{{"mmap", "e12"}}, "mmap failed with ENOMEM"},
		{[]Step{{"mmap", "wrong"}, {"mincore", "e12"}}, "mmap returned an address other than the hint, then mincore failed with ENOMEM"},
		{[]Step{{"VirtualAlloc", "nil"}}, "VirtualAlloc returned nil"},
		{[]Step{{"clone", "-11"}}, "clone failed with -11"},
	} {
		if got := scriptWords(tc.script); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.script, got, tc.want)
		}
	}
	if got := compactOS([]string{"mmap failed with EPERM", "mmap failed with ENOMEM", "the OS succeeded"}); got != "mmap failed with EPERM or ENOMEM; the OS succeeded" {
		t.Errorf("compactOS: %q", got)
	}
}

// The eras are a list: each makes a step with the next. (Go 1.19 against
// itself stands for a later era: its step finds every scenario alike.)
func TestSemanticsSteps(t *testing.T) {
	hist, go119 := histTree(t), go119Tree(t)
	tables := map[string]*osconv.Table{}
	for name, dir := range map[string]string{"6ad33be": hist, "go1.19": go119} {
		tb, err := osconv.Derive(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		tables[name] = tb
	}
	res, err := Semantics(Options{model: testModel(t), arches: []string{"amd64"}, Seed: 3, Random: 5, Tables: tables,
		Trees: map[string]string{"6ad33be": hist, "go1.19": go119}, Profiles: []*Profile{profile6ad33be, profileGo119, profileGo119}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(res.eraNames(), " "); got != "6ad33be go1.19 go1.19" {
		t.Fatalf("eras %q", got)
	}
	if st := res.steps[1]; st.same != st.scenarios || len(st.causes) != 0 {
		t.Errorf("go1.19 against itself: %d of %d scenarios alike, %d causes", st.same, st.scenarios, len(st.causes))
	}
	var b bytes.Buffer
	res.Print(&b)
	if strings.Count(b.String(), "\n== ") != 1 || !strings.HasPrefix(b.String(), "== 6ad33be -> go1.19 ==") {
		t.Errorf("the review has not a screen per step:\n%s", b.String())
	}
}

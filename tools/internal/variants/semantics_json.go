package variants

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// The review as data (--json): per step, every cause with its counts,
// ports, lines in both trees, effects and an example to rerun.
type semJSON struct {
	Seed        int64            `json:"seed"`
	Random      int              `json:"random"` // random scenarios per GOOS and function
	Command     string           `json:"command"`
	Steps       []stepJSON       `json:"steps"`
	Conventions []convFindingOut `json:"conventions"` // the 2015 ports' OS conventions 6ad33be's code does not test for
}

type stepJSON struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Scenarios int    `json:"scenarios"`
	Alike     int    `json:"alike"`
	Differ    int    `json:"differ"`
	// ModelDiffers counts, per era, the scenarios where the C model's
	// trace is not the tree's code's.
	ModelDiffers map[string]int `json:"model_differs"`
	Causes       []causeJSON    `json:"causes"`
}

type causeJSON struct {
	Rank      int            `json:"rank"`
	Visible   bool           `json:"visible"` // it changes what a caller sees; else bookkeeping only
	Severity  string         `json:"severity"`
	Scenarios int            `json:"scenarios"`
	Ordinary  int            `json:"ordinary"` // of which with ordinary stat values
	Ports     []string       `json:"ports"`
	Functions map[string]int `json:"functions"`
	Where     eraLine        `json:"where"` // the line where the runs part
	Other     []eraLine      `json:"other"` // the other tree's lines there
	Effects   []effectJSON   `json:"effects"`
	Example   exampleJSON    `json:"example"`
}

type eraLine struct {
	Era string `json:"era"`
	siteLine
	Scenarios int `json:"scenarios,omitempty"`
}

type effectJSON struct {
	Effect    string `json:"effect"`
	Scenarios int    `json:"scenarios"`
}

type exampleJSON struct {
	ID       int               `json:"id"`
	Port     string            `json:"port"`
	Function string            `json:"function"`
	OS       string            `json:"os"`
	Stat     string            `json:"stat"`
	N        string            `json:"n"`
	Lines    map[string]string `json:"scenario"` // the scenario line of each era (the C model's and the host's language)
	Command  string            `json:"command"`
}

type convFindingOut struct {
	Port    string          `json:"port"`
	Facts   []string        `json:"facts"`
	Effects []convEffectOut `json:"effects"`
}

type convEffectOut struct {
	Probe    string   `json:"probe"`
	Does     string   `json:"does"`
	Expected string   `json:"expected"`
	Line     siteLine `json:"line"`
	// ExpectedBranch is the way the line's condition goes on the
	// conventions the code tests for (-1: not a condition, or the same).
	ExpectedBranch int8 `json:"expected_branch"`
}

var severityNames = map[int]string{
	sevMemory: "memory returned or not", sevEnd: "the program ended or not", sevOutcome: "another outcome or stat",
	sevCalls: "other OS calls", sevBookkeep: "bookkeeping",
}

// WriteJSON writes the review as JSON.
func (r *SemResult) WriteJSON(w io.Writer) error {
	out := semJSON{Seed: r.seed, Random: max(r.random, 0), Command: r.command(), Steps: []stepJSON{},
		Conventions: []convFindingOut{}}
	for _, st := range r.steps {
		s := stepJSON{From: st.old, To: st.cur, Scenarios: st.scenarios, Alike: st.same, Differ: st.scenarios - st.same,
			ModelDiffers: st.modelDiffers, Causes: []causeJSON{}}
		for i, c := range st.causes {
			s.Causes = append(s.Causes, r.causeJSON(st, i+1, c))
		}
		out.Steps = append(out.Steps, s)
	}
	for _, f := range r.findings {
		fo := convFindingOut{Port: f.port, Facts: f.facts}
		for _, e := range f.effects {
			fo.Effects = append(fo.Effects, convEffectOut{e.probe, e.got, e.want, e.line, e.wantBr})
		}
		out.Conventions = append(out.Conventions, fo)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func (r *SemResult) causeJSON(st *semStep, rank int, c *cause) causeJSON {
	cj := causeJSON{Rank: rank, Visible: c.visible, Severity: severityNames[c.severity], Scenarios: c.n,
		Ordinary: c.ordinary, Functions: c.funcs, Where: eraLine{Era: st.eraOf(c.side), siteLine: c.line},
		Other: []eraLine{}}
	for p := range c.ports {
		cj.Ports = append(cj.Ports, p)
	}
	sort.Strings(cj.Ports)
	for _, l := range c.others() {
		cj.Other = append(cj.Other, eraLine{Era: st.eraOf(1 - c.side), siteLine: l, Scenarios: c.other[l]})
	}
	for _, e := range c.effectList() {
		cj.Effects = append(cj.Effects, effectJSON{e, c.effects[e]})
	}
	sc := c.example
	cj.Example = exampleJSON{ID: sc.ID, Port: sc.GOOS + "/" + sc.Arch.Name, Function: sc.Func, OS: scriptWords(sc.Script),
		Stat: fmt.Sprintf("%#x", sc.Stat), N: fmt.Sprintf("%#x", sc.N), Lines: st.scenarioLines(sc),
		Command: fmt.Sprintf("%s --scenario %s:%d", r.command(), st.cur, sc.ID)}
	return cj
}

// scenarioLines are sc's line in each era of the step.
func (st *semStep) scenarioLines(sc *Scenario) map[string]string {
	out := map[string]string{}
	for k, name := range []string{st.old, st.cur} {
		sc.Profile, sc.Conv = name, st.convs[k][sc.GOOS+"/"+sc.Arch.Name]
		out[name] = sc.Line()
	}
	return out
}

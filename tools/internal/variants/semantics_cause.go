package variants

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// A cause is one change of code between two eras, as the runs show it:
// the line of one tree where the runs part (the newer era's, unless only
// the older one's run ends there, or the newer has no line there), with
// what the other tree runs there, and what that changes, counted over
// every scenario it explains.
type cause struct {
	key string
	// visible: it changes what a caller sees (what is returned, a throw,
	// an exit, the OS calls, a stat both eras keep); else it only adds
	// bookkeeping, a cell one era has and the other lacks.
	visible  bool
	severity int
	side     int      // the tree of line: 0 the older era's, 1 the newer's
	line     siteLine // where the runs part
	// other are the other tree's lines there (by site), with the scenarios.
	other    map[siteLine]int
	n        int // scenarios
	ordinary int // of which with ordinary stat values
	ports    map[string]bool
	funcs    map[string]int // scenarios per function
	effects  map[string]int // what it changes ("returns nil -> throw(...)"), with the scenarios
	effSev   map[string]int // each effect's severity
	example  *Scenario
}

// A siteLine is a line of a tree in a cause: its site, text and the branch
// its condition took (-1: none).
type siteLine struct {
	Site string `json:"site"`
	Text string `json:"text"`
	Br   int8   `json:"branch"`
}

// A finding is one cause of a pair of runs' differences: the line where
// they part (line, in the tree of side; the other tree's line there,
// other), whether a caller sees it, and what it changes.
type finding struct {
	side     int
	line     siteLine
	other    *siteLine
	visible  bool
	severity int
	what     string
}

// Severities: what a caller of the function sees change, most first.
const (
	sevMemory   = 4 // one era returns the memory, the other does not
	sevEnd      = 3 // one era ends the program (throw, exit, fault), the other returns
	sevOutcome  = 2 // both end it, differently; or a stat both keep is left otherwise
	sevCalls    = 1 // the OS is asked otherwise, with the same outcome
	sevBookkeep = 0
)

// explain finds the causes of the differences of a pair of runs (paths op
// and np, aligned by al, behaving as ob and nb). The outcome and the OS
// calls part where the eras first read an OS call's result otherwise,
// else where a run ends abnormally and the other does not (the newer, if
// both do), else where the runs first decide otherwise (decisive); a
// cell's change, where a charge of it has no match, unless that comes
// after the decision, which explains it.
func explain(op, np path, al alignment, ob, nb behaviour) []finding {
	hs := al.hunks()
	dec, read := -1, -1
	for i, h := range hs {
		if read < 0 && readsOtherwise(h, op, np, al) {
			read = i
		}
		if dec < 0 && decisive([2][]step{op.steps[h.o0:h.o1], np.steps[h.n0:h.n1]}) {
			dec = i
		}
	}
	var out []finding
	if ob.outcome != nb.outcome || ob.calls != nb.calls {
		f := finding{visible: true, severity: outcomeSeverity(ob.outcome, nb.outcome),
			what: ob.outcome + " -> " + nb.outcome}
		if ob.outcome == nb.outcome {
			f.what, f.severity = ob.calls+" -> "+nb.calls, sevCalls
		}
		if e := endHunk(hs, op, np); read >= 0 {
			// The conditions that read the call's result.
			dec = read
			o := stepLine(op.steps[hs[dec].o0])
			f.side, f.line, f.other = 1, stepLine(np.steps[hs[dec].n0]), &o
		} else if e >= 0 && (hunkSpan(hs[e], op, np, 0).abnormal() || hunkSpan(hs[e], op, np, 1).abnormal()) {
			dec = e
			f.side, f.line, f.other = endLines(hs[e], op, np)
		} else if len(hs) > 0 {
			if dec < 0 {
				dec = len(hs) - 1
			}
			f.side, f.line, f.other = decisionLines(hs[dec], op, np)
		}
		out = append(out, f)
	}
	for _, cell := range netCells(op, np) {
		o, n := op.net[cell], np.net[cell]
		if o == n {
			continue
		}
		i := chargeHunk(hs, op, np, cell)
		if len(out) > 0 && dec >= 0 && (i < 0 || i >= dec) {
			continue // the decision explains it
		}
		// A cell one era's runtime lacks (mappedReady in 2015) is
		// bookkeeping; one both keep is what a caller reads.
		f := finding{visible: op.hasCell[cell] && np.hasCell[cell], severity: sevBookkeep,
			what: cell + " " + amount(o) + " -> " + amount(n)}
		if f.visible {
			f.severity = sevOutcome
		}
		switch {
		case i >= 0:
			f.side, f.line, f.other = chargeLines(hs[i], op, np, al, cell)
		case len(hs) > 0:
			f.side, f.line, f.other = decisionLines(hs[max(dec, 0)], op, np)
		}
		out = append(out, f)
	}
	return out
}

// hunkSpan is one side of hunk h.
func hunkSpan(h hunk, op, np path, side int) span {
	if side == 0 {
		return span{op, h.o0, h.o1}
	}
	return span{np, h.n0, h.n1}
}

// endHunk is the index of the hunk where the runs end, -1 if they end
// alike.
func endHunk(hs []hunk, op, np path) int {
	if n := len(hs); n > 0 && (hs[n-1].o1 == len(op.steps) && hs[n-1].o1 > hs[n-1].o0 || hs[n-1].n1 == len(np.steps) && hs[n-1].n1 > hs[n-1].n0) {
		return n - 1
	}
	return -1
}

// endLines are where the runs part when one ends abnormally in hunk h
// (the newer, if both do): its last condition in h, else its first
// statement there (a throw where the other returns); and the other side's
// line.
func endLines(h hunk, op, np path) (int, siteLine, *siteLine) {
	sp := [2]span{hunkSpan(h, op, np, 0), hunkSpan(h, op, np, 1)}
	side := 1
	if !sp[1].abnormal() {
		side = 0
	}
	var other *siteLine
	if l, ok := sp[1-side].decisionLine(); ok {
		other = &l
	}
	l, _ := sp[side].decisionLine()
	return side, l, other
}

// readsOtherwise: hunk h follows an OS call both runs made, and each
// starts with a condition, which go different ways: the eras read the
// call's result otherwise.
func readsOtherwise(h hunk, op, np path, al alignment) bool {
	if h.o0 == 0 || h.n0 == 0 || h.o0 == h.o1 || h.n0 == h.n1 || al.matchOld[h.o0-1] != h.n0-1 ||
		op.steps[h.o0-1].kind != callStep {
		return false
	}
	a, b := op.steps[h.o0], np.steps[h.n0]
	return a.kind == stmtStep && b.kind == stmtStep && a.br >= 0 && b.br >= 0 && a.br != b.br
}

// decisionLines are where the runs part in hunk h: on the side whose run
// ends abnormally there if only one does, else the newer run's if it has
// steps there; and the other side's line.
func decisionLines(h hunk, op, np path) (int, siteLine, *siteLine) {
	sp := [2]span{{op, h.o0, h.o1}, {np, h.n0, h.n1}}
	side := 1
	if sp[0].abnormal() && !sp[1].abnormal() || h.n0 == h.n1 {
		side = 0
	}
	var other *siteLine
	if l, ok := sp[1-side].decisionLine(); ok {
		other = &l
	}
	l, _ := sp[side].decisionLine()
	return side, l, other
}

// A span is one side of a hunk: steps lo to hi of a path.
type span struct {
	p      path
	lo, hi int
}

func (sp span) steps() []step { return sp.p.steps[sp.lo:sp.hi] }

// abnormal: the span ends the run with a throw, an exit or a fault.
func (sp span) abnormal() bool {
	ss := sp.steps()
	n := len(ss)
	return n > 0 && ss[n-1].kind == endStep && !strings.HasPrefix(ss[n-1].text, "returns")
}

// decisionLine is a side's line where the runs part: where it ends the
// run abnormally, the last condition before, or the statement that ends
// it; else its first condition, OS call, message or statement; for an end
// alone, the statement that ended the run.
func (sp span) decisionLine() (siteLine, bool) {
	ss := sp.steps()
	if sp.abnormal() {
		for i := len(ss) - 1; i >= 0; i-- {
			if ss[i].kind == stmtStep && ss[i].br >= 0 {
				return stepLine(ss[i]), true
			}
		}
	}
	for _, want := range []func(step) bool{
		func(s step) bool { return s.kind == stmtStep && s.br >= 0 },
		func(s step) bool { return s.kind == callStep || s.kind == printStep },
		func(s step) bool { return s.kind == stmtStep },
	} {
		for _, s := range ss {
			if want(s) {
				return stepLine(s), true
			}
		}
	}
	if n := len(ss); n > 0 && ss[n-1].caller >= 0 {
		return stepLine(sp.p.steps[ss[n-1].caller]), true
	}
	return siteLine{}, false
}

func stepLine(s step) siteLine {
	switch s.kind {
	case callStep:
		return siteLine{s.site, "(OS call " + s.text + ")", -1}
	case printStep:
		return siteLine{s.site, "(prints " + s.text + ")", -1}
	}
	return siteLine{s.site, s.text, s.br}
}

// chargeLines are where hunk h charges cell: the newer run's charge if it
// has one there, else the older's; named by the statement that made it,
// or the outermost statement of the hunk on the way to it (the call of a
// charging function the hunk adds), or an edited line on the way (a
// charge with another amount).
func chargeLines(h hunk, op, np path, al alignment, cell string) (int, siteLine, *siteLine) {
	sp := [2]span{{op, h.o0, h.o1}, {np, h.n0, h.n1}}
	edited := [2]func(int) bool{
		func(i int) bool { return al.matchOld[i] >= 0 && al.edited[i] },
		func(j int) bool { return al.matchNew[j] >= 0 && al.edited[al.matchNew[j]] },
	}
	lines := [2]*siteLine{}
	for side := range sp {
		if l, ok := sp[side].chargeLine(cell, edited[side]); ok {
			lines[side] = &l
		}
	}
	side := 1
	if lines[1] == nil {
		side = 0
	}
	other := lines[1-side]
	if other == nil {
		if l, ok := sp[1-side].decisionLine(); ok {
			other = &l
		}
	}
	if lines[side] == nil {
		return side, siteLine{}, other
	}
	return side, *lines[side], other
}

// chargeLine is the line of the span's first charge of cell: the
// outermost statement of the span on the way to it (the call of a charging
// function the hunk adds), else an edited line on the way (a charge with
// another amount), else the statement that made it.
func (sp span) chargeLine(cell string, edited func(int) bool) (siteLine, bool) {
	for i := sp.lo; i < sp.hi; i++ {
		st := sp.p.steps[i]
		if st.kind != chargeStep || !strings.HasPrefix(st.text, cell+" ") {
			continue
		}
		at, ed := -1, -1
		for k := st.caller; k >= 0; k = sp.p.steps[k].caller {
			if k >= sp.lo && k < sp.hi {
				at = k
			} else if ed < 0 && edited(k) {
				ed = k
			}
		}
		switch {
		case at >= 0:
		case ed >= 0:
			at = ed
		case st.caller >= 0:
			at = st.caller
		default:
			return siteLine{}, false
		}
		return stepLine(sp.p.steps[at]), true
	}
	return siteLine{}, false
}

// netCells are the cells either run changed, in order.
func netCells(op, np path) []string {
	var out []string
	for _, p := range []path{op, np} {
		for c := range p.net {
			if !contains(out, c) {
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

// amount is a cell's change as a cause counts it: unchanged, +n or -n,
// a multiple of a page, or "by another amount".
func amount(d string) string {
	if d == "" {
		return "unchanged"
	}
	v, err := strconv.ParseInt(d, 10, 64)
	if err != nil || v%0x1000 == 0 {
		return d
	}
	if v < 0 {
		return "-(another amount)"
	}
	return "+(another amount)"
}

// decisive: in this hunk the runs decide otherwise: one ends, calls the
// OS or prints where the other does not, or a condition of the same text
// goes another way (what it tests came out otherwise before).
func decisive(h [2][]step) bool {
	for _, ss := range h {
		for _, s := range ss {
			if s.kind == callStep || s.kind == printStep || s.kind == endStep {
				return true
			}
		}
	}
	for _, s := range h[0] {
		for _, t := range h[1] {
			if s.br >= 0 && t.br >= 0 && s.text == t.text && s.br != t.br {
				return true
			}
		}
	}
	return false
}

// chargeHunk is the index of the first hunk with a charge of cell, -1 if
// none.
func chargeHunk(hs []hunk, op, np path, cell string) int {
	for i, h := range hs {
		for _, ss := range [][]step{op.steps[h.o0:h.o1], np.steps[h.n0:h.n1]} {
			for _, s := range ss {
				if s.kind == chargeStep && strings.HasPrefix(s.text, cell+" ") {
					return i
				}
			}
		}
	}
	return -1
}

// outcomeSeverity ranks a change of outcome.
func outcomeSeverity(o, n string) int {
	ends := func(s string) bool {
		return strings.HasPrefix(s, "throw") || strings.HasPrefix(s, "exit") || strings.HasPrefix(s, "fault")
	}
	mem := func(s string) bool { return s == "returns the memory" }
	switch {
	case mem(o) != mem(n):
		return sevMemory
	case ends(o) != ends(n):
		return sevEnd
	}
	return sevOutcome
}

// addFinding counts sc under f's cause in causes.
func addFinding(causes map[string]*cause, f finding, sc *Scenario) {
	k := fmt.Sprintf("%v|%d|%s|%d|%s", f.visible, f.side, f.line.Site, f.line.Br, f.line.Text)
	c := causes[k]
	if c == nil {
		c = &cause{key: k, visible: f.visible, side: f.side, line: f.line, other: map[siteLine]int{},
			ports: map[string]bool{}, funcs: map[string]int{}, effects: map[string]int{}, effSev: map[string]int{}}
		causes[k] = c
	}
	c.n++
	c.effSev[f.what] = f.severity
	if sc.ordinary {
		c.ordinary++
	}
	c.ports[sc.GOOS+"/"+sc.Arch.Name] = true
	c.funcs[sc.Func]++
	c.effects[f.what]++
	if f.other != nil {
		c.other[*f.other]++
	}
	if c.example == nil || sc.ordinary && !c.example.ordinary {
		c.example = sc
	}
}

// sortCauses orders causes: those a caller sees first; those with
// ordinary stat values; the most severe (by what they change most often);
// the most scenarios with ordinary stat values, then in all; then by key,
// so that the order is the same in every run.
func sortCauses(cs []*cause) {
	for _, c := range cs {
		c.severity = c.effSev[c.effectList()[0]]
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.visible != b.visible {
			return a.visible
		}
		if (a.ordinary > 0) != (b.ordinary > 0) {
			return a.ordinary > 0
		}
		if a.severity != b.severity {
			return a.severity > b.severity
		}
		if a.ordinary != b.ordinary {
			return a.ordinary > b.ordinary
		}
		if a.n != b.n {
			return a.n > b.n
		}
		return a.key < b.key
	})
}

// compare sorts the step's pairs of runs: those alike, and those that
// differ, into rows and causes.
func (st *semStep) compare(old, cur *semEra, arches []Arch) {
	groups := map[semKey]*semGroup{}
	causes := map[string]*cause{}
	sim := newSimCache()
	for i, sc := range st.scs {
		ot, nt := st.traces[0][i], st.traces[1][i]
		// A function one era has on a GOOS and the other has not
		// (newosproc0 on freebsd, Go 1.19's alone) is no difference of
		// behaviour.
		if strings.Contains(ot, "\noutcome unsupported") || strings.Contains(nt, "\noutcome unsupported") {
			continue
		}
		st.scenarios++
		ob, nb := summarize(ot, sc), summarize(nt, sc)
		if ob == nb {
			st.same++
			continue
		}
		group(groups, sc, ot, nt, ob, nb)
		op, np := parsePath(ot, sc, old.ex.sites), parsePath(nt, sc, cur.ex.sites)
		al := sim.align(op.steps, np.steps)
		fs := explain(op, np, al, ob, nb)
		if len(fs) == 0 {
			// Differences no line shows still count, as a cause of
			// their own.
			fs = []finding{{side: 1, line: siteLine{Text: "(the runs part nowhere their sites show)", Br: -1},
				visible: true, severity: sevOutcome, what: ob.text(true) + " -> " + nb.text(true)}}
		}
		for _, f := range fs {
			addFinding(causes, f, sc)
		}
	}
	st.rows = semRows(groups, arches, old.prof, cur.prof)
	for _, c := range causes {
		st.causes = append(st.causes, c)
	}
	sortCauses(st.causes)
}

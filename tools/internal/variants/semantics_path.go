package variants

import (
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// A step is one thing a run did, as the host's site lines (sites.go) show
// it: a statement of the tree executed, an OS call, a message printed, a
// charge of a cell, or the run's end.
type step struct {
	kind byte   // stmtStep, callStep, chargeStep, endStep
	site string // "mem_bsd.go:16": the statement's (a call's, a charge's, the end's: the statement that made it)
	// text is what two eras' steps are compared by: a statement's line
	// text, a call's primitive and result, a message (its numbers N), a
	// charge's cell and amount, the end's outcome.
	text string
	br   int8 // a condition's branch: 0 or 1; -1 none
	// caller is the index of the statement that called the function the
	// step is in (-1: the function under test).
	caller int
}

const (
	stmtStep   = 's'
	callStep   = 'c'
	printStep  = 'p'
	chargeStep = 'm'
	endStep    = 'e'
)

// A path is a run's steps, the net change of each charge cell ("stat" ->
// "+n") and its plain trace (the site lines taken out: the C model's
// trace).
type path struct {
	steps   []step
	net     map[string]string
	hasCell map[string]bool // the charge cells the run's cells line shows, by label
	plain   string
}

// parsePath reads a trace with site lines; sites give the statements'
// texts.
func parsePath(trace string, sc *Scenario, sites map[string]siteText) path {
	pp := pathParser{sc: sc, sites: sites, last: -1, cells: initialCells(sc)}
	var plain strings.Builder
	for _, l := range strings.SplitAfter(trace, "\n") {
		if f := strings.Fields(l); len(f) > 0 && !pp.siteLine(l, f) {
			plain.WriteString(l)
		}
	}
	p := pp.p
	p.plain = plain.String()
	if n := len(p.steps); n > 0 && p.steps[n-1].kind == endStep {
		// With what it printed, which comes after.
		p.steps[n-1].text = summarize(p.plain, sc).outcome
	}
	return p
}

// A pathParser reads a trace's lines into a path.
type pathParser struct {
	p     path
	sc    *Scenario
	sites map[string]siteText
	last  int   // the current statement's step
	stack []int // the statements that called the functions running
	cells map[string]uint64
}

func (pp *pathParser) add(s step) { pp.p.steps = append(pp.p.steps, s) }

// at is the current statement's site.
func (pp *pathParser) at() string {
	if pp.last < 0 {
		return ""
	}
	return pp.p.steps[pp.last].site
}

// siteLine reads a line (its fields f) of the trace: true if it is a
// site line, which the plain trace leaves out.
func (pp *pathParser) siteLine(l string, f []string) bool {
	switch f[0] {
	case "in":
		pp.stack = append(pp.stack, pp.last)
	case "out":
		if n := len(pp.stack); n > 0 {
			pp.last, pp.stack = pp.stack[n-1], pp.stack[:n-1]
		}
	case "at":
		pp.statement(f[1], -1)
	case "br":
		b := int8(f[2][0] - '0')
		// The condition of the statement last marked (a charge or a
		// call in its init statement may come between), or an else if.
		if pp.last >= 0 && pp.p.steps[pp.last].site == f[1] && pp.p.steps[pp.last].br < 0 {
			pp.p.steps[pp.last].br = b
		} else {
			pp.statement(f[1], b)
		}
	case "moved":
		for _, c := range cellChanges(pp.cells, f[1:], pp.sc) {
			pp.add(step{kind: chargeStep, site: pp.at(), text: c, br: -1, caller: pp.last})
		}
	case "printed":
		msg := numberRE.ReplaceAllString(strings.TrimPrefix(strings.TrimSpace(l), "printed "), "N")
		pp.add(step{kind: printStep, site: pp.at(), text: msg, br: -1, caller: pp.last})
	default:
		pp.traceLine(l, f)
		return false
	}
	return true
}

// statement adds the statement at site, its condition gone br.
func (pp *pathParser) statement(site string, br int8) {
	caller := -1
	if n := len(pp.stack); n > 0 {
		caller = pp.stack[n-1]
	}
	pp.add(step{kind: stmtStep, site: site, text: pp.sites[site].text, br: br, caller: caller})
	pp.last = len(pp.p.steps) - 1
}

// traceLine reads a line of the plain trace: an OS call, the cells, the
// outcome.
func (pp *pathParser) traceLine(l string, f []string) {
	switch f[0] {
	case "call":
		res := ""
		if _, r, ok := strings.Cut(l, " -> "); ok {
			res = " -> " + resultWord(strings.TrimSpace(r), pp.sc)
		}
		pp.add(step{kind: callStep, site: pp.at(), text: f[1] + res, br: -1, caller: pp.last})
	case "cells":
		pp.p.net, pp.p.hasCell = map[string]string{}, map[string]bool{}
		for _, kv := range f[1:] {
			k, _, _ := strings.Cut(kv, "=")
			if _, ok := pp.cells[k]; ok {
				pp.p.hasCell[cellLabel(k, pp.sc.Which)] = true
			}
		}
		for _, c := range cellChanges(initialCells(pp.sc), f[1:], pp.sc) {
			k, v, _ := strings.Cut(c, " ")
			pp.p.net[k] = v
		}
	case "outcome":
		// The statement that ended the run: the last one run.
		end := -1
		for k := len(pp.p.steps) - 1; k >= 0 && end < 0; k-- {
			if pp.p.steps[k].kind == stmtStep {
				end = k
			}
		}
		site := ""
		if end >= 0 {
			site = pp.p.steps[end].site
		}
		pp.add(step{kind: endStep, site: site, br: -1, caller: end})
	}
}

// resultWord is an OS call's result as the eras' runs are compared by: an
// errno or a small number as it is, an address by what it is to the
// scenario (nil, v, the fresh mapping, another).
func resultWord(r string, sc *Scenario) string {
	v, err := strconv.ParseUint(r, 0, 64)
	switch {
	case err != nil:
		if i, err := strconv.ParseInt(r, 0, 64); err == nil && i > -4096 {
			return r
		}
		return r
	case v == 0:
		return "nil"
	case v < 4096:
		return r
	case v == sc.V&sc.Arch.Mask():
		return "v"
	case v == sc.Fresh&sc.Arch.Mask():
		return "a fresh mapping"
	}
	return "another address"
}

// initialCells are the charge cells' values before the run.
func initialCells(sc *Scenario) map[string]uint64 {
	return map[string]uint64{"stat": sc.Stat, "other_sys": sc.Other, "stacks_sys": sc.Stacks, "mappedReady": sc.mapped}
}

// cellChanges are the changes of the charge cells from cells to the
// fields of a cells line ("stat +n"); cells is updated.
func cellChanges(cells map[string]uint64, fields []string, sc *Scenario) []string {
	var out []string
	for _, kv := range fields {
		k, v, _ := strings.Cut(kv, "=")
		var after uint64
		var ok bool
		a := sc.Arch
		if k == "mappedReady" {
			var err error
			after, err = strconv.ParseUint(v, 10, 64)
			ok, a = err == nil, Arch{ptrSize: 8}
		} else if _, charge := cells[k]; charge {
			after, ok = cellValue(v, sc.Arch)
		}
		if !ok || after == cells[k] {
			continue
		}
		if d := delta(cells[k], after, sc.N, a, sc.Func != "sysFree"); d != "" {
			out = append(out, cellLabel(k, sc.Which)+" "+d)
		}
		cells[k] = after
	}
	return out
}

// An alignment pairs two runs' steps that do the same thing, wherever the
// line is in each tree: matchOld[i] is the step of the newer run paired
// with the older run's step i (-1: none), and edited[i] says the pair are
// statements whose texts differ but are alike (an edit of one line).
type alignment struct {
	matchOld, matchNew []int
	edited             []bool
}

// Scores of a pair of steps: an OS call, a message or an end shared
// outweighs any number of statements, so that the runs are aligned on what
// the OS and the user saw.
const (
	scoreAnchor = 1000
	scoreSame   = 4
	scoreEdited = 2
)

// pairScore is what pairing a and b is worth; 0 if they do not pair.
// Statements pair with the same text, conditions going the same way; or,
// not conditions, with alike texts (a condition's words decide where it
// goes: uintptr(p) == _EACCES is not uintptr(p) < 4096).
func (c *simCache) pairScore(a, b step) (int, bool) {
	if a.kind != b.kind || a.br != b.br {
		return 0, false
	}
	switch {
	case a.text == b.text && a.kind != stmtStep && a.kind != chargeStep:
		return scoreAnchor, false
	case a.text == b.text:
		return scoreSame, false
	case a.kind == stmtStep && a.br < 0 && c.alike(a.text, b.text):
		return scoreEdited, true
	}
	return 0, false
}

// align pairs the runs' steps so that the pairs' scores add up to the
// most (a weighted longest common subsequence).
func (c *simCache) align(old, cur []step) alignment {
	n, m := len(old), len(cur)
	best := make([][]int32, n+1)
	for i := range best {
		best[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(best[i+1][j], best[i][j+1])
			if s, _ := c.pairScore(old[i], cur[j]); s > 0 {
				v = max(v, best[i+1][j+1]+int32(s))
			}
			best[i][j] = v
		}
	}
	al := alignment{matchOld: make([]int, n), matchNew: make([]int, m), edited: make([]bool, n)}
	for i := range al.matchOld {
		al.matchOld[i] = -1
	}
	for j := range al.matchNew {
		al.matchNew[j] = -1
	}
	i, j := 0, 0
	for i < n && j < m {
		s, edited := c.pairScore(old[i], cur[j])
		switch {
		case s > 0 && best[i][j] == best[i+1][j+1]+int32(s):
			al.matchOld[i], al.matchNew[j], al.edited[i] = j, i, edited
			i++
			j++
		case best[i][j] == best[i+1][j]:
			i++
		default:
			j++
		}
	}
	al.readAlike(old, cur)
	return al
}

// readAlike pairs, right after an OS call both runs made, the conditions
// that read its result if they go the same way (if uintptr(p) < 4096, if
// err != 0): the eras read the result alike there, whatever the words.
func (al alignment) readAlike(old, cur []step) {
	for i, j := range al.matchOld {
		if j < 0 || old[i].kind != callStep || i+1 >= len(old) || j+1 >= len(cur) {
			continue
		}
		a, b := old[i+1], cur[j+1]
		if al.matchOld[i+1] < 0 && al.matchNew[j+1] < 0 && a.kind == stmtStep && b.kind == stmtStep &&
			a.br >= 0 && a.br == b.br {
			al.matchOld[i+1], al.matchNew[j+1], al.edited[i+1] = j+1, i+1, true
		}
	}
}

// A hunk is where two runs part: old[o0:o1] against new[n0:n1], between
// paired steps (or an end of a run).
type hunk struct{ o0, o1, n0, n1 int }

// hunks are the alignment's hunks, in order.
func (al alignment) hunks() []hunk {
	var out []hunk
	i, j := 0, 0
	n, m := len(al.matchOld), len(al.matchNew)
	for i < n || j < m {
		if i < n && al.matchOld[i] == j {
			i++
			j++
			continue
		}
		h := hunk{o0: i, n0: j}
		for i < n && al.matchOld[i] < 0 {
			i++
		}
		for j < m && al.matchNew[j] < 0 {
			j++
		}
		h.o1, h.n1 = i, j
		out = append(out, h)
	}
	return out
}

// wordRE are a line's words: its identifiers and numbers, which say what
// it is about (its punctuation does not).
var wordRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Fa-fx]*`)

// A simCache remembers which pairs of lines are alike.
type simCache struct{ alikes map[[2]string]bool }

func newSimCache() *simCache { return &simCache{alikes: map[[2]string]bool{}} }

// words are a line's words but Go's keywords.
func words(s string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(s, -1) {
		if !token.IsKeyword(w) {
			out = append(out, w)
		}
	}
	return out
}

// alike: two lines share at least half of their words (in order): an edit
// of one line, not another line (return v and return nil are two).
func (c *simCache) alike(a, b string) bool {
	k := [2]string{a, b}
	if v, ok := c.alikes[k]; ok {
		return v
	}
	ta, tb := words(a), words(b)
	l := make([][]int, len(ta)+1)
	for i := range l {
		l[i] = make([]int, len(tb)+1)
	}
	for i := len(ta) - 1; i >= 0; i-- {
		for j := len(tb) - 1; j >= 0; j-- {
			if ta[i] == tb[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	v := l[0][0] > 0 && 2*2*l[0][0] >= len(ta)+len(tb)
	c.alikes[k] = v
	return v
}

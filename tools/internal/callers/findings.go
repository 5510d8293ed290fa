package callers

import (
	"fmt"
	"go/ast"
	"go/constant"
	"strings"
	"xaddref/tools/internal/era"

	"xaddref/tools/internal/variants"
)

// findingKey is a finding's port and site.
func findingKey(pr *PortResult, kind, at string) string {
	return pr.Port.String() + "|" + kind + "|" + at
}

// collect turns a run (and its twin on the tree before the commit) into
// findings, wraps and the sites it reached.
func collect(e *era.Era, j *job, r, br *run, line string, seen map[string]*Finding) {
	pr := j.pr
	for _, c := range r.calls {
		if c.depth == 1 && j.viol == nil {
			if sf := e.Ledger.StatFunc(c.name, ""); sf != nil && sf.Role == era.Discharge {
				pr.Reached[c.at]++
			}
		}
	}
	site, fn, outer := "", j.fn, (*call)(nil)
	open := r.open
	if j.viol != nil {
		site, fn = j.viol.Pos(), j.viol.Origin.Function
		// The stat function run alone is the host's root, not recorded:
		// it is the outermost call open at the end.
		open = append([]*call{{name: j.sc.Func, depth: 0}}, open...)
	}
	// The new exit: the run ends inside a stat's check.
	if len(open) > 0 && e.Ledger.EndsIn(open[len(open)-1].name) && endsLike(r.outcome, e) {
		outer = open[0]
		if j.viol == nil {
			site = outer.at
		}
		key := findingKey(pr, "exit", site)
		if f := seen[key]; f != nil {
			f.Runs++
			return
		}
		f := &Finding{GOOS: pr.Port.GOOS, GOARCH: pr.Port.GOARCH, Function: fn, Runs: 1,
			Static: j.viol != nil, ScenarioLine: line, Scenario: scenarioLabel(j)}
		f.File, f.Line = splitPos(site)
		chain := []string{j.fn}
		if j.viol != nil {
			chain = strings.Split(j.viol.Chain(), " -> ")
		}
		for _, c := range r.open {
			chain = append(chain, c.name)
		}
		f.Chain = strings.Join(dedupAdjacent(chain), " -> ")
		from := 0
		if j.viol == nil {
			from = outer.stderr
		}
		if from <= len(r.stderr) {
			f.Message = r.stderr[from:]
		}
		f.What = describeDischarge(e, pr, j, outer, r)
		if br != nil {
			f.Before = describeBefore(e, pr, j, site, br)
		}
		f.outer, f.run, f.sc, f.how = outer, r, j.sc, e.Ledger.EndsHow
		seen[key] = f
		pr.Findings = append(pr.Findings, f)
		return
	}
	// A discharge that wraps its stat silently (before 6ad33be, and on
	// big-endian after it).
	for _, c := range r.calls {
		if c.depth != 1 || !c.left || j.viol != nil {
			continue
		}
		if w := wrapOf(e, pr, c); w != "" {
			addWrap(pr, j, c.at, w, line, br, e, seen)
		}
	}
	if j.viol != nil {
		if w := cellsWrap(pr, j, r); w != "" {
			addWrap(pr, j, site, w, line, br, e, seen)
		}
	}
}

func addWrap(pr *PortResult, j *job, site, what, line string, br *run, e *era.Era, seen map[string]*Finding) {
	key := findingKey(pr, "wrap", site)
	if f := seen[key]; f != nil {
		f.Runs++
		return
	}
	fn := j.fn
	if j.viol != nil {
		fn = j.viol.Origin.Function
	}
	f := &Finding{GOOS: pr.Port.GOOS, GOARCH: pr.Port.GOARCH, Function: fn, Runs: 1, What: what,
		Static: j.viol != nil, ScenarioLine: line, Scenario: scenarioLabel(j)}
	f.File, f.Line = splitPos(site)
	f.Chain = fn
	if j.viol != nil {
		f.Chain = j.viol.Chain()
	} else if c := pr.siteAt(site); c != nil {
		f.Chain = fn + " -> " + c.Callee
	}
	if br != nil {
		f.Before = describeBefore(e, pr, j, site, br)
	}
	seen[key] = f
	pr.Wraps = append(pr.Wraps, f)
}

func dedupAdjacent(s []string) []string {
	var out []string
	for _, x := range s {
		if len(out) == 0 || out[len(out)-1] != x {
			out = append(out, x)
		}
	}
	return out
}

func splitPos(at string) (string, int) {
	i := strings.LastIndexByte(at, ':')
	if i < 0 {
		return at, 0
	}
	var n int
	fmt.Sscanf(at[i+1:], "%d", &n)
	return at[:i], n
}

// endsLike: the outcome is the era's way of ending on a stat's check.
func endsLike(outcome string, e *era.Era) bool {
	switch {
	case strings.HasPrefix(e.Ledger.EndsHow, "exit "):
		return outcome == e.Ledger.EndsHow
	case strings.HasPrefix(e.Ledger.EndsHow, "throw "):
		return outcome == "throw "+fmt.Sprintf("%q", strings.TrimPrefix(e.Ledger.EndsHow, "throw "))
	}
	return false
}

// siteAt is the port's ledger site at file:line.
func (pr *PortResult) siteAt(at string) *Site {
	for _, s := range pr.Sites {
		if s.Pos() == at {
			return s
		}
	}
	return nil
}

// statArg is a recorded call's stat cell and amount, by the era's table.
func statArg(e *era.Era, c *call, be bool) (name string, before, after, n uint64, ok bool) {
	sf := e.Ledger.StatFunc(c.name, "")
	if sf == nil || sf.Stat < 0 {
		return "", 0, 0, 0, false
	}
	name, before, ok1 := cell(c.arg(sf.Stat), be)
	_, after, _ = cell(c.argAfter(sf.Stat), be)
	n, ok2 := num(c.arg(sf.Amount))
	return name, before, after, n, ok1 && ok2
}

func describeDischarge(e *era.Era, pr *PortResult, j *job, outer *call, r *run) string {
	what := e.Ledger.EndsHow
	call := ""
	if j.viol != nil {
		call = j.viol.Origin.Function + "'s " + j.viol.Origin.Stat
		if j.viol.Origin.Local != nil {
			call = j.viol.Origin.Local.describe()
		}
		return fmt.Sprintf("%s: %s (run as %s alone)", call, what, j.sc.Func)
	}
	if s := pr.siteAt(outer.at); s != nil {
		call = s.Call
	} else {
		call = outer.name + "(...)"
	}
	if name, before, _, n, ok := statArg(e, outer, pr.arch.BE); ok {
		return fmt.Sprintf("%s with %s stat at %#x, n %#x: %s", call, name, before, n, what)
	}
	return call + ": " + what
}

// wrapOf says how a discharge that returned wrapped its stat, or "".
func wrapOf(e *era.Era, pr *PortResult, c *call) string {
	sf := e.Ledger.StatFunc(c.name, "")
	if sf == nil || sf.Role != era.Discharge {
		return ""
	}
	name, before, after, n, ok := statArg(e, c, pr.arch.BE)
	if !ok || n == 0 || after <= before {
		return ""
	}
	call := c.name + "(...)"
	if s := pr.siteAt(c.at); s != nil {
		call = s.Call
	}
	return fmt.Sprintf("%s takes %s stat from %#x to %#x (n %#x) and returns: the stat wraps silently", call, name, before, after, n)
}

// cellsWrap is a stat function run alone that wrapped the scenario's stat.
func cellsWrap(pr *PortResult, j *job, r *run) string {
	after, ok := cellValue(r.cells["stat"], pr.arch.BE)
	if !ok || after <= j.sc.Stat || !strings.HasPrefix(r.outcome, "return") {
		return ""
	}
	return fmt.Sprintf("%s: %s takes the stat from %#x to %#x (n %#x) and returns: the stat wraps silently",
		j.viol.Origin.Local.describe(), j.sc.Func, j.sc.Stat, after, j.sc.N)
}

func cellValue(hexBytes string, be bool) (uint64, bool) {
	_, v, ok := cell("x:"+hexBytes, be)
	return v, ok
}

// describeBefore is what the tree before the commit does in the same
// scenario at site.
func describeBefore(e *era.Era, pr *PortResult, j *job, site string, br *run) string {
	out := outcomeText(br.outcome)
	if j.viol != nil {
		if after, ok := cellValue(br.cells["stat"], pr.arch.BE); ok {
			s := fmt.Sprintf("%s; the stat goes from %#x to %#x", out, j.sc.Stat, after)
			if after > j.sc.Stat && j.sc.N > 0 {
				s += " (wraps silently)"
			}
			return s
		}
		return out
	}
	var c *call
	for _, x := range br.calls {
		if x.depth == 1 && x.at == site {
			c = x
			break
		}
	}
	if c == nil {
		return fmt.Sprintf("does not reach %s; %s", site, out)
	}
	name, before, after, n, ok := statArg(e, c, pr.arch.BE)
	if !ok {
		return out
	}
	if !c.left {
		return fmt.Sprintf("%s in %s with %s stat at %#x, n %#x", out, c.name, name, before, n)
	}
	s := fmt.Sprintf("%s; %s takes %s stat from %#x to %#x (n %#x)", out, c.name, name, before, after, n)
	if after > before {
		s += ": it wraps silently"
	}
	return s
}

func outcomeText(o string) string {
	switch {
	case strings.HasPrefix(o, "return"):
		return "returns"
	case strings.HasPrefix(o, "exit "):
		return "exits with status " + strings.TrimPrefix(o, "exit ")
	}
	return o
}

// scenarioLabel is the state and the OS results of a job.
func scenarioLabel(j *job) string {
	os := variants.ScriptLabel(j.sc.Script)
	for _, st := range j.sc.Script {
		if st.Class == "far" {
			os += fmt.Sprintf(" (far = %#x)", j.sc.Far&j.sc.Arch.Mask())
			break
		}
	}
	return j.label + "; OS: " + os
}

// violationJob runs the stat function a violating local is passed to
// alone, with the local's start and the call's amount: the finding does
// not wait for a driver to reach it.
func violationJob(pr *PortResult, e *era.Era, v *Violation) *job {
	o := v.Origin
	use, _ := o.use.(*ast.CallExpr)
	if use == nil || o.Local == nil {
		return nil
	}
	// Whatever the local is passed to, the discharge it reaches is
	// sysFree's check (mSysStatDec, sysMemStat.add).
	fn := "sysFree"
	n, amount := uint64(0), "?"
	if o.amt != nil {
		amount = pr.ledger.text(o.amt)
		if tv, ok := pr.port.Info.Types[o.amt]; ok && tv.Value != nil {
			if u, ok := constant.Uint64Val(constant.ToInt(tv.Value)); ok {
				n = u
			}
		}
	}
	how := fmt.Sprintf("n = %s = %#x", amount, n)
	if n == 0 {
		page, ok := pr.port.Const("_PageSize")
		if !ok {
			page = 0x1000
		}
		n = page
		how = fmt.Sprintf("n = %s, not a constant: taken as _PageSize %#x", amount, n)
	}
	sc := baseScenario(pr, e, fn)
	sc.Stat, sc.N = 0, n&pr.arch.Mask()
	return &job{pr: pr, fn: fn, viol: v, sc: sc,
		label: fmt.Sprintf("%s alone, the stat at %s (the local's start), %s", fn, o.Local.Start, how)}
}

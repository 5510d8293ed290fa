package callers

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"
	"xaddref/tools/internal/era"
)

// A Violation is a discharge of a local that starts at zero and is never
// charged before: the exit (or, before 6ad33be, the silent wrap) needs no
// more than reaching it.
type Violation struct {
	Origin *Origin // the local, and the call it is passed to
	Sites  []*Site // the discharges it reaches
}

// Pos is the call the local is passed to.
func (v *Violation) Pos() string { return fmt.Sprintf("%s:%d", v.Origin.File, v.Origin.Line) }

// Chain is the calls from the local's function to the stat function
// the discharge is.
func (v *Violation) Chain() string {
	parts := []string{v.Origin.Function}
	for _, h := range v.Origin.Chain {
		parts = append(parts, h.Callee)
	}
	if v.Origin.site != nil {
		parts = append(parts, v.Origin.site.Callee)
	}
	return strings.Join(dedupAdjacent(parts), " -> ")
}

// judge gives every site its verdict and returns the violations.
func (l *ledger) judge() []*Violation {
	byPos := map[string]*Violation{}
	for _, s := range l.sites {
		for _, o := range s.Origins {
			if o.Kind == Local && o.Local == nil {
				if o.amt == nil {
					o.amt = l.amountOf(o.use)
				}
				o.Local = l.localFacts(o)
			}
		}
		if s.Role != era.Discharge {
			s.Verdict = "-"
			continue
		}
		counts := map[string]int{}
		var bad []string
		for _, o := range s.Origins {
			switch o.Kind {
			case Global:
				counts["global "+o.Stat]++
			case Local:
				if o.Local.Violation() {
					key := fmt.Sprintf("%s:%d", o.File, o.Line)
					v := byPos[key]
					if v == nil {
						v = &Violation{Origin: o}
						byPos[key] = v
					}
					if len(o.Chain) < len(v.Origin.Chain) {
						v.Origin = o // the shortest way to a discharge
					}
					v.Sites = append(v.Sites, s)
					bad = append(bad, fmt.Sprintf("%s in %s (%s:%d)", o.Local.describe(), o.Function, o.File, o.Line))
					continue
				}
				counts[o.Local.describe()]++
			default:
				note := o.Note
				if note == "" {
					note = o.Stat
				}
				counts["not followed: "+note]++
			}
		}
		var parts []string
		for _, k := range sortedCounts(counts) {
			if counts[k] > 1 {
				parts = append(parts, fmt.Sprintf("%s (x%d)", k, counts[k]))
			} else {
				parts = append(parts, k)
			}
		}
		if len(bad) > 0 {
			s.Verdict = "VIOLATION: " + strings.Join(bad, "; ")
			if len(parts) > 0 {
				s.Verdict += "; also " + strings.Join(parts, ", ")
			}
			continue
		}
		s.Verdict = strings.Join(parts, ", ")
		if s.Verdict == "" {
			s.Verdict = "no origin found"
		}
	}
	var out []*Violation
	for _, v := range byPos {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

func sortedCounts(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// amountOf is the amount of use when it is a call of a stat function.
func (l *ledger) amountOf(use ast.Node) ast.Expr {
	c, ok := use.(*ast.CallExpr)
	if !ok {
		return nil
	}
	callee := l.g.Callee(c)
	if callee == nil {
		return nil
	}
	sf := l.statFunc(callee)
	if _, args := l.argsOf(c); sf != nil && sf.Amount >= 0 && sf.Amount < len(args) {
		return args[sf.Amount]
	}
	return nil
}

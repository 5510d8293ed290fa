package callers

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"xaddref/tools/internal/callgraph"
)

// A claim is a total the code says is the sum of other fields: "Sys ...
// (sum of XxxSys below)" on MemStats.Sys, "should be sum of xxx_sys
// below" on 2015's mstats.sys, "Sys is the sum of the XSys fields below"
// in Go 1.19 and later.
type claim struct {
	total *types.Var
	parts []*types.Var // the fields after it whose names end in the suffix
	text  string
	pos   token.Pos
}

// claimRE reads such a comment: a placeholder (X, Xxx, xxx) and the
// suffix the fields share (Sys, _sys).
var claimRE = regexp.MustCompile(`sum of (?:the )?(?:Xxx|xxx|X)(\w+?)(?: fields)? below`)

// claims finds the sum claims in the comments of the runtime's struct
// fields.
func (l *ledger) claims() []*claim {
	var out []*claim
	for _, f := range l.p.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			var fields []*types.Var
			var comments []*ast.CommentGroup
			for _, fl := range st.Fields.List {
				for _, name := range fl.Names {
					v, _ := l.p.Info.Defs[name].(*types.Var)
					fields = append(fields, v)
					cg := fl.Doc
					if cg == nil {
						cg = fl.Comment
					}
					comments = append(comments, cg)
				}
			}
			for i, cg := range comments {
				if cg == nil || fields[i] == nil {
					continue
				}
				if m := claimRE.FindStringSubmatch(cg.Text()); m != nil {
					c := &claim{total: fields[i], text: strings.TrimSpace(m[0]), pos: cg.Pos()}
					for _, p := range fields[i+1:] {
						if p != nil && strings.HasSuffix(p.Name(), m[1]) {
							c.parts = append(c.parts, p)
						}
					}
					out = append(out, c)
				}
			}
			return true
		})
	}
	return out
}

// A sumCheck is a claim checked in a function that sets its total: the
// total minus the sum of its parts, as the function's assignments leave
// them.
type sumCheck struct {
	c     *claim
	fn    *callgraph.Func
	diff  form
	setAt token.Pos // where fn sets the total
	// at is where an atom left out of the parts is dropped: the
	// assignment that replaced a part a layout copy had given it
	// (dropped), or else the total's.
	at      map[string]token.Pos
	dropped map[string]*types.Var
	atoms   map[string]*types.Var
}

// checkSums checks every claim in every function that sets its total.
func (l *ledger) checkSums(claims []*claim) []*sumCheck {
	var out []*sumCheck
	for _, fn := range l.decls {
		var e *env
		for _, c := range claims {
			if !l.sets(fn, c.total) {
				continue
			}
			if e == nil {
				e = l.straightLine(fn)
			}
			d := e.value(c.total)
			for _, p := range c.parts {
				d = d.add(e.value(p), -1)
			}
			sc := &sumCheck{c: c, fn: fn, diff: d, setAt: e.at[c.total], at: map[string]token.Pos{},
				dropped: map[string]*types.Var{}, atoms: e.atoms}
			for a := range d {
				sc.at[a] = e.at[c.total]
				for _, p := range c.parts {
					if _, had := e.from[p][a]; had && e.vals[p][a] == 0 {
						sc.at[a], sc.dropped[a] = e.at[p], p
					}
				}
			}
			out = append(out, sc)
		}
	}
	return out
}

// sets: one of fn's top-level statements assigns v, or copies it by
// layout.
func (l *ledger) sets(fn *callgraph.Func, v *types.Var) bool {
	for _, s := range fn.Body().List {
		switch x := s.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if l.varOf(unparen(lhs)) == v {
					return true
				}
			}
		case *ast.ExprStmt:
			if c, ok := x.X.(*ast.CallExpr); ok {
				if cp := l.layoutCopy(c); cp != nil && cp.pairs[v] != nil {
					return true
				}
			}
		}
	}
	return false
}

// judgeSum: a function that sets a claimed total counts on the claim.
// Where its assignments leave the total minus the sum of the parts other
// than 0, the claim holds only while each variable of that difference is
// 0: each is judged by the places that charge it on the port (and on the
// tree before the commit).
func (l *ledger) judgeSum(sc *sumCheck, before func() *ledger) *reader {
	total := l.fieldName(sc.c.total)
	var parts []string
	for _, p := range sc.c.parts {
		parts = append(parts, p.Name())
	}
	file, line := l.p.Position(sc.setAt)
	rd := &reader{File: file, Line: line, Function: l.names[sc.fn], Stat: total, kind: "sum",
		Assumption: fmt.Sprintf("%s is the sum of %s (%s: %q)", total, strings.Join(parts, ", "),
			l.posString(sc.c.pos), sc.c.text),
		Verdict: holds, Why: fmt.Sprintf("%s sets them so that %s minus their sum is 0", l.names[sc.fn], sc.c.total.Name()),
		parts: parts, left: l.leftOut(sc)}
	if len(sc.diff) == 0 {
		return rd
	}
	var held []string
	for _, a := range sortedKeys(sc.diff) {
		v, charged := sc.atoms[a], l.charges(a)
		switch {
		case v != nil && len(charged) == 0 && !l.written(v):
			held = append(held, a+", which nothing writes on this port")
			continue
		case v == nil || len(charged) == 0:
			rd.Verdict = undecided
			rd.Why = fmt.Sprintf("%s leaves %s minus their sum at %s, and %s is not a stat the ledger knows", l.names[sc.fn],
				sc.c.total.Name(), sc.diff, a)
			return rd
		}
		if len(liveCharges(charged, nil)) == 0 {
			held = append(held, fmt.Sprintf("%s, which nothing charges here (%s)", a, describeCharges(charged)))
			continue
		}
		l.brokenSum(rd, sc, a, v, charged, before)
		return rd
	}
	rd.Why = fmt.Sprintf("%s leaves %s minus their sum at %s, 0 on this port: %s", l.names[sc.fn], sc.c.total.Name(),
		sc.diff, strings.Join(held, "; "))
	return rd
}

// leftOut are the variables of the difference the sum check leaves, each
// with its coefficient and the functions that charge it on the port,
// called or not.
func (l *ledger) leftOut(sc *sumCheck) []leftVar {
	var out []leftVar
	for _, a := range sortedKeys(sc.diff) {
		lv := leftVar{key: a, coef: sc.diff[a]}
		if v := sc.atoms[a]; v != nil {
			lv.cell = v.Name()
		}
		for _, c := range l.charges(a) {
			lv.chargers = append(lv.chargers, c.fn)
		}
		out = append(out, lv)
	}
	return out
}

// brokenSum: the variable a of the difference is charged where a program
// of this port runs. The commit broke the claim where it added such a
// charge: a function that charges a now and did not on the tree before
// the commit (newosproc0, which charged a local of its own); where every
// such function did, it was broken before; without that tree, it is not
// known.
func (l *ledger) brokenSum(rd *reader, sc *sumCheck, a string, v *types.Var, charged []charge, before func() *ledger) {
	rd.Verdict = broken
	rd.File, rd.Line = l.p.Position(sc.at[a])
	total := sc.c.total.Name()
	why := fmt.Sprintf("%s leaves %s minus the sum at %s", l.names[sc.fn], total, sc.diff)
	if p := sc.dropped[a]; p != nil {
		why += fmt.Sprintf(": %s, which held %s, is set anew at %s, so %s counts it and the parts do not", p.Name(), a,
			l.posString(sc.at[a]), total)
	}
	if c := l.fieldComment(v); c != "" {
		why += fmt.Sprintf(" (%s says of it: %q)", l.posString(v.Pos()), c)
	}
	var b *ledger
	if before != nil {
		b = before()
	}
	now := liveCharges(charged, nil)
	rd.cell, rd.chargers = v.Name(), chargerFns(charged, nil)
	if b != nil {
		rd.chargers = chargerFns(charged, b.charges(a))
	}
	switch {
	case b == nil:
		// Nothing to tell the commit's charges from the tree's own.
		rd.Verdict = undecided
		why += "; it is charged at " + strings.Join(now, ", ") +
			"; without the tree before the commit, whether the commit added that is not known"
	case len(liveCharges(charged, b.charges(a))) == 0:
		rd.Verdict = brokenBefore
		why += "; it is charged at " + strings.Join(now, ", ") + ", as before the commit"
	default:
		why += "; the commit charges it at " + strings.Join(liveCharges(charged, b.charges(a)), ", ")
		if old := liveCharges(b.charges(a), nil); len(old) > 0 {
			why += "; before it, only at " + strings.Join(old, ", ")
		} else {
			why += ", where nothing charged it before"
		}
	}
	rd.Why = why
}

// chargerFns are the functions of the live charges of cs that make no
// live charge in except.
func chargerFns(cs, except []charge) []string {
	skip := map[string]bool{}
	for _, c := range except {
		skip[c.fn] = skip[c.fn] || c.live
	}
	var out []string
	for _, c := range cs {
		if c.live && !skip[c.fn] {
			out = append(out, c.fn)
		}
	}
	return out
}

// liveCharges describes the live charges of cs made in functions that
// make no live charge in except.
func liveCharges(cs, except []charge) []string {
	skip := map[string]bool{}
	for _, c := range except {
		if c.live {
			skip[c.fn] = true
		}
	}
	var out []string
	for _, c := range cs {
		if c.live && !skip[c.fn] {
			out = append(out, fmt.Sprintf("%s (%s, %s)", c.pos, c.fn, c.why))
		}
	}
	return out
}

func describeCharges(cs []charge) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s in %s: %s", c.pos, c.fn, c.why))
	}
	return strings.Join(out, "; ")
}

func sortedKeys(f form) []string {
	var out []string
	for k := range f {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fieldComment is the comment on v's declaration, on one line.
func (l *ledger) fieldComment(v *types.Var) string {
	var text string
	for _, f := range l.p.Files {
		if f.Pos() > v.Pos() || v.Pos() > f.End() {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			fl, ok := n.(*ast.Field)
			if !ok || text != "" {
				return text == ""
			}
			for _, name := range fl.Names {
				if name.Pos() == v.Pos() {
					cg := fl.Comment
					if cg == nil {
						cg = fl.Doc
					}
					if cg != nil {
						text = strings.Join(strings.Fields(cg.Text()), " ")
					}
				}
			}
			return true
		})
	}
	return text
}

// written: some function assigns v, or takes its address for anything
// but a read.
func (l *ledger) written(v *types.Var) bool {
	found := false
	l.walkBodies(func(fn *callgraph.Func, stack []ast.Node) {
		if found || l.varOf(stack[len(stack)-1]) != v {
			return
		}
		switch p, _ := parentOf(stack); x := p.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				found = found || unparen(lhs) == stack[len(stack)-1]
			}
		case *ast.IncDecStmt:
			found = true
		case *ast.UnaryExpr:
			found = x.Op == token.AND
		}
	})
	return found
}

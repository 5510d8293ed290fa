package callers

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"xaddref/tools/internal/callgraph"
)

// A reader is a function that reads a stat the era's stat functions
// write (or a value the runtime derives from such stats), with what it
// assumes of it and whether that holds on the port.
type reader struct {
	File       string
	Line       int
	Function   string
	Stat       string // mstats.stacks_sys, MemStats.Sys
	Assumption string
	Verdict    verdict
	Why        string

	kind string // "whole", "lock", "sum" or "derived": what is assumed
	// For a broken sum: the variable left out of the parts (its field's
	// name, the run's cell) and the functions whose charges break it.
	cell     string
	chargers []string
	// For any sum: the parts' names, and the variables the function
	// leaves out of them (none where it sets the total to their sum).
	parts []string
	left  []leftVar
}

// A leftVar is a variable in a total minus the sum of its parts.
type leftVar struct {
	key      string // the atom: mstats.stacks_sys
	cell     string // the scenario's cell: stacks_sys ("" for no stat)
	coef     int64
	chargers []string // the functions that charge it, live or not
}

// verdict is whether a reader's assumption holds on a port.
type verdict string

const (
	holds  verdict = "holds"
	broken verdict = "broken" // by the tree as analysed, and not before the commit
	// brokenBefore: broken, and broken as well on the tree before the
	// commit: not the commit's doing.
	brokenBefore verdict = "broken before the commit too"
	undecided    verdict = "undecided"
)

// before orders readers by place, then function, stat and assumption: a
// memmove reads several stats at one line.
func (r *reader) before(o *reader) bool {
	a := []string{r.File, fmt.Sprintf("%09d", r.Line), r.Function, r.Stat, r.Assumption}
	b := []string{o.File, fmt.Sprintf("%09d", o.Line), o.Function, o.Stat, o.Assumption}
	return strings.Join(a, "\x00") < strings.Join(b, "\x00")
}

// Where is the reader's file:line.
func (r *reader) Where() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// readers finds the port's readers and judges their assumptions; before
// is the same port's ledger on the tree before the commit, or nil.
func (l *ledger) readers(before func() *ledger) []*reader {
	stats := l.stats()
	derived := l.derive(stats)
	vars := map[*types.Var]bool{}
	for v := range stats {
		vars[v] = true
	}
	for v := range derived {
		vars[v] = true
	}
	var out []*reader
	type key struct {
		fn  *callgraph.Func
		v   *types.Var
		via *callgraph.Func
	}
	seen := map[key]bool{}
	word, lock := l.wordAdd(), l.writerLock()
	for _, r := range l.reads(vars) {
		k := key{r.fn, r.v, r.via}
		if seen[k] {
			continue
		}
		seen[k] = true
		rd := l.newReader(r)
		switch {
		case !stats[r.v]:
			d := derived[r.v]
			rd.kind = "derived"
			rd.Assumption = fmt.Sprintf("reads %s, which %s computes from the stats (%s)", rd.Stat, l.names[d.fn],
				l.posString(d.pos))
			rd.Verdict, rd.Why = holds, "a value derived from the stats: what it assumes of them is "+l.names[d.fn]+"'s"
		case r.via != nil && reach(r.via, isLock, 4) != "":
			l.judgeLock(rd, r, lock)
		case strings.HasPrefix(r.how, "updates it with"):
			continue // an update outside the stat functions, lock-free
		default:
			l.judgeWhole(rd, r, word)
		}
		out = append(out, rd)
	}
	for _, sc := range l.checkSums(l.claims()) {
		out = append(out, l.judgeSum(sc, before))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
	return out
}

func (l *ledger) newReader(r read) *reader {
	file, line := l.p.Position(r.pos)
	return &reader{File: file, Line: line, Function: l.names[r.fn], Stat: l.fieldName(r.v)}
}

// judgeWhole: a reader takes the stat's uint64 for the bytes charged to
// it. 6ad33be adds through xadduintptr, a pointer-sized add at the
// stat's address: on a 64-bit port the whole word; on a 32-bit
// little-endian one the low half, and mSysStatInc/Dec exit before it
// wraps, so the high half keeps its 0; on a 32-bit big-endian one the
// high half (mSysStatInc/Dec take xadd64 there instead).
func (l *ledger) judgeWhole(rd *reader, r read, word string) {
	how := "reads it"
	if r.how != "" {
		how = r.how
	}
	rd.kind = "whole"
	rd.Assumption = fmt.Sprintf("%s as a whole uint64: the bytes charged to %s", how, rd.Stat)
	be := l.bigEndian()
	switch {
	case word == "" || l.p.PtrSize == 8:
		rd.Verdict, rd.Why = holds, "the stat functions add to the whole uint64"
		if word != "" {
			rd.Why += " (" + word + ", a 64-bit add on this port)"
		}
	case !be:
		rd.Verdict = holds
		rd.Why = fmt.Sprintf("on this 32-bit little-endian port %s adds to the low half only; "+
			"%s end the program before that half wraps, so the high half stays 0", word, strings.Join(l.e.Ledger.Ends, " and "))
	default:
		rd.Verdict = broken
		rd.Why = fmt.Sprintf("on this 32-bit big-endian port %s adds to the word at the stat's address, the "+
			"uint64's high half: a charge of n bytes reads as n<<32", word)
	}
}

// bigEndian: the port's runtime says it is (2015's _BigEndian), or its
// GOARCH is one of the big-endian ones (Go 1.19 and later keep the
// constant in internal/goarch).
func (l *ledger) bigEndian() bool {
	if v, ok := l.p.Const("_BigEndian"); ok {
		return v != 0
	}
	switch l.p.Port.GOARCH {
	case "ppc64", "mips", "mips64", "s390x":
		return true
	}
	return false
}

// judgeLock: a reader that reaches the stat through a function taking a
// lock (arm's 64-bit atomics in 2015) counts on every writer taking it.
func (l *ledger) judgeLock(rd *reader, r read, writerLock string) {
	chain := reach(r.via, isLock, 4)
	rd.kind = "lock"
	rd.Assumption = fmt.Sprintf("%s, which takes a lock (%s): every writer of %s takes it too", r.how, chain, rd.Stat)
	switch {
	case writerLock != "":
		rd.Verdict, rd.Why = holds, "the stat functions take a lock too ("+writerLock+")"
	case isLoad(r.via.Name):
		rd.Verdict = holds
		rd.Why = "the stat functions take no lock, but change the stat with one atomic add, which a load sees whole or not at all"
	default:
		rd.Verdict = broken
		rd.Why = "the stat functions take no lock (" + l.wordAddOrAny() + "): an update they make between " +
			r.via.Name + "'s read and its write is lost"
	}
}

func (l *ledger) wordAddOrAny() string {
	if w := l.wordAdd(); w != "" {
		return w
	}
	return "their add is lock-free"
}

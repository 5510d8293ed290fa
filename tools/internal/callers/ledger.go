package callers

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/printer"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"xaddref/tools/internal/era"

	"xaddref/tools/internal/callgraph"
	"xaddref/tools/internal/tree"
)

// Kind is where a stat argument comes from.
type Kind string

const (
	Global Kind = "global"    // a package-level variable: &memstats.heap_sys
	Param  Kind = "parameter" // the enclosing function's parameter, followed to its callers
	Local  Kind = "local"     // a local variable of the enclosing function: &stat
	Field  Kind = "field"     // a struct field holding a stat pointer, followed to its stores
	Other  Kind = "other"     // anything else: not followed
	None   Kind = "none"      // the call has no stat (sysReserve)
)

// A Site is one call of a stat function.
type Site struct {
	File     string
	Line     int
	Function string // the enclosing function: mHeap_SysAlloc, traceAlloc.drop, f.func1
	Call     string // the call as written
	Callee   string
	Role     era.Role
	Stat     string // the stat as written (or the implicit stat)
	Kind     Kind
	Amount   string
	// Origins are where a parameter's or a field's stat comes from, and a
	// local's or a global's own origin.
	Origins []*Origin
	// Verdict says whether the stat holds at least the amount on every
	// path that reaches a discharge.
	Verdict string

	amt ast.Expr
}

// Pos is the site as file:line.
func (s *Site) Pos() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// A Hop is a call on the way from an origin to a site.
type Hop struct {
	File, Function, Callee string
	Line                   int
}

func (h Hop) String() string { return fmt.Sprintf("%s (%s:%d)", h.Function, h.File, h.Line) }

// An Origin is a stat expression that is not passed through: a global, a
// local, or one that is not followed; with the calls from where it is
// written to the site.
type Origin struct {
	Kind     Kind
	Stat     string
	File     string
	Line     int
	Function string
	Chain    []Hop // from the origin's call to the site's enclosing function
	Note     string
	// For a local: what the analysis found of it (see local.go).
	Local *LocalFacts

	fn   *callgraph.Func
	obj  *types.Var // a local's variable; a global's, or its field's
	site *Site      // the site it was found for
	use  ast.Node   // the expression passing the local
	// amt is the amount of the call the local is passed to, when that
	// call is the stat function itself.
	amt ast.Expr
}

type callSite struct {
	call *ast.CallExpr
	in   *callgraph.Func
}

type store struct {
	rhs ast.Expr
	in  *callgraph.Func
}

// ledger is one port's analysis.
type ledger struct {
	p       *tree.Checked
	g       *callgraph.Graph
	e       *era.Era
	callsOf map[*callgraph.Func][]callSite
	decls   []*callgraph.Func // the runtime's functions with bodies, in source order
	names   map[*callgraph.Func]string
	stores  map[*types.Var][]store // the stores to struct fields, once asked
	sites   []*Site
	owners  map[*types.Var]string // field -> its struct type's name, once asked
	defs    map[*types.Var]form   // see definitions, once asked
}

const maxFollow = 8

// buildLedger takes the runtime's functions and call sites from the
// port's call graph, in source order, and finds the sites.
func buildLedger(g *callgraph.Graph, e *era.Era) *ledger {
	l := &ledger{p: g.Checked, g: g, e: e, callsOf: map[*callgraph.Func][]callSite{},
		names: map[*callgraph.Func]string{}}
	type pending struct {
		cs callSite
		sf *era.StatFunc
	}
	var sites []pending
	for _, f := range l.p.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn := g.FuncOf(fd)
			l.decls = append(l.decls, fn)
			for _, cs := range l.callSites(fn, declName(fd)) {
				l.callsOf[cs.to] = append(l.callsOf[cs.to], cs.callSite)
				if sf := l.statFunc(cs.to); sf != nil {
					sites = append(sites, pending{cs.callSite, sf})
				}
			}
		}
	}
	// Every call is indexed: the stats can be followed to their callers.
	for _, p := range sites {
		l.sites = append(l.sites, l.newSite(p.cs.call, p.cs.in, p.sf))
	}
	return l
}

type calleeSite struct {
	callSite
	to *callgraph.Func
}

// callSites are the calls of declared functions in fn and its closures,
// in the order they are written (a call before the calls in its
// operands); it names fn and its closures the ledger's way.
func (l *ledger) callSites(fn *callgraph.Func, name string) []calleeSite {
	var out []calleeSite
	var add func(f *callgraph.Func)
	add = func(f *callgraph.Func) {
		l.names[f] = name + strings.TrimPrefix(f.Sym, fn.Sym)
		for _, e := range f.Edges() {
			c, ok := e.Node.(*ast.CallExpr)
			if ok && e.Kind != callgraph.Builtin && e.To.Obj != nil {
				out = append(out, calleeSite{callSite{c, f}, e.To})
			}
		}
		for _, c := range f.Closures() {
			add(c)
		}
	}
	add(fn)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].call, out[j].call
		return a.Pos() < b.Pos() || a.Pos() == b.Pos() && a.End() > b.End()
	})
	return out
}

func declName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// storesTo lists the values stored to field v (x.f = e, T{f: e}) in the
// runtime's functions, in source order, each in the function (decl or
// closure) that makes it; indexed once.
func (l *ledger) storesTo(v *types.Var) []store {
	if l.stores == nil {
		l.stores = map[*types.Var][]store{}
		l.walkBodies(func(fn *callgraph.Func, stack []ast.Node) {
			switch x := stack[len(stack)-1].(type) {
			case *ast.AssignStmt:
				l.storeAssign(x, fn)
			case *ast.CompositeLit:
				l.storeLit(x, fn)
			}
		})
	}
	return l.stores[v]
}

func (l *ledger) storeAssign(a *ast.AssignStmt, in *callgraph.Func) {
	if len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, lhs := range a.Lhs {
		if v := l.fieldOf(lhs); v != nil {
			l.stores[v] = append(l.stores[v], store{a.Rhs[i], in})
		}
	}
}

func (l *ledger) storeLit(c *ast.CompositeLit, in *callgraph.Func) {
	for _, e := range c.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			if v, ok := l.p.Info.Uses[id].(*types.Var); ok && v.IsField() {
				l.stores[v] = append(l.stores[v], store{kv.Value, in})
			}
		}
	}
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// statFunc is the era's entry for a function of package runtime.
func (l *ledger) statFunc(fn *callgraph.Func) *era.StatFunc {
	f := fn.Obj
	if f == nil || f.Pkg() == nil || f.Pkg().Path() != "runtime" {
		return nil
	}
	sig, _ := f.Type().(*types.Signature)
	recv := ""
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		if !ok {
			return nil
		}
		recv = n.Obj().Name()
	}
	return l.e.Ledger.StatFunc(f.Name(), recv)
}

// fieldOf is the struct field an assignment's left side stores to.
func (l *ledger) fieldOf(e ast.Expr) *types.Var {
	s, ok := unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if sel := l.p.Info.Selections[s]; sel != nil && sel.Kind() == types.FieldVal {
		v, _ := sel.Obj().(*types.Var)
		return v
	}
	return nil
}

func (l *ledger) text(n ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, token.NewFileSet(), n)
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func (l *ledger) newSite(c *ast.CallExpr, fn *callgraph.Func, sf *era.StatFunc) *Site {
	file, line := l.p.Position(c.Pos())
	s := &Site{File: file, Line: line, Function: l.names[fn], Call: l.text(c), Callee: sf.Name, Role: sf.Role}
	if sf.Recv != "" {
		s.Callee = "(*" + sf.Recv + ")." + sf.Name
	}
	recv, args := l.argsOf(c)
	if sf.Amount >= 0 && sf.Amount < len(args) {
		s.amt = args[sf.Amount]
		s.Amount = l.text(s.amt)
	}
	if s.Role == "" {
		s.Role = l.sign(s.amt)
	}
	switch {
	case sf.Stat == era.NoArg && sf.Implicit != "":
		s.Stat, s.Kind = sf.Implicit, Global
		s.Origins = []*Origin{{Kind: Global, Stat: sf.Implicit, File: file, Line: line, Function: l.names[fn],
			Note: "implicit", fn: fn, use: c, obj: l.implicitVar(sf.Implicit)}}
	case sf.Stat == era.NoArg:
		s.Stat, s.Kind = "-", None
	case sf.Stat == era.Receiver:
		if recv == nil {
			s.Stat, s.Kind = "?", Other
			break
		}
		s.Stat = l.text(recv)
		if _, isPtr := l.typeOf(recv).(*types.Pointer); isPtr {
			s.Kind, s.Origins = l.classify(recv, fn, 0, nil, c)
		} else {
			s.Kind, s.Origins = l.storage(recv, fn, nil, c)
		}
	case sf.Stat < len(args):
		s.Stat = l.text(args[sf.Stat])
		s.Kind, s.Origins = l.classify(args[sf.Stat], fn, 0, nil, c)
	default:
		s.Stat, s.Kind = "?", Other
	}
	for _, o := range s.Origins {
		o.site = s
		if o.use == c {
			o.amt = s.amt
		}
	}
	return s
}

// sign says whether a signed amount (sysMemStat.add's) charges or
// discharges: a negative constant, or a negation, discharges.
func (l *ledger) sign(e ast.Expr) era.Role {
	if e == nil {
		return era.Charge
	}
	if tv, ok := l.p.Info.Types[e]; ok && tv.Value != nil {
		if constant.Sign(tv.Value) < 0 {
			return era.Discharge
		}
		return era.Charge
	}
	for {
		switch x := unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op == token.SUB {
				return era.Discharge
			}
			return era.Charge
		case *ast.CallExpr:
			// A conversion: int64(n).
			if tv, ok := l.p.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		return era.Charge
	}
}

func (l *ledger) typeOf(e ast.Expr) types.Type {
	if tv, ok := l.p.Info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

// classify says where a stat pointer expression e, written in fn, comes
// from; use is the call it is an argument of. chain is the way from there
// to the site being classified.
func (l *ledger) classify(e ast.Expr, fn *callgraph.Func, depth int, chain []Hop, use ast.Node) (Kind, []*Origin) {
	file, line := l.p.Position(e.Pos())
	origin := func(k Kind, note string) []*Origin {
		return []*Origin{{Kind: k, Stat: l.text(e), File: file, Line: line, Function: l.names[fn], Chain: chain,
			Note: note, fn: fn, use: use}}
	}
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return l.storage(x.X, fn, chain, use)
		}
	case *ast.Ident:
		if x.Name == "nil" {
			return Other, origin(Other, "nil")
		}
		v, ok := l.p.Info.Uses[x].(*types.Var)
		if !ok {
			return Other, origin(Other, "")
		}
		if owner, idx := l.paramOf(v, fn); owner != nil {
			return Param, l.followParam(owner, idx, depth, chain, e)
		}
		if l.isGlobal(v) {
			return Other, origin(Other, "a package-level pointer variable")
		}
		// A local pointer: where it was set, if only once.
		var sets []ast.Expr
		ast.Inspect(fn.Body(), func(n ast.Node) bool {
			switch a := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range a.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && len(a.Lhs) == len(a.Rhs) &&
						(l.p.Info.Defs[id] == v || l.p.Info.Uses[id] == v) {
						sets = append(sets, a.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				for i, id := range a.Names {
					if l.p.Info.Defs[id] == v && len(a.Values) == len(a.Names) {
						sets = append(sets, a.Values[i])
					}
				}
			}
			return true
		})
		if len(sets) == 1 && depth < maxFollow {
			return l.classify(sets[0], fn, depth+1, chain, use)
		}
		return Other, origin(Other, fmt.Sprintf("a local pointer set %d times", len(sets)))
	case *ast.SelectorExpr:
		if v := l.fieldOf(x); v != nil {
			if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
				return Field, l.followField(v, depth, chain, e)
			}
		}
	}
	return Other, origin(Other, "")
}

// storage classifies the variable a stat pointer points to: &X.
func (l *ledger) storage(x ast.Expr, fn *callgraph.Func, chain []Hop, use ast.Node) (Kind, []*Origin) {
	file, line := l.p.Position(x.Pos())
	text := "&" + l.text(x)
	root := x
	direct := true // X, X.f, X[i]: no pointer followed on the way
	for {
		switch r := unparen(root).(type) {
		case *ast.SelectorExpr:
			if sel := l.p.Info.Selections[r]; sel != nil && sel.Kind() == types.FieldVal {
				if sel.Indirect() {
					direct = false
				}
				root = r.X
				continue
			}
		case *ast.IndexExpr:
			if _, ok := l.typeOf(r.X).Underlying().(*types.Array); !ok {
				direct = false
			}
			root = r.X
			continue
		}
		break
	}
	o := &Origin{Stat: text, File: file, Line: line, Function: l.names[fn], Chain: chain, fn: fn, use: use}
	id, ok := unparen(root).(*ast.Ident)
	var v *types.Var
	if ok {
		v, _ = l.p.Info.Uses[id].(*types.Var)
	}
	switch {
	case v != nil && l.isGlobal(v) && direct:
		o.Kind, o.obj = Global, l.storageVar(x)
	case v != nil && direct:
		if owner, _ := l.paramOf(v, fn); owner != nil {
			o.Kind, o.Note = Other, "a parameter's own storage"
			break
		}
		o.Kind, o.obj = Local, v
	default:
		o.Kind, o.Note = Other, "memory reached through a pointer"
	}
	return o.Kind, []*Origin{o}
}

func (l *ledger) isGlobal(v *types.Var) bool {
	return v.Parent() == l.p.Pkg.Scope()
}

// paramOf says whether v is a parameter (or the receiver, index -1) of fn
// or of a function enclosing it, and of which.
func (l *ledger) paramOf(v *types.Var, fn *callgraph.Func) (*callgraph.Func, int) {
	for f := fn; f != nil; f = f.Outer {
		sig := f.Sig()
		if sig == nil {
			continue
		}
		if r := sig.Recv(); r != nil && r == v {
			return f, era.Receiver
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i) == v {
				return f, i
			}
		}
	}
	return nil, 0
}

// followParam classifies what fn's callers pass as its parameter idx.
func (l *ledger) followParam(fn *callgraph.Func, idx, depth int, chain []Hop, e ast.Expr) []*Origin {
	file, line := l.p.Position(e.Pos())
	stop := func(note string) []*Origin {
		return []*Origin{{Kind: Other, Stat: l.text(e), File: file, Line: line, Function: l.names[fn], Chain: chain,
			Note: note, fn: fn}}
	}
	if fn.Obj == nil {
		return stop("a closure's parameter: not followed")
	}
	if depth >= maxFollow {
		return stop("followed too deep")
	}
	for _, h := range chain {
		if h.Function == l.names[fn] {
			return nil // a recursive path adds nothing
		}
	}
	var out []*Origin
	for _, cs := range l.callsOf[fn] {
		var arg ast.Expr
		recv, args := l.argsOf(cs.call)
		if idx == era.Receiver {
			if recv == nil {
				continue
			}
			arg = recv
			if _, isPtr := l.typeOf(arg).(*types.Pointer); !isPtr {
				f, ln := l.p.Position(cs.call.Pos())
				_, os := l.storage(arg, cs.in, append([]Hop{{f, l.names[cs.in], l.names[fn], ln}}, chain...), cs.call)
				out = append(out, os...)
				continue
			}
		} else if idx < len(args) {
			arg = args[idx]
		} else {
			continue
		}
		f, ln := l.p.Position(cs.call.Pos())
		hop := Hop{File: f, Line: ln, Function: l.names[cs.in], Callee: l.names[fn]}
		_, os := l.classify(arg, cs.in, depth+1, append([]Hop{hop}, chain...), cs.call)
		out = append(out, os...)
	}
	if n := l.valueUses(fn); n > 0 {
		out = append(out, stop(fmt.Sprintf("%s is used as a value %d time(s): those callers are not followed", l.names[fn], n))...)
	}
	if len(out) == 0 {
		return stop(l.names[fn] + " has no caller in this port")
	}
	return out
}

// argsOf is call c's receiver (nil if none) and its arguments, as the
// callee's parameters take them: a method expression T.m(x, a) passes x
// as the receiver.
func (l *ledger) argsOf(c *ast.CallExpr) (ast.Expr, []ast.Expr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || l.p.Info.Selections[sel] == nil {
		return nil, c.Args
	}
	switch l.p.Info.Selections[sel].Kind() {
	case types.MethodVal:
		return sel.X, c.Args
	case types.MethodExpr:
		if len(c.Args) > 0 {
			return c.Args[0], c.Args[1:]
		}
	}
	return nil, c.Args
}

// valueUses counts the uses of fn other than calls: where it escapes,
// and its callers through those are not followed.
func (l *ledger) valueUses(fn *callgraph.Func) int {
	n := 0
	for _, r := range l.g.Refs(fn) {
		if !r.Called && !r.Asm {
			n++
		}
	}
	return n
}

// followField classifies every value stored to the field.
func (l *ledger) followField(v *types.Var, depth int, chain []Hop, e ast.Expr) []*Origin {
	var out []*Origin
	for _, st := range l.storesTo(v) {
		_, os := l.classify(st.rhs, st.in, depth+1, chain, nil)
		out = append(out, os...)
	}
	if len(out) == 0 {
		file, line := l.p.Position(e.Pos())
		return []*Origin{{Kind: Other, Stat: l.text(e), File: file, Line: line, Note: "field " + v.Name() + " is never stored to"}}
	}
	return out
}

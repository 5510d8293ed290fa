package callers

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/printer"
	"go/token"
	"go/types"
	"strings"
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
	Role     Role
	Stat     string // the stat as written (or the implicit stat)
	Kind     Kind
	Amount   string
	// Origins are where a parameter's or a field's stat comes from, and a
	// local's or a global's own origin.
	Origins []*Origin
	// Verdict says whether the stat holds at least the amount on every
	// path that reaches a discharge.
	Verdict string

	call *ast.CallExpr
	fn   *funcNode
	amt  ast.Expr
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

	fn   *funcNode
	obj  *types.Var
	site *Site    // the site it was found for
	use  ast.Node // the expression passing the local
	// amt is the amount of the call the local is passed to, when that
	// call is the stat function itself.
	amt ast.Expr
}

// funcNode is a function of the runtime: a declaration or a closure.
type funcNode struct {
	name  string
	decl  *ast.FuncDecl
	lit   *ast.FuncLit
	obj   *types.Func
	outer *funcNode
	sig   *types.Signature
	nlits int
}

func (f *funcNode) body() *ast.BlockStmt {
	if f.lit != nil {
		return f.lit.Body
	}
	return f.decl.Body
}

type callSite struct {
	call *ast.CallExpr
	in   *funcNode
}

type store struct {
	rhs ast.Expr
	in  *funcNode
}

// ledger is one port's analysis.
type ledger struct {
	p       *tree.Checked
	era     *Era
	funcs   []*funcNode
	callsOf map[*types.Func][]callSite
	// refs are the uses of a function other than calling it: it escapes,
	// and its parameters are not followed through there.
	refs    map[*types.Func]int
	stores  map[*types.Var][]store
	sites   []*Site
	pending []pendingSite
}

const maxFollow = 8

// buildLedger indexes the port's functions and calls and finds the sites.
func buildLedger(p *tree.Checked, era *Era) *ledger {
	l := &ledger{p: p, era: era, callsOf: map[*types.Func][]callSite{}, refs: map[*types.Func]int{},
		stores: map[*types.Var][]store{}}
	for _, f := range p.Files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				// A function kept in a variable escapes its callers.
				ast.Inspect(gd, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						if f, ok := p.Info.Uses[id].(*types.Func); ok {
							l.refs[f]++
						}
					}
					return true
				})
				continue
			}
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn := &funcNode{name: declName(fd), decl: fd}
			if obj, ok := p.Info.Defs[fd.Name].(*types.Func); ok {
				fn.obj = obj
				fn.sig, _ = obj.Type().(*types.Signature)
			}
			l.funcs = append(l.funcs, fn)
			l.walk(fn)
		}
	}
	// Every call is indexed: the stats can be followed to their callers.
	for _, ps := range l.pending {
		l.sites = append(l.sites, l.newSite(ps.call, ps.fn, ps.sf))
	}
	return l
}

type pendingSite struct {
	call *ast.CallExpr
	fn   *funcNode
	sf   *StatFunc
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

// walk indexes fn's calls, stores and sites, closures included.
func (l *ledger) walk(fn *funcNode) {
	stack := []*funcNode{fn}
	var nodes []ast.Node
	called := map[*ast.Ident]bool{}
	ast.Inspect(fn.body(), func(n ast.Node) bool {
		if n == nil {
			top := nodes[len(nodes)-1]
			nodes = nodes[:len(nodes)-1]
			if _, ok := top.(*ast.FuncLit); ok {
				stack = stack[:len(stack)-1]
			}
			return true
		}
		nodes = append(nodes, n)
		cur := stack[len(stack)-1]
		switch x := n.(type) {
		case *ast.FuncLit:
			root := stack[0]
			root.nlits++
			lit := &funcNode{name: fmt.Sprintf("%s.func%d", root.name, root.nlits), lit: x, outer: cur}
			if tv, ok := l.p.Info.Types[x]; ok {
				lit.sig, _ = tv.Type.(*types.Signature)
			}
			l.funcs = append(l.funcs, lit)
			stack = append(stack, lit)
		case *ast.CallExpr:
			callee, id := l.callee(x)
			if callee != nil {
				called[id] = true
				l.callsOf[callee] = append(l.callsOf[callee], callSite{x, cur})
				if sf := l.statFunc(callee); sf != nil {
					l.pending = append(l.pending, pendingSite{x, cur, sf})
				}
			}
		case *ast.Ident:
			if f, ok := l.p.Info.Uses[x].(*types.Func); ok && !called[x] {
				l.refs[f]++
			}
		case *ast.AssignStmt:
			for i, lhs := range x.Lhs {
				if len(x.Lhs) != len(x.Rhs) {
					break
				}
				if v := l.fieldOf(lhs); v != nil {
					l.stores[v] = append(l.stores[v], store{x.Rhs[i], cur})
				}
			}
		case *ast.CompositeLit:
			for _, e := range x.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := l.p.Info.Uses[id].(*types.Var); ok && v.IsField() {
						l.stores[v] = append(l.stores[v], store{kv.Value, cur})
					}
				}
			}
		}
		return true
	})
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

// callee is the function a call calls statically, and the identifier
// naming it; nil for builtins, conversions and calls of function values.
func (l *ledger) callee(c *ast.CallExpr) (*types.Func, *ast.Ident) {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		if fn, ok := l.p.Info.Uses[f].(*types.Func); ok {
			return fn, f
		}
	case *ast.SelectorExpr:
		if sel := l.p.Info.Selections[f]; sel != nil {
			if sel.Kind() == types.MethodVal {
				if fn, ok := sel.Obj().(*types.Func); ok {
					return fn, f.Sel
				}
			}
			return nil, nil
		}
		if fn, ok := l.p.Info.Uses[f.Sel].(*types.Func); ok {
			return fn, f.Sel
		}
	}
	return nil, nil
}

// statFunc is the era's entry for a function of package runtime.
func (l *ledger) statFunc(f *types.Func) *StatFunc {
	if f.Pkg() == nil || f.Pkg().Path() != "runtime" {
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
	return l.era.statFunc(f.Name(), recv)
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

func (l *ledger) newSite(c *ast.CallExpr, fn *funcNode, sf *StatFunc) *Site {
	file, line := l.p.Position(c.Pos())
	s := &Site{File: file, Line: line, Function: fn.name, Call: l.text(c), Callee: sf.Name, Role: sf.Role,
		call: c, fn: fn}
	if sf.Recv != "" {
		s.Callee = "(*" + sf.Recv + ")." + sf.Name
	}
	if sf.Amount >= 0 && sf.Amount < len(c.Args) {
		s.amt = c.Args[sf.Amount]
		s.Amount = l.text(s.amt)
	}
	if s.Role == "" {
		s.Role = l.sign(s.amt)
	}
	switch {
	case sf.Stat == NoArg && sf.Implicit != "":
		s.Stat, s.Kind = sf.Implicit, Global
		s.Origins = []*Origin{{Kind: Global, Stat: sf.Implicit, File: file, Line: line, Function: fn.name,
			Note: "implicit"}}
	case sf.Stat == NoArg:
		s.Stat, s.Kind = "-", None
	case sf.Stat == Receiver:
		sel, _ := unparen(c.Fun).(*ast.SelectorExpr)
		if sel == nil {
			s.Stat, s.Kind = "?", Other
			break
		}
		s.Stat = l.text(sel.X)
		if _, isPtr := l.typeOf(sel.X).(*types.Pointer); isPtr {
			s.Kind, s.Origins = l.classify(sel.X, fn, 0, nil, c)
		} else {
			s.Kind, s.Origins = l.storage(sel.X, fn, nil, c)
		}
	case sf.Stat < len(c.Args):
		s.Stat = l.text(c.Args[sf.Stat])
		s.Kind, s.Origins = l.classify(c.Args[sf.Stat], fn, 0, nil, c)
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
func (l *ledger) sign(e ast.Expr) Role {
	if e == nil {
		return Charge
	}
	if tv, ok := l.p.Info.Types[e]; ok && tv.Value != nil {
		if constant.Sign(tv.Value) < 0 {
			return Discharge
		}
		return Charge
	}
	for {
		switch x := unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op == token.SUB {
				return Discharge
			}
			return Charge
		case *ast.CallExpr:
			// A conversion: int64(n).
			if tv, ok := l.p.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		return Charge
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
func (l *ledger) classify(e ast.Expr, fn *funcNode, depth int, chain []Hop, use ast.Node) (Kind, []*Origin) {
	file, line := l.p.Position(e.Pos())
	origin := func(k Kind, note string) []*Origin {
		return []*Origin{{Kind: k, Stat: l.text(e), File: file, Line: line, Function: fn.name, Chain: chain,
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
		ast.Inspect(fn.body(), func(n ast.Node) bool {
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
func (l *ledger) storage(x ast.Expr, fn *funcNode, chain []Hop, use ast.Node) (Kind, []*Origin) {
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
	o := &Origin{Stat: text, File: file, Line: line, Function: fn.name, Chain: chain, fn: fn, use: use}
	id, ok := unparen(root).(*ast.Ident)
	var v *types.Var
	if ok {
		v, _ = l.p.Info.Uses[id].(*types.Var)
	}
	switch {
	case v != nil && l.isGlobal(v) && direct:
		o.Kind = Global
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
func (l *ledger) paramOf(v *types.Var, fn *funcNode) (*funcNode, int) {
	for f := fn; f != nil; f = f.outer {
		if f.sig == nil {
			continue
		}
		if r := f.sig.Recv(); r != nil && r == v {
			return f, Receiver
		}
		for i := 0; i < f.sig.Params().Len(); i++ {
			if f.sig.Params().At(i) == v {
				return f, i
			}
		}
	}
	return nil, 0
}

// followParam classifies what fn's callers pass as its parameter idx.
func (l *ledger) followParam(fn *funcNode, idx, depth int, chain []Hop, e ast.Expr) []*Origin {
	file, line := l.p.Position(e.Pos())
	stop := func(note string) []*Origin {
		return []*Origin{{Kind: Other, Stat: l.text(e), File: file, Line: line, Function: fn.name, Chain: chain,
			Note: note, fn: fn}}
	}
	if fn.obj == nil {
		return stop("a closure's parameter: not followed")
	}
	if depth >= maxFollow {
		return stop("followed too deep")
	}
	for _, h := range chain {
		if h.Function == fn.name {
			return nil // a recursive path adds nothing
		}
	}
	var out []*Origin
	for _, cs := range l.callsOf[fn.obj] {
		var arg ast.Expr
		if idx == Receiver {
			sel, _ := unparen(cs.call.Fun).(*ast.SelectorExpr)
			if sel == nil {
				continue
			}
			arg = sel.X
			if _, isPtr := l.typeOf(arg).(*types.Pointer); !isPtr {
				f, ln := l.p.Position(cs.call.Pos())
				_, os := l.storage(arg, cs.in, append([]Hop{{f, cs.in.name, fn.name, ln}}, chain...), cs.call)
				out = append(out, os...)
				continue
			}
		} else if idx < len(cs.call.Args) {
			arg = cs.call.Args[idx]
		} else {
			continue
		}
		f, ln := l.p.Position(cs.call.Pos())
		hop := Hop{File: f, Line: ln, Function: cs.in.name, Callee: fn.name}
		_, os := l.classify(arg, cs.in, depth+1, append([]Hop{hop}, chain...), cs.call)
		out = append(out, os...)
	}
	if n := l.refs[fn.obj]; n > 0 {
		out = append(out, stop(fmt.Sprintf("%s is used as a value %d time(s): those callers are not followed", fn.name, n))...)
	}
	if len(out) == 0 {
		return stop(fn.name + " has no caller in this port")
	}
	return out
}

// followField classifies every value stored to the field.
func (l *ledger) followField(v *types.Var, depth int, chain []Hop, e ast.Expr) []*Origin {
	var out []*Origin
	for _, st := range l.stores[v] {
		_, os := l.classify(st.rhs, st.in, depth+1, chain, nil)
		out = append(out, os...)
	}
	if len(out) == 0 {
		file, line := l.p.Position(e.Pos())
		return []*Origin{{Kind: Other, Stat: l.text(e), File: file, Line: line, Note: "field " + v.Name() + " is never stored to"}}
	}
	return out
}

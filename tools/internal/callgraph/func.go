package callgraph

import (
	"go/ast"
	"go/types"

	"xaddref/tools/internal/tree"
)

// Func is a function of the graph: a Go declaration (with or without a
// body), a closure, an assembly TEXT, the print builtins, or a symbol
// with none of these.
type Func struct {
	Sym   string // the linker's symbol: runtime.f, runtime.(*T).m, runtime.f.func1
	Name  string // as reports show it: f, (*T).m, atomic.Xadd64, f.func1
	pkg   *Package
	Decl  *ast.FuncDecl // its declaration: the one with a body, if one has it
	File  *tree.File    // the Go file of Decl or Lit
	Obj   *types.Func   // Decl's object
	Lit   *ast.FuncLit  // a closure's literal
	Outer *Func         // a closure's enclosing function
	Asm   *tree.AsmText

	g         *Graph
	done      bool // analysed
	edges     []*Edge
	closures  []*Func
	nclosures int
	term      int8 // ends the program: 0 unknown, 1 yes, -1 no, 2 deciding

	// The facts, once analysed.
	nosplit    bool
	notNosplit string // why it is not nosplit
	needsG     string // why it needs a G, with where
	bodyless   bool
	unfollowed []string
}

// Kind is what an edge is.
type Kind int

const (
	// Call is a call, a closure called where it is written (as it is
	// when passed to systemstack), or a function passed to systemstack or
	// mcall, which call it.
	Call Kind = iota
	// Builtin is a call the compiler makes for a builtin or a statement:
	// print, gopanic, growslice, makeslice, deferproc, newproc.
	Builtin
	// Go is go f(): f runs on a new goroutine; this function calls
	// newproc.
	Go
	// Inline is a call the compiler expands in place (getg, its
	// intrinsics): not a call.
	Inline
)

// Edge is a call site.
type Edge struct {
	To   *Func
	Kind Kind
	// Node is the *ast.CallExpr; the *ast.FuncLit of a closure; the
	// argument naming a function passed to systemstack; the defer or go
	// statement of deferproc or newproc; nil in assembly.
	Node ast.Node
	Pos  Pos
	Via  string // the name called, where it is another symbol's //go:linkname alias
	Dead bool   // in a branch that a constant condition rules out
	// Ends says why the program ends after this call ("" if it may not):
	// it does not return, or a statement that does not follows it.
	Ends string
	Cgo  string // why it runs only with runtime/cgo linked ("" if not)
	// WithG: an assembly call made only when g is not nil, and why.
	WithG string
}

// analyze works out f's edges and facts, once.
func (f *Func) analyze() {
	f.g.mu.Lock()
	defer f.g.mu.Unlock()
	f.g.analyze(f)
}

func (g *Graph) analyze(f *Func) {
	if f.done {
		return
	}
	f.done = true
	switch {
	case f.Asm != nil:
		g.analyzeAsm(f)
	case f.Decl != nil && f.Decl.Body != nil:
		g.analyzeDecl(f)
	default:
		// No body anywhere: a compiler intrinsic (getg, getcallerpc) or
		// a function defined outside the packages read.
		f.bodyless, f.nosplit = true, true
	}
}

// Edges are f's call sites in the order they are written (an
// assignment's right side before its left); in assembly, its branches to
// symbols.
func (f *Func) Edges() []*Edge {
	f.analyze()
	return f.edges
}

// Closures are the closures written directly in f's body.
func (f *Func) Closures() []*Func {
	f.analyze()
	return f.closures
}

// Nosplit says whether f runs without a stack check, and if not, why.
func (f *Func) Nosplit() (bool, string) {
	f.analyze()
	return f.nosplit, f.notNosplit
}

// NeedsG says why f cannot run without a G, with where; "" if it can.
func (f *Func) NeedsG() string {
	f.analyze()
	return f.needsG
}

// Bodyless: f has no body in the packages read (an intrinsic, or a
// function defined elsewhere).
func (f *Func) Bodyless() bool {
	f.analyze()
	return f.bodyless
}

// Unfollowed are f's calls the graph cannot follow: through function
// values and interfaces, "expr (file:line)".
func (f *Func) Unfollowed() []string {
	f.analyze()
	return f.unfollowed
}

// Body is a Go function's or a closure's body.
func (f *Func) Body() *ast.BlockStmt {
	if f.Lit != nil {
		return f.Lit.Body
	}
	if f.Decl != nil {
		return f.Decl.Body
	}
	return nil
}

// Sig is a Go function's or a closure's signature.
func (f *Func) Sig() *types.Signature {
	if f.Lit != nil {
		sig, _ := f.g.info.TypeOf(f.Lit).(*types.Signature)
		return sig
	}
	if f.Obj != nil {
		sig, _ := f.Obj.Type().(*types.Signature)
		return sig
	}
	return nil
}

// Pos is where f is written.
func (f *Func) Pos() Pos {
	switch {
	case f.Lit != nil:
		return f.g.pos(f.Lit.Pos())
	case f.Asm != nil && (f.Decl == nil || f.Decl.Body == nil):
		return Pos{file: f.Asm.File.Src.Name, line: f.Asm.Line}
	case f.Decl != nil:
		return f.g.pos(f.Decl.Pos())
	}
	return Pos{file: "builtin"}
}

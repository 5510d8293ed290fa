// Package callgraph is one port's call graph of a tree's runtime and the
// packages of the tree it imports (runtime/internal/atomic and the like in
// Go 1.19), with the facts about each function that more than one analysis
// needs. The G-less check (package gless) and the stat ledger (package
// callers) are analyses over it.
//
// The files are the port's (tree.Source.Files: go/build's rules, cgo
// off); calls are resolved with go/types (tree.Source.Check, which
// type-checks the imported packages' bodies too).
//
// Functions (Func) are keyed by linker symbol: a Go declaration's
// (pkg.f, pkg.T.m, pkg.(*T).m, or what its //go:linkname names, so that
// xadduintptr's calls reach runtime.xadd), an assembly TEXT's (runtime·f,
// ·f, f<> static to its file), a closure's as the compiler names it
// (f.func1, and f.func1.1 for one inside it), and print, the builtins
// print and println. A symbol with both a Go body and a TEXT is the Go
// body's. init and _ functions, which no symbol names, are functions of
// their own.
//
// Edges are call sites in source order (an assignment's right side before
// its left), each with its position and AST node:
//   - a call of a function or method, by the object go/types records
//     (a method by the receiver's static type, through embedding);
//     calls through function values, fields and interfaces are not
//     followed and listed as such;
//   - a closure is called where it is written, so systemstack(func()
//     {...}) reaches it; a named function passed to systemstack or mcall
//     is called too;
//   - builtins call what the compiler makes them call: print and println
//     the print functions (through print), panic gopanic, append
//     growslice, make makeslice/makemap/makechan, defer deferproc, go
//     newproc; go f() is an edge of its own kind (f runs elsewhere);
//   - getg and the intrinsics of the tree's compiler table
//     (cmd/compile/internal/ssagen/ssa.go, intrinsics.go from Go 1.24)
//     are expanded in place: Inline
//     edges, not calls;
//   - assembly: CALL, JMP, B, BL, BR, JAL and conditional branches to
//     symbols.
//
// Each edge says what the code around it says of it: Dead, in a branch a
// constant condition rules out (go/types' constant value of the condition,
// as the compiler drops it: if _BigEndian != 0 on a little-endian port),
// or after an if whose condition is a true constant and whose body
// returns (mSysStatInc's xadduintptr on a big-endian port);
// Ends, the program ends after it (it does not return, in Go or in
// assembly, where 386's Xadd64 calls panicUnaligned; or it is followed in
// its statement list, with no return or jump between, by a statement that
// does not: a call of exit, which is assumed to end the process; of a
// function whose last statement does not return, like throw; panic; a
// write through a nil pointer; an endless loop); Cgo, it runs only with
// runtime/cgo linked (inside if _cgo_X != nil or if iscgo); WithG, an
// assembly branch taken only when g is not nil.
//
// Facts, computed once per function, lazily:
//   - nosplit: //go:nosplit (the //go: lines between the previous
//     declaration and the function, as the compiler reads them), a TEXT
//     with the NOSPLIT flag (by its value in the tree's textflag.h, so TEXT
//     ·f(SB),7,$0 counts), or the assembler's leaf rule: a function that
//     makes no call, with a frame under StackSmall on amd64 and amd64p32
//     (2015) or amd64, arm64, ppc64 and s390x (Go 1.19), or with no frame
//     on arm (and mips and loong64 in Go 1.19). A Go function that makes no
//     call and has a body of at most one statement is taken to have such a
//     frame. A closure is never nosplit.
//   - needs a G: a Go function that reads a field through getg()
//     (getg().m, or gp.m where gp = getg(), unless gp was checked against
//     nil on the way: if gp != nil { ... }, gp != nil && ..., if gp == nil
//     { return }); one marked //go:systemstack; an assembly function that
//     reads a g field through a register (g_m(g), g_m(AX)) outside a nil
//     check of that register (the instructions between it and the label
//     its branch-if-nil goes to, whose calls are WithG edges).
//   - bodyless: no body in the packages read.
//
// Why not golang.org/x/tools/go/ssa and go/callgraph/static: SSA needs
// well-typed packages, and a plain 2015 tree lacks the generated
// zversion.go (go/types reports six undefined names; the SSA builder
// panics on them). And the analyses need what SSA does not keep: SSA
// builds both branches of a constant condition (on purpose, for fidelity
// to the source), and the statement structure that Ends, Cgo and the nil
// checks of g are read from.
//
// Not seen: calls the compiler inserts (bounds checks, division, write
// barriers, conversions) and calls hidden in assembly macros.
package callgraph

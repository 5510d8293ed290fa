// Package gless checks, statically and per GOOS/GOARCH, that the runtime
// functions meant to run without a G (a goroutine, hence an M) reach
// nothing that needs one.
//
// 6ad33be2d9 exists because, on arm, sysAlloc reached xadd64, which runs
// its body through systemstack and takes a lock, and both read getg().m,
// while newosproc0 (linux, darwin) calls sysAlloc on a thread that has no
// G. The check: from each root (sysAlloc, sysFree, newosproc0 where it
// exists, and any other named), every function reached must be nosplit
// (its stack check would read the G) and must not need a G. The first
// function that breaks either rule ends a chain; the shortest chain is
// reported.
//
// What is read: the package runtime of the tree (src/runtime, its own
// files only) and, following its imports, the packages of the tree it
// imports (runtime/internal/atomic and the like in Go 1.19). A file
// belongs to a target when go/build's Context (GOOS, GOARCH, compiler gc,
// cgo off) matches it: file-name suffixes, // +build and //go:build lines.
// Go files are parsed with go/parser; assembly files are read line by
// line: TEXT symbols, their flags (NOSPLIT by its value in the tree's
// textflag.h, so the numeric form TEXT ·f(SB),7,$0 is read too), and
// their CALL, JMP, B, BL, BR, JAL and conditional branches to symbols.
//
// How calls are resolved:
//   - a call of a package function, through //go:linkname aliases in
//     both directions (xadduintptr -> runtime.xadd is shown
//     xadduintptr=xadd);
//   - pkg.F for the packages read;
//   - a method call by the receiver's type, found by a small resolver
//     (parameters, locals defined from expressions, package variables,
//     struct fields, embedding); an interface call, a call through a
//     function value, or a receiver whose type is not found is listed as
//     not followed;
//   - a closure is a function of its own (outer.func1), called from where
//     it is written: that covers systemstack(func() { ... }); a named
//     function passed to systemstack or mcall is called too;
//   - builtins: print and println call printlock, the print functions and
//     printunlock; panic calls gopanic; append, make, defer and go call
//     growslice, makeslice/makemap/makechan, deferproc and newproc;
//   - calls the compiler expands in place are not calls: the intrinsics
//     of the tree's compiler table (cmd/compile/internal/ssagen/ssa.go,
//     for all or the listed architectures, e.g. KeepAlive, and the
//     atomics on amd64), and body-less intrinsics (getg, getcallerpc);
//   - a branch whose condition is constant (if _BigEndian != 0) is dead
//     code, as in the compiler: only the live branch is read.
//
// What needs a G, derived from the code:
//   - a Go function that reads a field through getg(): getg().m, or gp.m
//     where gp = getg(), unless gp was checked against nil on the way
//     (if gp != nil { ... }, gp != nil && ..., if gp == nil { return });
//     lock, printlock, stdcall and the like qualify by this rule;
//   - a function marked //go:systemstack;
//   - an assembly function that reads a g field through a register
//     (g_m(g), g_m(AX), (g_stack+stack_lo)(SI)), except between a nil
//     check of that register and the label its branch-if-nil goes to
//     (asmcgocall's "CMPQ DI, $0; JEQ nosave", clone's child path); calls
//     made there are not followed either. systemstack, mcall and
//     morestack qualify by this rule.
//
// What counts as nosplit: //go:nosplit (the //go: lines between the
// previous declaration and the function, as the compiler reads them), a
// TEXT with the NOSPLIT flag, and a function the assembler leaves the
// check out of: one that makes no call, with a frame under StackSmall on
// amd64 and amd64p32 (2015) or amd64, arm64, ppc64 and s390x (Go 1.19),
// or with no frame on arm (and mips and loong64 in Go 1.19). A Go function
// that makes no call and has a body of at most one statement is taken to
// have such a frame. A closure is never nosplit. A one-statement function
// that is not nosplit fails, with a hint: the compiler may inline it, and
// then no check runs, but nothing guarantees that.
//
// Notes, not failures: a failure reached only past a call that ends the
// program, or only when runtime/cgo is linked.
//   - Ending the program: a call followed, in the same statement list and
//     with no return or jump between, by a statement that does not return
//     (a call of exit, which is assumed to end the process; of a function
//     whose last statement does not return, like throw; panic; a write
//     through a nil pointer; an endless loop), or such a call itself. The
//     overflow message's print before exit(2) in mSysStatInc is one: a
//     missing G there turns "print the message and exit" into a fault, and
//     the program ends either way.
//   - cgo only: calls inside `if _cgo_X != nil` or `if iscgo`. The
//     runtime's one G-less caller, newosproc0, is used only when
//     runtime/cgo is not linked (the rt0 code calls
//     _cgo_sys_thread_create instead when it is).
//
// Per OS, for sysAlloc and sysFree, the check also says whether a G-less
// caller exists (newosproc0 reaching the root, and being referred to from
// the target's assembly or Go code), whether the OS layer needs a G when
// the stat updates that 6ad33be changed (xadd64, xadduintptr,
// mSysStatInc/Dec; sysMemStat.add and atomic Uint64.Add in Go 1.19) are
// left out, and so whether the comment "may be invoked without a valid G"
// overstates it there.
//
// Not seen: calls the compiler inserts (bounds checks, division, write
// barriers, conversions), calls hidden in assembly macros, and other
// G-less contexts than newosproc0 (signal handlers and cgo callbacks on
// threads the runtime did not create).
package gless

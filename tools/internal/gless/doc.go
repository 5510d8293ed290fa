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
// The check is an analysis over the port's call graph (package
// callgraph), which says what is read, how calls are resolved (go/types,
// //go:linkname, closures, systemstack's argument, builtins, intrinsics,
// constant conditions, assembly branches), and the facts the rules use:
// which functions are nosplit (//go:nosplit, NOSPLIT, the assembler's
// leaf rule) and which need a G (a read through getg() not under a nil
// check, //go:systemstack, a g field read in assembly outside a nil check
// of g). A closure is never nosplit. A one-statement function that is not
// nosplit fails, with a hint: the compiler may inline it, and then no
// check runs, but nothing guarantees that.
//
// As cmd/link's stackcheck does, the check decides first and explains
// after: a breadth-first walk from each root through the calls a function
// makes (not dead code, not expansions in place, not what go starts, not
// an assembly call made only when g is not nil) marks what fails; the
// chains and their reasons are written for what fails only.
//
// Notes, not failures: a failure reached only past a call that ends the
// program, or only when runtime/cgo is linked (the graph's Ends and Cgo
// edges).
//   - Ending the program: the overflow message's print before exit(2) in
//     mSysStatInc is one: a missing G there turns "print the message and
//     exit" into a fault, and the program ends either way.
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
// Not seen: what the call graph does not see (calls the compiler inserts,
// calls hidden in assembly macros), and other G-less contexts than
// newosproc0 (signal handlers and cgo callbacks on threads the runtime did
// not create).
//
// For users: docs/gless.md.
package gless

// Package callers answers, per GOOS/GOARCH, where 6ad33be2d9's new exit(2)
// can fire: the ledger of every call that charges or discharges a system
// stat in a tree's runtime, and every caller that reaches a discharge,
// driven.
//
// 6ad33be made mSysStatInc and mSysStatDec (on little-endian) print
// "runtime: stat overflow|underflow: val V, n N" and exit(2) where xadd64
// wrapped silently; sysAlloc, sysFree and sysMap reach them. Upstream found
// one caller that now exits seven months later: mHeap_SysAlloc's 32-bit
// path frees a reservation outside the arena against a fresh zero stat
// (golang/go#13143; 97dc591534 sets the fake stat to the size).
//
// The ledger (ledger.go): the port's call graph (package callgraph:
// package runtime of the tree type-checked for the port with go/types,
// files chosen by go/build's rules, the packages it imports type-checked
// from the tree too) gives the runtime's functions, closures and call
// sites, and every call of the era's stat functions (era.Era's Ledger, in
// the era's file of package era: sysAlloc, sysFree, sysMap, mSysStatInc,
// mSysStatDec in 2015; in Go 1.19 also
// sysUsed, sysUnused, sysFault, sysReserve and (*sysMemStat).add, whose
// amount's sign decides) is listed with its position, enclosing function
// (closures as the compiler names them: f.func1, f.func1.1 inside it),
// stat expression and kind:
//   - global: &X or &X.f... of a package-level variable;
//   - parameter: the enclosing function's parameter (or receiver),
//     followed to every static call of that function, recursively; a
//     function used as a value is listed as not followed there;
//   - local: &x of a local variable;
//   - field: a struct field holding a stat pointer (Go 1.19's
//     pageAlloc.sysStat), followed to every store to it;
//   - other: anything else, not followed.
//
// For a discharge (local.go, verdict.go), a local origin is studied between
// its declaration and the call it is passed to, in source order in its
// function (closures included): its start (go/constant's value, or the
// expression), and every write and every use of its address. A local that
// starts at zero with neither is a violation. One that starts at the very
// amount discharged (the same variable, not written in between) holds.
// Globals are left to the runs.
//
// The runs (drive.go, findings.go): the callers the era's ledger names
// (mHeap_SysAlloc and persistentalloc in 2015; none in Go 1.19), each
// driven by code of this package looked up by name, are extracted from the
// tree with the variants' machinery (variants.Extract: the tree's own
// code, the OS replaced by a script, uintptr as wide as the port's) and
// called from states computed from the port's constants the way mallocinit
// lays out the arena (32-bit; 64-bit; and, on a 64-bit port, the 32-bit
// layout mallocinit falls back to when none of its 0x80 high reservations
// succeeds), with every result of every OS call that exploration reaches:
// the variants' own (nil, an address beside the one asked for, errnos,
// failures) and "far", an address past arena_start+_MaxArena32. The stat
// functions are called through recording wrappers (variants.Profile.
// Record), so a run's trace names each call, its site and its stat cells.
// A run that ends inside mSysStatInc/Dec with exit 2 (Go 1.19: a sys*
// function throwing "sysMemStat overflow") is a finding: the port, the
// site, the state and OS results, the chain of calls, and the bytes
// written to fd 2. Each finding's stat function is then run from the same
// stat and amount through the C model (//cref:variants), the one source
// of truth for messages: the bytes must be the model's, or the port fails.
// A violation in a function that is not driven is run alone: the stat
// function it reaches, from the local's start and the call's amount (a
// constant from go/types, else _PageSize). A discharge that returns with
// its stat larger than before wrapped silently: a wrap (before 6ad33be; on
// big-endian, after it too).
//
// With the tree before the commit (Options.Before), every run is repeated
// there: each finding says what the same scenario does without the series.
//
// The readers (reads.go, derive.go, sums.go, reach.go, readers.go): the
// stats are the variables the ledger's global origins name (memstats.
// heap_sys; gcController.heapInUse and the implicit mappedReady in Go
// 1.19 and later), each a go/types object. A reader is a function that
// reads one: a plain read, a load (s.load(), atomicload64(&s)), an update
// through a 64-bit atomic on its address, or memmove of the struct that
// holds it (2015's readmemstats_m copies memstats into the user's
// MemStats). The values the runtime computes from stats are followed to
// a fixed point (derive.go): a field or package variable assigned from an
// expression that reads a stat's value (not its address, not inside a
// closure), through the function's locals, and the fields memmove gives
// the same offset of a struct of stats (MemStats.Sys from mstats.sys);
// their readers are readers too. Each reader's assumption, per port:
//   - whole: it takes the uint64 for the bytes charged. The stat
//     functions' pointer-sized add (6ad33be's xadduintptr, found in the
//     call graph through live calls, by its name or its linkname) is the
//     whole word on 64-bit ports; on a 32-bit little-endian one its low
//     half, which mSysStatInc/Dec exit before wrapping (holds); on a
//     32-bit big-endian one its high half (broken: n bytes read n<<32).
//   - lock: an update through a function that takes a lock (2015 arm's
//     xadd64, cas64) counts on every writer taking it; the stat functions
//     that reach no lock break it (an update between its read and its
//     write is lost); a load through it holds.
//   - sum: a field whose comment says it is the sum of the fields below
//     ("sum of XxxSys below") is checked in every function that sets it:
//     its straight-line assignments, read as linear forms of variables
//     (sums.go), give the total minus the parts. Where that is not 0, each
//     variable left is judged by the places that charge it: live where the
//     call is not dead code and its function is named somewhere (Go or
//     assembly), with the condition of the if around it. The claim is
//     broken where the commit added such a charge (a function that
//     charges the variable on this port and did not on the tree before
//     it), broken before the commit where every such function did, not
//     known without that tree. Each function that adds it and that the
//     variants' host can run (newosproc0) is run from the variable at 0 on
//     the tree, on the tree before the commit and through the C model,
//     which must agree (readerruns.go).
//   - derived: a value computed from the stats holds what its function
//     read; what that function assumes is its own reader's.
//
// A broken assumption is a FINDING, and makes the port's row a finding.
//
// Predict (predict.go) gives the differential suite's readers check what
// a program that calls newosproc0 itself should read of MemStats.Sys: the
// claim on it, its verdict, and, for each variable the function that sets
// it leaves out of the parts and newosproc0 charges (called from anywhere
// or not), what the C model's newosproc0 adds through it (the tree's code
// on the host must agree); and newosproc0's clone flags, which say where
// qemu-user lets its thread start.
//
// Assumed: a global stat holds what the program charged to it and has not
// discharged; the runs start every global at 1 MiB (the variants'
// ordinary value) and so find an exit on a global only where a run itself
// discharges more than that beyond its own charges. The binary ends at
// 16 MB in the 32-bit layout. Calls a driven function makes that discharge
// nothing (mHeap_MapBits, mHeap_MapSpans, racemapshadow) are stubs that
// record the call.
//
// Not seen, of the readers: readers outside package runtime
// (runtime/pprof's heap profile prints MemStats.Sys; runtime/metrics'
// documented sums are in its own package); a total set in a branch or a
// loop; what a load sees of a stat written by code other than the stat
// functions.
//
// Not seen: callers through function values or assembly; the order of
// events inside loops (a local's writes are taken in source order); the
// driven functions' states beyond the ones listed; and the callers that
// discharge globals only (heapdump, mgc, mheap, stack, trace), which are
// in the ledger but not driven: their balance rests on the assumption
// above.
//
// For users: docs/callers.md.
package callers

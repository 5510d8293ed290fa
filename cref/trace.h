// Scenarios and traces: the common language of the C variant models and the
// Go harness that runs a tree's own mem_*.go against a scripted OS.
//
// A scenario is one line of key=value fields:
//   id=7 profile=6ad33be goos=linux func=sysAlloc arch=386 n=0x1000
//   stat=0x0 script=mmap:e12,clone:-11 mmaperr=errno munmaperr=crash
//   mincoreerr=negerrno defs=_PROT_READ:0x1,_MAP_ANON:0x20,... ...
// (all fields in xr_scenario; numbers decimal or 0x-hex). mmaperr,
// munmaperr, mincoreerr and defs are the port's OS conventions
// (tools/internal/osconv): how its wrappers report a failure (errno,
// negerrno, ones, pair; crash, ignore) and its constants. Its trace is
//   trace id=7
//   call <primitive> <arguments> [-> <result>]      one per OS call
//   cells stat=<8 bytes, memory order> other_sys=... stacks_sys=...
//         [mappedReady=<uint64> bloc=0x..] [global=0xB+0xO perp=0xB+0xO
//         [chunks=0x.. [link=0x..]]]
//   (bloc is plan9's break and js's reserveEnd; chunks is Go 1.19's
//   persistentChunks, link the word its head links to the rest with)
//   outcome return [0x..] | exit <code> | throw "<msg>" | fault "<call>"
//           | unsupported "<why>"
//   stderr "<bytes written to fd 2>"
//   end
#ifndef XADDREF_CREF_TRACE_H
#define XADDREF_CREF_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "os_script.h"

typedef struct {
	char id[24];
	char profile[16];  // 6ad33be or go1.19
	char goos[16];
	char func[24];     // sysAlloc sysFree sysMap persistentalloc newosproc0
	const xr_arch *arch;
	uint64_t n, v, align, fn, fnarg, fresh;
	bool reserved, withp;
	char which[16];  // the sysStat argument: stat (default) or other_sys
	uint64_t stat, other, stacks, bloc, mapped;
	uint64_t pbase, poff;
	char script[600];  // prim:tok,prim:tok,... or -
	char mmaperr[16], munmaperr[16], mincoreerr[16];
	uint64_t blocmax;  // Go 1.19 plan9's blocMax
	char free[400];    // plan9's free list: ADDR+SIZE,... in list order, or -
	char defs[512];  // NAME:VALUE,... or -
} xr_scenario;

// xr_scenario_parse parses one line. On error it returns false and writes
// the reason to msg.
bool xr_scenario_parse(const char *line, xr_scenario *sc, char *msg, size_t msglen);

// xr_trace runs sc's model and appends its trace to out.
void xr_trace(const xr_scenario *sc, xr_text *out);

// xr_trace_error appends the trace of a line that did not parse.
void xr_trace_error(const char *id, const char *msg, xr_text *out);

// xr_trace_cell reads the 8 bytes, in memory order, of the cell name
// ("stat", "other_sys", "stacks_sys") from a trace's cells line; false if
// the trace has none.
bool xr_trace_cell(const char *trace, const char *name, xr_cell *c);

#endif

// libFuzzer target: the variant models (variants.h) through the scenario
// and trace layer (trace.h), on scenarios the fuzzer chooses. It builds a
// scenario line from the input and checks what must hold whatever the
// scenario:
//   - a line built from valid fields parses, and its trace is the same
//     when run twice (no state left from one run to the next);
//   - a trace has its shape: "trace id=", "cells", one "outcome", "stderr",
//     "end";
//   - a second formulation of the stat accounting: for sysAlloc, sysFree
//     and sysMap on the stat cell, Go 1.19's mem.go charges ±n to the
//     whole 64-bit cell first, always (mem.go:49, :100, :140); 6ad33be
//     charges it once or not at all, with xadduintptr's rule on
//     little-endian (the pointer-size word) and xadd64 on big-endian
//     (mstats.go:370, :384); the other cells stay as they were.
// A violation prints the scenario and its trace and aborts: libFuzzer
// saves the input.
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cref/cell.h"
#include "cref/trace.h"
#include "cref/fuzz/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const profiles[] = {"6ad33be", "go1.19"};
static const char *const gooses[] = {"linux",   "darwin",  "freebsd", "dragonfly", "netbsd",
				     "openbsd", "solaris", "nacl",    "plan9",	   "windows",
				     "aix",	"js",	   "illumos", "android",   "ios",
				     "hurd"};
static const char *const funcs[] = {"sysAlloc", "sysFree", "sysMap", "persistentalloc",
				    "newosproc0"};
static const char *const whiches[] = {"stat", "other_sys", "stacks_sys"};
static const char *const prims[] = {"mmap",	      "mincore",      "munmap",	       "VirtualAlloc",
				    "VirtualFree",    "getlasterror", "clone",	       "bsdthread_create",
				    "brk_",	      "mprotect",     "currentMemory", "growMemory",
				    "thr_new"};
// The ports' conventions: each wrapper's way to report a failure, and a
// constant of every name (linux/amd64's values).
static const char *const mmaperrs[] = {"errno", "negerrno", "ones", "pair", ""};
static const char *const munmaperrs[] = {"crash", "ignore", ""};
static const char *const mincoreerrs[] = {"errno", "negerrno", ""};
static const char defs[] = "_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,_MAP_PRIVATE:0x2,"
			   "_MAP_FIXED:0x10,_EAGAIN:0xb,_ENOMEM:0xc,_SIG_SETMASK:0x2,"
			   "_PhysPageSize:0x1000,_PAGESIZE:0x1000";

#define PICK(list, in) list[xr_input_u8(in) % (sizeof list / sizeof list[0])]

static xr_text first, second;

static void fail(const char *why, const char *line, const xr_text *trace) {
	fprintf(stderr, "fuzz_variants: %s\nscenario: %s\ntrace:\n%.*s\n", why, line,
		(int)trace->len, trace->s);
	abort();
}

// The cell charged with ±n the way the profile charges it.
static xr_cell charged(const xr_arch *a, bool go119, uint64_t before, uint64_t n, bool add) {
	xr_cell c = xr_cell_store(a, before);
	if (go119 || a->big_endian) {
		xr_xadd64(a, &c, add ? n : -n);
	} else {
		xr_xadduintptr(a, &c, (add ? n : -n) & xr_uintptr_mask(a));
	}
	return c;
}

static size_t count(const char *s, const char *sub) {
	size_t k = 0;
	for (const char *p = strstr(s, sub); p != NULL; p = strstr(p + 1, sub)) {
		k++;
	}
	return k;
}

// script_of writes a script of up to seven steps drawn from the input
// (flags bits 2-4 say how many) into script, "-" for none.
static void script_of(xr_input *in, uint8_t flags, uint64_t mask, char *script, size_t size) {
	snprintf(script, size, "-");
	size_t len = 0;
	for (unsigned k = 0, steps = flags >> 2 & 7; k < steps; k++) {
		const char *prim = PICK(prims, in);
		uint8_t kind = xr_input_u8(in);
		char tok[32];
		if (kind % 3 == 0) {
			snprintf(tok, sizeof tok, "ok");
		} else if (kind % 3 == 1) {
			snprintf(tok, sizeof tok, "e%u", xr_input_u8(in));
		} else {
			snprintf(tok, sizeof tok, "0x%" PRIx64, xr_input_u64(in) & mask);
		}
		len += (size_t)snprintf(script + len, size - len, "%s%s:%s", k ? "," : "", prim, tok);
	}
}

// A scenario drawn from the input: its line, and what the checks of its
// trace need to know.
typedef struct {
	char line[1536];
	const char *profile, *func, *which;
	const xr_arch *arch;
	uint64_t n, stat, other, stacks;
} drawn;

// draw builds a valid scenario line from the input.
static void draw(xr_input *in, drawn *d) {
	d->profile = PICK(profiles, in);
	const char *goos = PICK(gooses, in);
	d->func = PICK(funcs, in);
	d->which = PICK(whiches, in);
	d->arch = &xr_arches[xr_input_u8(in) % xr_narches];
	uint64_t mask = xr_uintptr_mask(d->arch);
	uint8_t flags = xr_input_u8(in);
	d->n = xr_input_u64(in) & mask;
	uint64_t v = xr_input_u64(in) & mask;
	d->stat = xr_input_u64(in), d->other = xr_input_u64(in), d->stacks = xr_input_u64(in);
	uint64_t fresh = xr_input_u64(in) & mask, align = xr_input_u8(in);
	char script[400];
	script_of(in, flags, mask, script, sizeof script);

	const char *mmaperr = PICK(mmaperrs, in), *munmaperr = PICK(munmaperrs, in);
	const char *mincoreerr = PICK(mincoreerrs, in);
	char conv[400];
	snprintf(conv, sizeof conv, "%s%s%s%s%s%s defs=%s", *mmaperr ? " mmaperr=" : "", mmaperr,
		 *munmaperr ? " munmaperr=" : "", munmaperr, *mincoreerr ? " mincoreerr=" : "",
		 mincoreerr, flags & 0x80 ? "-" : defs);

	snprintf(d->line, sizeof d->line,
		 "id=f profile=%s goos=%s func=%s arch=%s which=%s n=0x%" PRIx64 " v=0x%" PRIx64
		 " stat=0x%" PRIx64 " other=0x%" PRIx64 " stacks=0x%" PRIx64 " fresh=0x%" PRIx64
		 " align=%" PRIu64 " reserved=%d withp=%d script=%s%s",
		 d->profile, goos, d->func, d->arch->name, d->which, d->n, v, d->stat, d->other,
		 d->stacks, fresh, align, flags & 1, flags >> 1 & 1, script, conv);
}

// check_shape checks that the trace has its shape.
static void check_shape(const drawn *d, const xr_text *trace) {
	const char *t = trace->s;
	if (trace->len != strlen(t) || strncmp(t, "trace id=f\n", 11) != 0 ||
	    count(t, "\ncells ") != 1 || count(t, "\noutcome ") != 1 ||
	    count(t, "\nstderr ") != 1 || trace->len < 5 || strcmp(t + trace->len - 5, "\nend\n") != 0) {
		fail("the trace has not its shape", d->line, trace);
	}
}

// check_charge checks the stat accounting of sysAlloc, sysFree and sysMap
// on the stat cell against the second formulation (charged).
static void check_charge(const drawn *d, const xr_text *trace) {
	if (strcmp(d->which, "stat") != 0 || strcmp(d->func, "persistentalloc") == 0 ||
	    strcmp(d->func, "newosproc0") == 0) {
		return;
	}
	bool go119 = strcmp(d->profile, "go1.19") == 0;
	bool add = strcmp(d->func, "sysFree") != 0;
	xr_cell got, other_got, stacks_got;
	if (!xr_trace_cell(trace->s, "stat", &got) || !xr_trace_cell(trace->s, "other_sys", &other_got) ||
	    !xr_trace_cell(trace->s, "stacks_sys", &stacks_got)) {
		fail("the trace has no cells", d->line, trace);
	}
	const xr_arch *a = d->arch;
	xr_cell before = xr_cell_store(a, d->stat), ch = charged(a, go119, d->stat, d->n, add);
	xr_cell o = xr_cell_store(a, d->other), s = xr_cell_store(a, d->stacks);
	bool once = memcmp(got.b, ch.b, 8) == 0, none = memcmp(got.b, before.b, 8) == 0;
	if (go119 ? !once : !once && !none) {
		fail(go119 ? "Go 1.19 did not charge the stat cell with n first"
			   : "6ad33be changed the stat cell other than by one charge of n",
		     d->line, trace);
	}
	if (memcmp(other_got.b, o.b, 8) != 0 || memcmp(stacks_got.b, s.b, 8) != 0) {
		fail("a cell other than the stat changed", d->line, trace);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	xr_input in = {data, size};
	static drawn d;
	draw(&in, &d);
	xr_scenario sc;
	char msg[160];
	first.len = second.len = 0;
	first.s[0] = second.s[0] = '\0';
	if (!xr_scenario_parse(d.line, &sc, msg, sizeof msg)) {
		xr_text_printf(&first, "%s", msg);
		fail("a valid scenario line does not parse", d.line, &first);
	}
	xr_trace(&sc, &first);
	xr_trace(&sc, &second);
	if (first.len != second.len || memcmp(first.s, second.s, first.len) != 0) {
		fail("the same scenario traced twice differs", d.line, &second);
	}
	check_shape(&d, &first);
	if (strstr(first.s, "\noutcome unsupported") != NULL || strstr(first.s, "\noutcome error") != NULL) {
		return 0;
	}
	check_charge(&d, &first);
	return 0;
}

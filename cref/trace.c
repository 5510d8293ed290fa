#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "variants.h"

// ---- Parsing ----

static bool parse_num(const char *s, uint64_t *out) {
	return xr_parse_u64(s, true, out);
}

static bool copy_str(char *dst, size_t cap, const char *src) {
	if (strlen(src) >= cap) {
		return false;
	}
	strcpy(dst, src);
	return true;
}

// set_field sets the scenario's field k to val. It returns 1 when set, 0
// for a bad value and -1 for an unknown field. ptrsize and be (-1 when
// absent) are checked against the arch once the line is read.
static int set_field(xr_scenario *sc, const char *k, const char *val, long *ptrsize, long *be) {
	const struct {
		const char *key;
		char *dst;
		size_t cap;
	} strs[] = {
		{"id", sc->id, sizeof sc->id},
		{"profile", sc->profile, sizeof sc->profile},
		{"goos", sc->goos, sizeof sc->goos},
		{"func", sc->func, sizeof sc->func},
		{"which", sc->which, sizeof sc->which},
		{"script", sc->script, sizeof sc->script},
		{"mmaperr", sc->mmaperr, sizeof sc->mmaperr},
		{"munmaperr", sc->munmaperr, sizeof sc->munmaperr},
		{"mincoreerr", sc->mincoreerr, sizeof sc->mincoreerr},
		{"defs", sc->defs, sizeof sc->defs},
		{"free", sc->free, sizeof sc->free},
	};
	const struct {
		const char *key;
		uint64_t *dst;
	} nums[] = {
		{"n", &sc->n},	       {"v", &sc->v},	       {"align", &sc->align},
		{"fn", &sc->fn},       {"fnarg", &sc->fnarg},  {"fresh", &sc->fresh},
		{"stat", &sc->stat},   {"other", &sc->other},  {"stacks", &sc->stacks},
		{"bloc", &sc->bloc},   {"pbase", &sc->pbase},  {"poff", &sc->poff},
		{"mapped", &sc->mapped}, {"blocmax", &sc->blocmax},
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (strcmp(k, strs[i].key) == 0) {
			return copy_str(strs[i].dst, strs[i].cap, val);
		}
	}
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		if (strcmp(k, nums[i].key) == 0) {
			return parse_num(val, nums[i].dst);
		}
	}
	uint64_t num = 0;
	if (strcmp(k, "arch") == 0) {
		sc->arch = xr_arch_lookup(val);
		return sc->arch != NULL;
	}
	if (strcmp(k, "reserved") == 0 || strcmp(k, "withp") == 0) {
		bool ok = parse_num(val, &num) && num <= 1;
		*(strcmp(k, "reserved") == 0 ? &sc->reserved : &sc->withp) = num == 1;
		return ok;
	}
	if (strcmp(k, "ptrsize") == 0 || strcmp(k, "be") == 0) {
		bool ok = parse_num(val, &num) && num <= 8;
		*(strcmp(k, "ptrsize") == 0 ? ptrsize : be) = (long)num;
		return ok;
	}
	return -1;
}

// check_scenario checks what a whole line must give: the fields every
// scenario needs, ptrsize and be that agree with the arch, and values that
// fit its uintptr.
static bool check_scenario(const xr_scenario *sc, long ptrsize, long be, char *msg, size_t msglen) {
	if (sc->arch == NULL || sc->profile[0] == '\0' || sc->goos[0] == '\0' ||
	    sc->func[0] == '\0') {
		snprintf(msg, msglen, "a scenario needs arch, profile, goos and func");
		return false;
	}
	if ((ptrsize >= 0 && (unsigned long)ptrsize != sc->arch->ptrsize) ||
	    (be >= 0 && (be == 1) != sc->arch->big_endian)) {
		snprintf(msg, msglen, "ptrsize/be disagree with arch %s", sc->arch->name);
		return false;
	}
	uint64_t mask = xr_uintptr_mask(sc->arch);
	const uint64_t words[] = {sc->n, sc->v, sc->align, sc->fn, sc->fnarg, sc->fresh,
				  sc->bloc, sc->blocmax, sc->pbase, sc->poff};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (words[i] > mask) {
			snprintf(msg, msglen, "a value does not fit a %u-byte uintptr",
				 sc->arch->ptrsize);
			return false;
		}
	}
	return true;
}

bool xr_scenario_parse(const char *line, xr_scenario *sc, char *msg, size_t msglen) {
	memset(sc, 0, sizeof *sc);
	strcpy(sc->which, "stat");
	strcpy(sc->script, "-");
	strcpy(sc->defs, "-");
	strcpy(sc->free, "-");
	char buf[2048];
	if (!copy_str(buf, sizeof buf, line)) {
		snprintf(msg, msglen, "line too long");
		return false;
	}
	long ptrsize = -1, be = -1;
	for (char *save = NULL, *f = strtok_r(buf, " \t\r\n", &save); f != NULL;
	     f = strtok_r(NULL, " \t\r\n", &save)) {
		char *eq = strchr(f, '=');
		if (eq == NULL) {
			snprintf(msg, msglen, "field %.40s has no '='", f);
			return false;
		}
		*eq = '\0';
		switch (set_field(sc, f, eq + 1, &ptrsize, &be)) {
		case -1:
			snprintf(msg, msglen, "unknown field %.40s", f);
			return false;
		case 0:
			snprintf(msg, msglen, "bad value for %.20s: %.60s", f, eq + 1);
			return false;
		}
	}
	return check_scenario(sc, ptrsize, be, msg, msglen);
}

// ---- Running ----

typedef struct {
	const xr_scenario *sc;
	const xr_mem_6ad33be *m6;
	const xr_mem_go119 *m19;
	bool returns;  // the function returns a pointer
	uint64_t ret;
	const char *unsupported;
} run;

static const struct {
	const char *goos;
	const xr_mem_6ad33be *m6;
	const xr_mem_go119 *m19;
} variants[] = {
	{"dragonfly", &xr_mem_bsd_6ad33be, &xr_mem_bsd_go119},
	{"freebsd", &xr_mem_bsd_6ad33be, &xr_mem_bsd_go119},
	{"nacl", &xr_mem_bsd_6ad33be, NULL},
	{"netbsd", &xr_mem_bsd_6ad33be, &xr_mem_bsd_go119},
	{"openbsd", &xr_mem_bsd_6ad33be, &xr_mem_bsd_go119},
	{"solaris", &xr_mem_bsd_6ad33be, &xr_mem_bsd_go119},
	{"darwin", &xr_mem_darwin_6ad33be, &xr_mem_darwin_go119},
	{"linux", &xr_mem_linux_6ad33be, &xr_mem_linux_go119},
	{"plan9", &xr_mem_plan9_6ad33be, &xr_mem_plan9_go119},
	{"windows", &xr_mem_windows_6ad33be, &xr_mem_windows_go119},
	// Ports that build another's mem_<os>.go (go/build): android linux's,
	// ios darwin's, illumos mem_bsd.go through its solaris tag.
	{"android", &xr_mem_linux_6ad33be, &xr_mem_linux_go119},
	{"ios", NULL, &xr_mem_darwin_go119},
	{"illumos", NULL, &xr_mem_bsd_go119},
	{"aix", NULL, &xr_mem_aix_go119},
	{"js", NULL, &xr_mem_js_go119},
};

static xr_cell *stat_arg(xr_os *os, const char *which) {
	if (strcmp(which, "other_sys") == 0) {
		return &os->other_sys;
	}
	if (strcmp(which, "stacks_sys") == 0) {
		return &os->stacks_sys;
	}
	return &os->stat;
}

static bool is(const char *a, const char *b) {
	return strcmp(a, b) == 0;
}

static void body(xr_os *os, void *arg) {
	run *r = arg;
	const xr_scenario *sc = r->sc;
	xr_cell *sysStat = stat_arg(os, sc->which);
	const char *f = sc->func;
	if (r->m6 != NULL) {  // 6ad33be
		if (is(f, "sysAlloc")) {
			r->returns = true;
			r->ret = r->m6->sysalloc(os, sc->n, sysStat);
		} else if (is(f, "sysFree")) {
			r->m6->sysfree(os, sc->v, sc->n, sysStat);
		} else if (is(f, "sysMap")) {
			r->m6->sysmap(os, sc->v, sc->n, sc->reserved, sysStat);
		} else if (is(f, "persistentalloc")) {
			r->returns = true;
			r->ret = xr_persistentalloc(os, r->m6, sc->n, sc->align, sysStat);
		} else if (is(f, "newosproc0") && (is(sc->goos, "linux") || is(sc->goos, "android"))) {
			xr_linux_newosproc0(os, r->m6, sc->n, sc->fn);
		} else if (is(f, "newosproc0") && is(sc->goos, "darwin")) {
			xr_darwin_newosproc0(os, r->m6, sc->n, sc->fn, sc->fnarg);
		} else {
			r->unsupported = "no 6ad33be model of this function on this GOOS";
		}
		return;
	}
	if (is(f, "sysAlloc")) {
		r->returns = true;
		r->ret = xr_go119_sysalloc(os, r->m19, sc->n, sysStat);
	} else if (is(f, "sysFree")) {
		xr_go119_sysfree(os, r->m19, sc->v, sc->n, sysStat);
	} else if (is(f, "sysMap")) {
		xr_go119_sysmap(os, r->m19, sc->v, sc->n, sysStat);
	} else if (is(f, "persistentalloc")) {
		r->returns = true;
		r->ret = xr_go119_persistentalloc(os, r->m19, sc->n, sc->align, sysStat);
	} else if (is(f, "newosproc0") && (is(sc->goos, "linux") || is(sc->goos, "android"))) {
		xr_go119_linux_newosproc0(os, r->m19, sc->n, sc->fn);
	} else if (is(f, "newosproc0") && is(sc->goos, "freebsd")) {
		xr_go119_freebsd_newosproc0(os, r->m19, sc->n, sc->fn);
	} else {
		r->unsupported = "no Go 1.19 model of this function on this GOOS";
	}
}

static void cell_hex(xr_text *out, const char *name, const xr_cell *c) {
	xr_text_printf(out, " %s=", name);
	for (int i = 0; i < 8; i++) {
		xr_text_printf(out, "%02x", c->b[i]);
	}
}

void xr_trace_error(const char *id, const char *msg, xr_text *out) {
	xr_text_printf(out, "trace id=%s\noutcome error ", id);
	xr_text_quote(out, msg, strlen(msg));
	xr_text_printf(out, "\nend\n");
}

// cells_line appends the trace's cells line: the three stat cells, and
// the globals of the scenario's function and GOOS.
static void cells_line(const xr_scenario *sc, const xr_os *os, bool go119, xr_text *out) {
	xr_text_printf(out, "cells");
	cell_hex(out, "stat", &os->stat);
	cell_hex(out, "other_sys", &os->other_sys);
	cell_hex(out, "stacks_sys", &os->stacks_sys);
	if (go119) {
		xr_text_printf(out, " mappedReady=%llu bloc=0x%llx", (unsigned long long)os->mapped_ready,
			       (unsigned long long)os->bloc);
	}
	if (is(sc->func, "persistentalloc")) {
		xr_text_printf(out, " global=0x%llx+0x%llx perp=0x%llx+0x%llx",
			       (unsigned long long)os->global.base, (unsigned long long)os->global.off,
			       (unsigned long long)os->perp.base, (unsigned long long)os->perp.off);
		if (go119) {
			xr_text_printf(out, " chunks=0x%llx", (unsigned long long)os->chunks);
			if (os->chunks != 0) {
				xr_text_printf(out, " link=0x%llx", (unsigned long long)os->chunk_link);
			}
		}
	}
	if (is(sc->goos, "plan9")) {
		if (go119) {
			xr_text_printf(out, " blocmax=0x%llx", (unsigned long long)os->blocmax);
		} else {
			xr_text_printf(out, " bloc=0x%llx", (unsigned long long)os->bloc);
		}
		xr_text_printf(out, " free=");
		for (size_t i = 0; i < os->nfree; i++) {
			xr_text_printf(out, "%s0x%llx+0x%llx", i ? "," : "", (unsigned long long)os->free[i].addr,
				       (unsigned long long)os->free[i].size);
		}
		if (os->nfree == 0) {
			xr_text_printf(out, "-");
		}
	}
	xr_text_printf(out, "\n");
}

// outcome_line appends the trace's outcome line: how the run ended.
static void outcome_line(const run *r, const xr_os *os, xr_text *out) {
	xr_text_printf(out, "outcome ");
	if (r->unsupported != NULL) {
		xr_text_printf(out, "unsupported ");
		xr_text_quote(out, r->unsupported, strlen(r->unsupported));
	} else if (os->stopped == XR_EXITED) {
		xr_text_printf(out, "exit %d", os->exit_code);
	} else if (os->stopped == XR_THREW) {
		xr_text_printf(out, "throw ");
		xr_text_quote(out, os->throw_msg, strlen(os->throw_msg));
	} else if (os->stopped == XR_FAULTED) {
		xr_text_printf(out, "fault ");
		xr_text_quote(out, os->throw_msg, strlen(os->throw_msg));
	} else if (r->returns) {
		xr_text_printf(out, "return 0x%llx", (unsigned long long)r->ret);
	} else {
		xr_text_printf(out, "return");
	}
	xr_text_printf(out, "\n");
}

// setup_os resets os for sc: its architecture, era and GOOS, the runtime's
// globals as the scenario gives them, then its script, free list and
// conventions. It returns NULL, or what in sc is malformed.
static const char *setup_os(xr_os *os, const xr_scenario *sc, bool go119) {
	xr_os_init(os, sc->arch, go119 ? XR_PRINT_GO119 : XR_PRINT_2015, sc->goos);
	os->fresh = sc->fresh;
	os->stat = xr_cell_store(sc->arch, sc->stat);
	os->other_sys = xr_cell_store(sc->arch, sc->other);
	os->stacks_sys = xr_cell_store(sc->arch, sc->stacks);
	os->mapped_ready = sc->mapped;
	os->bloc = sc->bloc;
	os->blocmax = sc->blocmax;
	os->has_p = sc->withp;
	os->global = (xr_palloc){sc->pbase, sc->poff};
	os->perp = (xr_palloc){sc->pbase, sc->poff};
	if (!xr_os_script_list(os, sc->script)) {
		return "malformed script";
	}
	if (!xr_os_free(os, sc->free)) {
		return "malformed free list";
	}
	if (!xr_os_conventions(os, sc->mmaperr, sc->munmaperr, sc->mincoreerr, sc->defs)) {
		return "malformed conventions";
	}
	return NULL;
}

void xr_trace(const xr_scenario *sc, xr_text *out) {
	static xr_os os;  // large: keep it off the stack
	bool go119 = is(sc->profile, "go1.19");
	if (!go119 && !is(sc->profile, "6ad33be")) {
		xr_trace_error(sc->id, "unknown profile", out);
		return;
	}
	run r = {sc, NULL, NULL, false, 0, NULL};
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		if (is(variants[i].goos, sc->goos)) {
			r.m6 = go119 ? NULL : variants[i].m6;
			r.m19 = go119 ? variants[i].m19 : NULL;
		}
	}
	const char *malformed = setup_os(&os, sc, go119);
	if (malformed != NULL) {
		xr_trace_error(sc->id, malformed, out);
		return;
	}
	if (r.m6 == NULL && r.m19 == NULL) {
		r.unsupported = "no model of this GOOS in this profile";
	} else {
		xr_os_run(&os, body, &r);
	}
	xr_text_printf(out, "trace id=%s\n%.*s", sc->id, (int)os.calls.len, os.calls.s);
	cells_line(sc, &os, go119, out);
	outcome_line(&r, &os, out);
	xr_text_printf(out, "stderr ");
	xr_text_quote(out, os.err.s, os.err.len);
	xr_text_printf(out, "\nend\n");
}

bool xr_trace_cell(const char *trace, const char *name, xr_cell *c) {
	char key[32];
	snprintf(key, sizeof key, " %s=", name);
	const char *cells = strstr(trace, "\ncells ");
	const char *p = cells == NULL ? NULL : strstr(cells, key);
	if (p == NULL) {
		return false;
	}
	p += strlen(key);
	for (int i = 0; i < 8; i++) {
		unsigned b;
		if (sscanf(p + 2 * i, "%2x", &b) != 1) {
			return false;
		}
		c->b[i] = (uint8_t)b;
	}
	return true;
}

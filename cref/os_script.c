#include "os_script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

void xr_os_init(xr_os *os, const xr_arch *a, xr_print_era era, const char *goos) {
	memset(os, 0, sizeof *os);
	os->arch = a;
	os->era = era;
	os->goos = goos;
}

uint64_t xr_os_uintptr(const xr_os *os, uint64_t v) {
	return v & xr_uintptr_mask(os->arch);
}

void xr_text_printf(xr_text *t, const char *fmt, ...) {
	size_t room = sizeof t->s - t->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->s + t->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	t->len += (size_t)n < room ? (size_t)n : room - 1;
}

// The trace's quoting: \\ \" \n \t, other bytes outside 0x20..0x7e as \xNN.
void xr_text_quote(xr_text *t, const char *s, size_t n) {
	xr_text_printf(t, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\\':
			xr_text_printf(t, "\\\\");
			break;
		case '"':
			xr_text_printf(t, "\\\"");
			break;
		case '\n':
			xr_text_printf(t, "\\n");
			break;
		case '\t':
			xr_text_printf(t, "\\t");
			break;
		default:
			if (c < 0x20 || c > 0x7e) {
				xr_text_printf(t, "\\x%02x", c);
			} else {
				xr_text_printf(t, "%c", c);
			}
		}
	}
	xr_text_printf(t, "\"");
}

// each_item calls item(os, name, value) for every NAME<sep>VALUE item of a
// scenario's comma-separated list ("-" or "" for none): its script, its
// defs and its free list. It returns false if an item lacks sep, the list
// is too long or item refuses one.
static bool each_item(xr_os *os, const char *list, char sep,
		      bool (*item)(xr_os *os, const char *name, const char *value)) {
	if (strcmp(list, "-") == 0 || list[0] == '\0') {
		return true;
	}
	char buf[1024];
	if (strlen(list) >= sizeof buf) {
		return false;
	}
	strcpy(buf, list);
	for (char *save = NULL, *it = strtok_r(buf, ",", &save); it != NULL;
	     it = strtok_r(NULL, ",", &save)) {
		char *at = strchr(it, sep);
		if (at == NULL) {
			return false;
		}
		*at = '\0';
		if (!item(os, it, at + 1)) {
			return false;
		}
	}
	return true;
}

bool xr_os_script(xr_os *os, const char *prim, const char *tok) {
	if (os->nsteps == XR_OS_MAXSTEPS || strlen(prim) >= sizeof os->steps[0].prim) {
		return false;
	}
	xr_step *s = &os->steps[os->nsteps];
	s->ok = strcmp(tok, "ok") == 0;
	// "eN" is errno N; any other token a value, signed, decimal or 0x-hex.
	s->err = !s->ok && tok[0] == 'e';
	if (!s->ok && !xr_parse_u64(tok + (s->err ? 1 : 0), !s->err, &s->val)) {
		return false;
	}
	strcpy(s->prim, prim);
	s->used = false;
	os->nsteps++;
	return true;
}

bool xr_os_script_list(xr_os *os, const char *list) {
	return each_item(os, list, ':', xr_os_script);
}

// next takes prim's next scripted result; false means "none left, or ok:
// succeed".
static bool next(xr_os *os, const char *prim, bool *err, uint64_t *val) {
	for (size_t i = 0; i < os->nsteps; i++) {
		xr_step *s = &os->steps[i];
		if (!s->used && strcmp(s->prim, prim) == 0) {
			s->used = true;
			*err = s->err;
			*val = s->val;
			return !s->ok;
		}
	}
	return false;
}

void xr_os_run(xr_os *os, void (*body)(xr_os *, void *), void *arg) {
	jmp_buf jb;
	os->stop = &jb;
	if (setjmp(jb) == 0) {
		body(os, arg);
	}
	os->stop = NULL;
}

// An address result: the scripted address or errno, else the hint, else the
// scenario's fresh address. Sets *err for an errno.
static uint64_t addr_result(xr_os *os, const char *prim, uint64_t hint, int64_t *err) {
	bool e;
	uint64_t v;
	*err = 0;
	if (!next(os, prim, &e, &v)) {
		return hint != 0 ? hint : os->fresh;
	}
	if (e) {
		*err = (int64_t)(v & 0x7fffffff);
		return 0;
	}
	return xr_os_uintptr(os, v);
}

static void addr_tok(xr_os *os, uint64_t p, int64_t err) {
	if (err != 0) {
		xr_text_printf(&os->calls, " -> e%lld\n", (long long)err);
	} else {
		xr_text_printf(&os->calls, " -> 0x%llx\n", (unsigned long long)p);
	}
}

uint64_t xr_os_mmap(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
		    int32_t flags, int32_t fd, uint32_t off, int64_t *err) {
	xr_text_printf(&os->calls, "call %s v=0x%llx n=0x%llx prot=0x%x flags=0x%x fd=%d off=%u",
		       prim, (unsigned long long)v, (unsigned long long)n, (unsigned)prot,
		       (unsigned)flags, (int)fd, (unsigned)off);
	uint64_t p = addr_result(os, prim, v, err);
	addr_tok(os, p, *err);
	return p;
}

// encode is errno as a wrapper of convention c hands it to the runtime, in
// a value of the architecture's uintptr width.
static uint64_t encode(xr_os *os, xr_errconv c, const char *what, int64_t err) {
	switch (c) {
	case XR_ERR_ERRNO:
		return xr_os_uintptr(os, (uint64_t)err);
	case XR_ERR_NEG:
		return xr_os_uintptr(os, -(uint64_t)err);
	case XR_ERR_ONES:
		return xr_os_uintptr(os, ~0ULL);
	default:
		break;
	}
	char msg[80];
	snprintf(msg, sizeof msg, "xaddref model: the scenario gives no %s convention", what);
	xr_os_throw(os, msg);
}

uint64_t xr_os_mmap2015(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
			int32_t flags, int32_t fd, uint32_t off) {
	int64_t err;
	uint64_t p = xr_os_mmap(os, prim, v, n, prot, flags, fd, off, &err);
	// The 2015 system call wrappers return the failure in place of the
	// address, each port's its own way.
	return err != 0 ? encode(os, os->mmap_err, "mmap failure", err) : p;
}

void xr_os_munmap(xr_os *os, uint64_t v, uint64_t n) {
	bool e;
	uint64_t val;
	xr_text_printf(&os->calls, "call munmap v=0x%llx n=0x%llx", (unsigned long long)v,
		       (unsigned long long)n);
	if (!next(os, "munmap", &e, &val) || !e) {
		xr_text_printf(&os->calls, " -> 0\n");
		return;
	}
	xr_text_printf(&os->calls, " -> e%llu\n", (unsigned long long)(val & 0x7fffffff));
	if (!os->munmap_set) {
		xr_os_throw(os, "xaddref model: the scenario gives no munmap failure convention");
	}
	if (os->munmap_crashes) {
		xr_os_fault(os, "munmap");
	}
}

int32_t xr_os_mincore(xr_os *os, uint64_t v, uint64_t n) {
	bool e;
	uint64_t val;
	xr_text_printf(&os->calls, "call mincore v=0x%llx n=0x%llx", (unsigned long long)v,
		       (unsigned long long)n);
	if (!next(os, "mincore", &e, &val) || !e) {
		xr_text_printf(&os->calls, " -> 0\n");
		return 0;
	}
	int64_t err = (int64_t)(val & 0x7fffffff);
	xr_text_printf(&os->calls, " -> e%lld\n", (long long)err);
	// The wrapper stores the register's low 32 bits (MOVW R0, ret).
	return (int32_t)(uint32_t)encode(os, os->mincore_err, "mincore failure", err);
}

static bool errconv(const char *s, xr_errconv *c) {
	static const struct {
		const char *name;
		xr_errconv c;
	} names[] = {{"", XR_ERR_UNSET},
		     {"errno", XR_ERR_ERRNO},
		     {"negerrno", XR_ERR_NEG},
		     {"ones", XR_ERR_ONES},
		     {"pair", XR_ERR_PAIR}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*c = names[i].c;
			return true;
		}
	}
	return false;
}

// add_def adds the constant NAME:VALUE of a scenario's defs.
static bool add_def(xr_os *os, const char *name, const char *value) {
	if (os->ndefs == XR_OS_MAXDEFS || strlen(name) >= sizeof os->defs[0].name) {
		return false;
	}
	xr_def *def = &os->defs[os->ndefs];
	if (!xr_parse_u64(value, true, &def->val)) {
		return false;
	}
	strcpy(def->name, name);
	os->ndefs++;
	return true;
}

bool xr_os_conventions(xr_os *os, const char *mmaperr, const char *munmaperr,
		       const char *mincoreerr, const char *defs) {
	if (!errconv(mmaperr, &os->mmap_err) || !errconv(mincoreerr, &os->mincore_err)) {
		return false;
	}
	os->munmap_set = munmaperr[0] != '\0';
	os->munmap_crashes = strcmp(munmaperr, "crash") == 0;
	if (os->munmap_set && !os->munmap_crashes && strcmp(munmaperr, "ignore") != 0) {
		return false;
	}
	os->ndefs = 0;
	return each_item(os, defs, ':', add_def);
}

uint64_t xr_os_const(xr_os *os, const char *name) {
	for (size_t i = 0; i < os->ndefs; i++) {
		if (strcmp(os->defs[i].name, name) == 0) {
			return os->defs[i].val;
		}
	}
	char msg[96];
	snprintf(msg, sizeof msg, "xaddref model: the scenario gives no %s for GOOS %s", name, os->goos);
	xr_os_throw(os, msg);
}

uint64_t xr_os_virtualalloc(xr_os *os, uint64_t addr, uint64_t size, uint64_t type,
			    uint64_t protect) {
	xr_text_printf(&os->calls, "call VirtualAlloc addr=0x%llx size=0x%llx type=0x%llx protect=0x%llx",
		       (unsigned long long)addr, (unsigned long long)size,
		       (unsigned long long)type, (unsigned long long)protect);
	int64_t err;
	uint64_t p = addr_result(os, "VirtualAlloc", addr, &err);
	// VirtualAlloc has no errno in its result: an errno step is a NULL.
	if (err != 0) {
		p = 0;
	}
	addr_tok(os, p, 0);
	return p;
}

uint64_t xr_os_scripted_int(xr_os *os, const char *prim, uint64_t def) {
	bool e;
	uint64_t v;
	if (!next(os, prim, &e, &v)) {
		return def;
	}
	return e ? -v : v;
}

uint64_t xr_os_virtualfree(xr_os *os, uint64_t addr, uint64_t size, uint64_t type) {
	uint64_t r = xr_os_uintptr(os, xr_os_scripted_int(os, "VirtualFree", 1));
	xr_text_printf(&os->calls, "call VirtualFree addr=0x%llx size=0x%llx type=0x%llx -> 0x%llx\n",
		       (unsigned long long)addr, (unsigned long long)size,
		       (unsigned long long)type, (unsigned long long)r);
	return r;
}

uint32_t xr_os_getlasterror(xr_os *os) {
	uint32_t r = (uint32_t)xr_os_scripted_int(os, "getlasterror", 0);
	xr_text_printf(&os->calls, "call getlasterror -> %u\n", (unsigned)r);
	return r;
}

int32_t xr_os_brk(xr_os *os, uint64_t addr) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "brk_", 0);
	xr_text_printf(&os->calls, "call brk_ addr=0x%llx -> %d\n", (unsigned long long)addr, (int)r);
	return r;
}

void xr_os_memclr(xr_os *os, uint64_t v, uint64_t n, bool record) {
	if (record) {
		xr_text_printf(&os->calls, "call memclr v=0x%llx n=0x%llx\n", (unsigned long long)v,
			       (unsigned long long)n);
	}
	// [v, v+n) within the window, without wrapping.
	if (n > 0 && (v < XR_WINDOW_LO || n > XR_WINDOW_SIZE || v - XR_WINDOW_LO > XR_WINDOW_SIZE - n)) {
		xr_os_fault(os, "memclr");
	}
}

// add_block adds the block ADDR+SIZE of a scenario's free list.
static bool add_block(xr_os *os, const char *addr, const char *size) {
	if (os->nfree == XR_OS_MAXFREE) {
		return false;
	}
	xr_block *k = &os->free[os->nfree];
	if (!xr_parse_u64(addr, true, &k->addr) || !xr_parse_u64(size, true, &k->size) ||
	    xr_os_uintptr(os, k->addr) != k->addr || xr_os_uintptr(os, k->size) != k->size) {
		return false;
	}
	os->nfree++;
	return true;
}

bool xr_os_free(xr_os *os, const char *list) {
	os->nfree = 0;
	return each_item(os, list, '+', add_block);
}

void xr_os_lock(xr_os *os, const char *name) {
	xr_text_printf(&os->calls, "call lock %s\n", name);
}

void xr_os_unlock(xr_os *os, const char *name) {
	xr_text_printf(&os->calls, "call unlock %s\n", name);
}

int32_t xr_os_clone(xr_os *os, int32_t flags, uint64_t stk, uint64_t mp, uint64_t gp,
		    uint64_t fn) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "clone", 1);
	xr_text_printf(&os->calls, "call clone flags=0x%x stk=0x%llx mp=0x%llx gp=0x%llx fn=0x%llx -> %d\n",
		       (unsigned)flags, (unsigned long long)stk, (unsigned long long)mp,
		       (unsigned long long)gp, (unsigned long long)fn, (int)r);
	return r;
}

int32_t xr_os_bsdthread_create(xr_os *os, uint64_t stk, uint64_t arg, uint64_t fn) {
	int32_t r = (int32_t)(uint32_t)xr_os_scripted_int(os, "bsdthread_create", 0);
	xr_text_printf(&os->calls, "call bsdthread_create stk=0x%llx arg=0x%llx fn=0x%llx -> %d\n",
		       (unsigned long long)stk, (unsigned long long)arg,
		       (unsigned long long)fn, (int)r);
	return r;
}

void xr_os_sigprocmask(xr_os *os, uint32_t how, const uint32_t *new_, uint32_t *old) {
	xr_os_sigprocmask_words(os, how, new_, old, 1);
}

void xr_os_sigprocmask_words(xr_os *os, uint32_t how, const uint32_t *new_, uint32_t *old,
			     size_t n) {
	if (n < 1 || n > sizeof os->sigmask / sizeof os->sigmask[0]) {
		xr_os_throw(os, "xaddref model: a signal mask of an unmodelled size");
	}
	xr_text_printf(&os->calls, "call sigprocmask how=%u new=", (unsigned)how);
	if (new_ != NULL) {
		for (size_t i = 0; i < n; i++) {
			xr_text_printf(&os->calls, "%s0x%x", i > 0 ? ":" : "", (unsigned)new_[i]);
		}
	} else {
		xr_text_printf(&os->calls, "nil");
	}
	xr_text_printf(&os->calls, " old=%s\n", old != NULL ? "set" : "nil");
	uint32_t prev[4];
	memcpy(prev, os->sigmask, sizeof prev);
	if (new_ != NULL) {
		memcpy(os->sigmask, new_, n * sizeof new_[0]);  // SIG_SETMASK
	}
	if (old != NULL) {
		memcpy(old, prev, n * sizeof old[0]);
	}
}

void xr_os_write(xr_os *os, int64_t fd, const char *p, int32_t n) {
	size_t len = n > 0 ? (size_t)n : 0;
	xr_text_printf(&os->calls, "call write fd=%lld ", (long long)fd);
	xr_text_quote(&os->calls, p, len);
	xr_text_printf(&os->calls, "\n");
	if (fd == 2) {
		xr_text_printf(&os->err, "%.*s", (int)len, p);
	}
}

void xr_os_print_string(xr_os *os, const char *s) {
	xr_text_printf(&os->err, "%s", s);
}

void xr_os_print_uintptr(xr_os *os, uint64_t v) {
	xr_buf b = {{0}, 0};
	xr_print_uintptr(&b, os->era, os->arch, v);
	xr_os_print_string(os, b.s);
}

// runtime/print.go printpointer -> printhex: "0x" and lower-case digits.
void xr_os_print_pointer(xr_os *os, uint64_t v) {
	xr_text_printf(&os->err, "0x%llx", (unsigned long long)xr_os_uintptr(os, v));
}

void xr_os_print_int(xr_os *os, int64_t v) {
	xr_buf b = {{0}, 0};
	xr_print_int(&b, v);
	xr_os_print_string(os, b.s);
}

void xr_os_print_uint(xr_os *os, uint64_t v) {
	xr_buf b = {{0}, 0};
	xr_print_uint(&b, v);
	xr_os_print_string(os, b.s);
}

// stop ends the modelled function the way exit, throw and a fault end
// the runtime: what returns to xr_os_run.
static _Noreturn void stop(xr_os *os, xr_stop how) {
	os->stopped = how;
	if (os->stop == NULL) {
		abort();  // a model called outside xr_os_run
	}
	longjmp(*os->stop, 1);
}

_Noreturn void xr_os_exit(xr_os *os, int code) {
	os->exit_code = code;
	stop(os, XR_EXITED);
}

_Noreturn void xr_os_fault(xr_os *os, const char *call) {
	snprintf(os->throw_msg, sizeof os->throw_msg, "%s", call);
	stop(os, XR_FAULTED);
}

_Noreturn void xr_os_throw(xr_os *os, const char *msg) {
	snprintf(os->throw_msg, sizeof os->throw_msg, "%s", msg);
	stop(os, XR_THREW);
}

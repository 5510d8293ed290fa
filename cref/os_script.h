// The operating system of a variant model, replaced by a script, and the
// runtime globals the modelled functions touch.
//
// A scenario gives, per OS primitive, the results its calls return, in order
// (a "script"); a call past the end of its primitive's script gets the
// default result (success). Every call is recorded as a trace line. exit and
// throw end the modelled function the way they end the runtime: they do not
// return (a longjmp to the scenario runner, as the Go harness recovers a
// panic).
#ifndef XADDREF_CREF_OS_SCRIPT_H
#define XADDREF_CREF_OS_SCRIPT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "cell.h"
#include "print.h"

enum { XR_OS_MAXSTEPS = 32 };

// One scripted result: "ok" (the default success), an errno ("e12") or a
// value (an address, a return code).
typedef struct {
	char prim[24];  // the primitive: mmap, mmap_fixed, VirtualAlloc, ...
	bool ok;        // the default success
	bool err;       // an errno result
	uint64_t val;   // the errno, or the value (two's complement if negative)
	bool used;
} xr_step;

// A growing text: trace lines or the bytes written to fd 2.
typedef struct {
	char s[8192];
	size_t len;
} xr_text;

typedef enum {
	XR_RUNNING,
	XR_EXITED,  // exit(code)
	XR_THREW,   // throw(msg)
} xr_stop;

// persistentAlloc (malloc.go): a chunk's base and the offset in it.
typedef struct {
	uint64_t base;
	uint64_t off;
} xr_palloc;

typedef struct xr_os {
	const xr_arch *arch;
	xr_print_era era;  // how print renders a uintptr
	const char *goos;

	// The script.
	xr_step steps[XR_OS_MAXSTEPS];
	size_t nsteps;
	uint64_t fresh;       // the address a successful mapping with a nil hint returns
	uint32_t sigmask[4];  // the thread's signal mask (sigprocmask), a word or more

	// The runtime's globals.
	xr_cell stat;        // the sysStat cell a scenario passes
	xr_cell other_sys;   // memstats.other_sys
	xr_cell stacks_sys;  // memstats.stacks_sys
	uint64_t mapped_ready;  // Go 1.19 gcController.mappedReady (atomic.Uint64)
	uint64_t bloc;         // Go 1.19 plan9: the break
	xr_palloc global;      // globalAlloc.persistentAlloc
	xr_palloc perp;        // the P's palloc
	bool has_p;            // acquirem().p != 0
	// Go 1.19 malloc.go: persistentChunks, and the word its newest chunk
	// links to the rest with (set when a chunk was added).
	uint64_t chunks, chunk_link;
	bool chunk_linked;

	// What happened.
	xr_text calls;
	xr_text err;  // fd 2
	xr_stop stopped;
	int exit_code;
	char throw_msg[160];
	jmp_buf *stop;
} xr_os;

// xr_os_init resets os for a scenario on arch a.
void xr_os_init(xr_os *os, const xr_arch *a, xr_print_era era, const char *goos);

// xr_os_script appends a step; tok is "ok", "eN" (errno N) or a number
// (decimal, signed decimal or 0x-hex). Returns false if tok is malformed or the script
// is full.
bool xr_os_script(xr_os *os, const char *prim, const char *tok);

// Text helpers.
void xr_text_printf(xr_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xr_text_quote(xr_text *t, const char *s, size_t n);

// Sets *jb as the place exit and throw return to, runs body(arg), clears it.
void xr_os_run(xr_os *os, void (*body)(xr_os *, void *), void *arg);

// ---- The primitives, named after the runtime functions they stand for. ----

// mmap (and mmap_fixed, named by prim) with Go 1.19's result: the address, or
// nil and *err set to the errno.
uint64_t xr_os_mmap(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
		    int32_t flags, int32_t fd, uint32_t off, int64_t *err);
// mmap as 6ad33be's runtime sees it: the errno is the returned pointer.
uint64_t xr_os_mmap2015(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
			int32_t flags, int32_t fd, uint32_t off);
void xr_os_munmap(xr_os *os, uint64_t v, uint64_t n);

// Windows: stdcall4(_VirtualAlloc, ...) and stdcall3(_VirtualFree, ...).
uint64_t xr_os_virtualalloc(xr_os *os, uint64_t addr, uint64_t size, uint64_t type,
			    uint64_t protect);
uint64_t xr_os_virtualfree(xr_os *os, uint64_t addr, uint64_t size, uint64_t type);
uint32_t xr_os_getlasterror(xr_os *os);

// plan9: the allocator in mem_plan9.go and its lock.
uint64_t xr_os_memalloc(xr_os *os, uint64_t n);
void xr_os_memfree(xr_os *os, uint64_t v, uint64_t n);
void xr_os_memcheck(xr_os *os);
void xr_os_memclr(xr_os *os, uint64_t v, uint64_t n);
void xr_os_lock(xr_os *os, const char *name);
void xr_os_unlock(xr_os *os, const char *name);

// Threads: linux clone, darwin bsdthread_create and sigprocmask.
int32_t xr_os_clone(xr_os *os, int32_t flags, uint64_t stk, uint64_t mp, uint64_t gp,
		    uint64_t fn);
int32_t xr_os_bsdthread_create(xr_os *os, uint64_t stk, uint64_t arg, uint64_t fn);
void xr_os_sigprocmask(xr_os *os, uint32_t how, const uint32_t *new_, uint32_t *old);
// A mask of n 32-bit words (freebsd's sigset: 4), traced one after another.
void xr_os_sigprocmask_words(xr_os *os, uint32_t how, const uint32_t *new_, uint32_t *old,
			     size_t n);
void xr_os_write(xr_os *os, int64_t fd, const char *p, int32_t n);

// xr_os_scripted_int is prim's next scripted result, for the primitives
// of one port that their own model file implements (mem_aix.c's mprotect):
// the value, an errno step as its negation, or def.
uint64_t xr_os_scripted_int(xr_os *os, const char *prim, uint64_t def);

// print, by operand type.
void xr_os_print_string(xr_os *os, const char *s);
void xr_os_print_uintptr(xr_os *os, uint64_t v);  // by os->era
void xr_os_print_pointer(xr_os *os, uint64_t v);  // printpointer: 0x-hex
void xr_os_print_int(xr_os *os, int64_t v);
void xr_os_print_uint(xr_os *os, uint64_t v);

_Noreturn void xr_os_exit(xr_os *os, int code);
_Noreturn void xr_os_throw(xr_os *os, const char *msg);

// uintptr arithmetic on os's architecture: the result modulo 2^(8*ptrsize).
uint64_t xr_os_uintptr(const xr_os *os, uint64_t v);

#endif

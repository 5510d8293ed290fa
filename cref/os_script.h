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
	char prim[24];  // the primitive: mmap, mincore, VirtualAlloc, ...
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
	XR_FAULTED, // a wrapper's deliberate fault (the faulting call in throw_msg)
} xr_stop;

// How a port's wrapper hands a failed system call's errno to the runtime
// (tools/internal/osconv: the scenario's mmaperr= and mincoreerr=).
typedef enum {
	XR_ERR_UNSET,  // the scenario does not say: a call of the wrapper throws
	XR_ERR_ERRNO,  // the errno, positive, in place of the result
	XR_ERR_NEG,    // the kernel's -errno, unchanged
	XR_ERR_ONES,   // all ones (the C library's MAP_FAILED)
	XR_ERR_PAIR,   // a second result (Go 1.19's mmap)
} xr_errconv;

enum { XR_OS_MAXDEFS = 16, XR_OS_MAXFREE = 8 };

// The memory a plan9 scenario's allocator works in: the harness maps these
// bytes, at these addresses (tools/internal/variants/host), where the
// allocator keeps its free list in the freed blocks themselves; clearing
// memory outside them faults, as it would past the process's segment.
#define XR_WINDOW_LO 0x20000000ULL
#define XR_WINDOW_SIZE 0x1000000ULL

// A block of mem_plan9.go's free list.
typedef struct {
	uint64_t addr, size;
} xr_block;

// A constant of the port's OS files (the scenario's defs=NAME:VALUE,...).
typedef struct {
	char name[24];
	uint64_t val;
} xr_def;

// persistentAlloc (malloc.go): a chunk's base and the offset in it.
typedef struct {
	uint64_t base;
	uint64_t off;
} xr_palloc;

typedef struct xr_os {
	const xr_arch *arch;
	xr_print_era era;  // how print renders a uintptr
	const char *goos;

	// The port's OS conventions: how its wrappers report a failure, and
	// its constants.
	xr_errconv mmap_err, mincore_err;
	bool munmap_crashes, munmap_set;
	xr_def defs[XR_OS_MAXDEFS];
	size_t ndefs;

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
	uint64_t bloc;         // plan9: the break
	uint64_t blocmax;      // Go 1.19 plan9: the highest break asked of the OS
	xr_block free[XR_OS_MAXFREE];  // plan9: memFreelist, in address order
	size_t nfree;
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
// xr_os_script_list appends the steps of a scenario's script
// ("prim:tok,..." or "-"). Returns false if one is malformed.
bool xr_os_script_list(xr_os *os, const char *list);

// xr_os_conventions sets the port's conventions from a scenario's
// mmaperr, munmaperr and mincoreerr values ("" where absent) and its defs
// ("NAME:VALUE,..." or "-"). Returns false if one is malformed.
bool xr_os_conventions(xr_os *os, const char *mmaperr, const char *munmaperr,
		       const char *mincoreerr, const char *defs);

// xr_os_const is the port's constant name; a constant the scenario does not
// give ends the run with a throw naming it.
uint64_t xr_os_const(xr_os *os, const char *name);

// Text helpers.
void xr_text_printf(xr_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xr_text_quote(xr_text *t, const char *s, size_t n);

// Sets *jb as the place exit and throw return to, runs body(arg), clears it.
void xr_os_run(xr_os *os, void (*body)(xr_os *, void *), void *arg);

// ---- The primitives, named after the runtime functions they stand for. ----

// mmap (named by prim) with Go 1.19's result: the address, or
// nil and *err set to the errno.
uint64_t xr_os_mmap(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
		    int32_t flags, int32_t fd, uint32_t off, int64_t *err);
// mmap as 6ad33be's runtime sees it: a failure is the returned pointer, as
// the port's wrapper encodes it (os->mmap_err).
uint64_t xr_os_mmap2015(xr_os *os, const char *prim, uint64_t v, uint64_t n, int32_t prot,
			int32_t flags, int32_t fd, uint32_t off);
// munmap: a scripted failure faults where the port's wrapper does.
void xr_os_munmap(xr_os *os, uint64_t v, uint64_t n);
// mincore: 0, or the errno as the port's wrapper encodes it.
int32_t xr_os_mincore(xr_os *os, uint64_t v, uint64_t n);

// Windows: stdcall4(_VirtualAlloc, ...) and stdcall3(_VirtualFree, ...).
uint64_t xr_os_virtualalloc(xr_os *os, uint64_t addr, uint64_t size, uint64_t type,
			    uint64_t protect);
uint64_t xr_os_virtualfree(xr_os *os, uint64_t addr, uint64_t size, uint64_t type);
uint32_t xr_os_getlasterror(xr_os *os);

// plan9: brk_ (0, or -1 where the script fails it), and clearing memory:
// memclr (6ad33be, not recorded: the harness clears its own memHdr's size)
// and memclrNoHeapPointers (Go 1.19, recorded "memclr"); both fault
// outside the window.
int32_t xr_os_brk(xr_os *os, uint64_t addr);
void xr_os_memclr(xr_os *os, uint64_t v, uint64_t n, bool record);
// xr_os_free parses a free list ("0xA+0xS,..." or "-") into os.
bool xr_os_free(xr_os *os, const char *list);
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
_Noreturn void xr_os_fault(xr_os *os, const char *call);

// uintptr arithmetic on os's architecture: the result modulo 2^(8*ptrsize).
uint64_t xr_os_uintptr(const xr_os *os, uint64_t v);

#endif

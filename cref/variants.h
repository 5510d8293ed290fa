// The per-OS memory variants (mem_<os>.go) of 6ad33be and of Go 1.19, Go
// 1.19's mem.go, persistentalloc's stat transfer (malloc.go) and newosproc0
// (6ad33be's os1_linux.go and os1_darwin.go, Go 1.19's os_linux.go and
// os_freebsd.go), run against a scripted OS (os_script.h).
//
// Values are uint64_t holding a uintptr of the scenario's architecture;
// a pointer is its address (0 is nil).
#ifndef XADDREF_CREF_VARIANTS_H
#define XADDREF_CREF_VARIANTS_H

#include <stdbool.h>
#include <stdint.h>

#include "cell.h"
#include "os_script.h"

// 6ad33be: mem_<os>.go charges the stat itself, through mSysStatInc/Dec.
typedef struct {
	const char *file;
	uint64_t (*sysalloc)(xr_os *os, uint64_t n, xr_cell *sysStat);
	void (*sysfree)(xr_os *os, uint64_t v, uint64_t n, xr_cell *sysStat);
	void (*sysmap)(xr_os *os, uint64_t v, uint64_t n, bool reserved, xr_cell *sysStat);
} xr_mem_6ad33be;

// Go 1.19: mem_<os>.go only talks to the OS; mem.go charges the stat.
typedef struct {
	const char *file;
	uint64_t (*sysallocos)(xr_os *os, uint64_t n);
	void (*sysfreeos)(xr_os *os, uint64_t v, uint64_t n);
	void (*sysmapos)(xr_os *os, uint64_t v, uint64_t n);
} xr_mem_go119;

extern const xr_mem_6ad33be xr_mem_bsd_6ad33be, xr_mem_darwin_6ad33be, xr_mem_linux_6ad33be,
	xr_mem_plan9_6ad33be, xr_mem_windows_6ad33be;
extern const xr_mem_go119 xr_mem_aix_go119, xr_mem_bsd_go119, xr_mem_darwin_go119,
	xr_mem_js_go119, xr_mem_linux_go119, xr_mem_plan9_go119, xr_mem_windows_go119;

// mem_go119.c: Go 1.19's mem.go and sysMemStat.add (mstats.go).
uint64_t xr_go119_sysalloc(xr_os *os, const xr_mem_go119 *m, uint64_t n, xr_cell *sysStat);
void xr_go119_sysfree(xr_os *os, const xr_mem_go119 *m, uint64_t v, uint64_t n,
		      xr_cell *sysStat);
void xr_go119_sysmap(xr_os *os, const xr_mem_go119 *m, uint64_t v, uint64_t n,
		     xr_cell *sysStat);
void xr_go119_sysmemstat_add(xr_os *os, xr_cell *s, int64_t n);

// malloc.c: stubs.go's round (6ad33be), alignUp (Go 1.19): n rounded up
// to a multiple of a, a power of 2, in os's uintptr.
uint64_t xr_align_up(xr_os *os, uint64_t n, uint64_t a);

// malloc.c: 6ad33be's and Go 1.19's persistentalloc over a variant's
// sysAlloc.
uint64_t xr_persistentalloc(xr_os *os, const xr_mem_6ad33be *m, uint64_t size, uint64_t align,
			    xr_cell *sysStat);
uint64_t xr_go119_persistentalloc(xr_os *os, const xr_mem_go119 *m, uint64_t size,
				  uint64_t align, xr_cell *sysStat);

// os1_linux.c and os1_darwin.c: 6ad33be's newosproc0.
void xr_linux_newosproc0(xr_os *os, const xr_mem_6ad33be *m, uint64_t stacksize, uint64_t fn);
void xr_darwin_newosproc0(xr_os *os, const xr_mem_6ad33be *m, uint64_t stacksize, uint64_t fn,
			  uint64_t fnarg);

// XR_CONST(os, _NAME) is the port's constant _NAME (the scenario's defs,
// from the tree's defs_<goos>_<goarch>.go and the like) as the int32 the
// variants pass to the OS; one the scenario lacks ends the run.
#define XR_CONST(os, name) ((int32_t)xr_os_const((os), #name))
#define XR_PROT_RW(os) (XR_CONST(os, _PROT_READ) | XR_CONST(os, _PROT_WRITE))

// os_linux.c and os_freebsd.c: Go 1.19's newosproc0 (os_<goos>.go).
void xr_go119_linux_newosproc0(xr_os *os, const xr_mem_go119 *m, uint64_t stacksize, uint64_t fn);
void xr_go119_freebsd_newosproc0(xr_os *os, const xr_mem_go119 *m, uint64_t stacksize,
				 uint64_t fn);

// 6ad33be's mSysStatInc/Dec (mstats.c) in a scripted run: the exit(2) they
// decide on ends the run.
void xr_os_msysstat_inc(xr_os *os, xr_cell *sysStat, uint64_t n);
void xr_os_msysstat_dec(xr_os *os, xr_cell *sysStat, uint64_t n);

#endif

// Every branch of the variant models (mem_*.c, mem_go119.c, malloc.c,
// os1_*.c, os_*.c) and of the scenario and trace layer, one table row each: the
// scenario, the OS calls it must make (by name, in order), the stat cell
// after, the outcome and what fd 2 received.
#include <string.h>

#include "testing.h"
#include "trace.h"
#include "variants.h"

typedef struct {
	const char *what;
	const char *scenario;
	const char *calls;   // primitive names, space-separated; "" for none
	uint64_t stat;       // the stat cell after, as the arch's uint64
	const char *outcome; // the text after "outcome "
	const char *err;     // the quoted stderr line's text, or NULL to skip
} tcase;

#define P6 "profile=6ad33be "
#define P19 "profile=go1.19 "
#define A64 "arch=amd64 fresh=0x30000000 "

// A port's OS conventions (tools/internal/osconv derives them from a
// tree): a scenario without defs= gets its GOOS's amd64 ones, as derived
// from the 2015 tree, and so tests what does not vary with them.
static const struct {
	const char *goos, *conv;
} convs[] = {
	{"linux", "mmaperr=errno munmaperr=crash mincoreerr=negerrno defs=_PROT_READ:0x1,_PROT_WRITE:0x2,"
		  "_MAP_ANON:0x20,_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0xb,_ENOMEM:0xc,_SIG_SETMASK:0x2,"
		  "_PhysPageSize:0x1000"},
	{"darwin", "mmaperr=errno munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		   "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_SIG_SETMASK:0x3"},
	{"freebsd", "mmaperr=errno munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		    "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_SIG_SETMASK:0x3"},
	{"netbsd", "mmaperr=errno munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		   "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10"},
	{"openbsd", "mmaperr=errno munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		    "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10"},
	{"dragonfly", "mmaperr=errno munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		      "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10"},
	{"solaris", "mmaperr=ones munmaperr=ignore defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x100,"
		    "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0xb"},
	{"nacl", "mmaperr=negerrno munmaperr=ignore defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,"
		 "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0xb,_ENOMEM:0xc"},
	{"plan9", "defs=_PAGESIZE:0x1000"},
	// Go 1.19's ports that 6ad33be did not have, as derived from its tree.
	{"android", "mmaperr=pair munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,"
		    "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0xb,_ENOMEM:0xc,_SIG_SETMASK:0x2"},
	{"ios", "mmaperr=pair munmaperr=crash defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x1000,"
		"_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0x23,_ENOMEM:0xc,_SIG_SETMASK:0x3"},
	{"illumos", "mmaperr=pair munmaperr=ignore defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x100,"
		    "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_EAGAIN:0xb,_ENOMEM:0xc,_SIG_SETMASK:0x3"},
	{"aix", "mmaperr=pair munmaperr=ignore defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x10,"
		"_MAP_PRIVATE:0x2,_MAP_FIXED:0x100,_EAGAIN:0xb,_ENOMEM:0xc,_SIG_SETMASK:0x2"},
	{"js", "defs=-"},
};

// with_conv is the scenario with its GOOS's conventions, unless it has some.
static const char *with_conv(const char *scenario) {
	static char buf[2048];
	const char *g = strstr(scenario, "goos=");
	snprintf(buf, sizeof buf, "%s", scenario);
	if (g == NULL || strstr(scenario, "defs=") != NULL) {
		return buf;
	}
	for (size_t i = 0; i < sizeof convs / sizeof convs[0]; i++) {
		size_t n = strlen(convs[i].goos);
		if (strncmp(g + 5, convs[i].goos, n) == 0 && (g[5 + n] == ' ' || g[5 + n] == '\0')) {
			snprintf(buf, sizeof buf, "%s %s", scenario, convs[i].conv);
		}
	}
	return buf;
}

static const tcase cases[] = {
	// ---- 6ad33be mem_linux.go ----
	{"linux sysAlloc ok", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000", "mmap",
	 0x101000, "return 0x30000000", ""},
	{"linux sysAlloc EACCES", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:e13",
	 "mmap", 0x100000, "exit 2", "runtime: mmap: access denied\\n"},
	{"linux sysAlloc EAGAIN", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:e11",
	 "mmap", 0x100000, "exit 2", "runtime: mmap: too much locked memory (check 'ulimit -l').\\n"},
	{"linux sysAlloc ENOMEM", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:e12",
	 "mmap", 0x100000, "return 0x0", ""},
	{"linux sysAlloc nil", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:0x0",
	 "mmap", 0x100000, "return 0x0", ""},
	{"linux sysAlloc overflow on 386", P6 "goos=linux func=sysAlloc arch=386 fresh=0x30000000 n=0x20 stat=0x7fffffff0",
	 "mmap", 0x700000010, "exit 2", "runtime: stat overflow: val 16, n 32\\n"},
	{"linux sysFree", P6 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x100000", "munmap",
	 0xff000, "return", ""},
	{"linux sysFree underflow", P6 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x20 stat=0x10", "",
	 0xfffffffffffffff0, "exit 2", "runtime: stat underflow: val -16, n 32\\n"},
	{"linux sysMap unreserved ok", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 stat=0",
	 "mmap", 0x1000, "return", ""},
	{"linux sysMap unreserved ENOMEM, v mapped", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12",
	 "mmap mincore", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"linux sysMap unreserved conflict", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x30000000",
	 "mmap mincore", 0x1000, "throw \"runtime: address space conflict\"",
	 "runtime: address space conflict: map(0x20000000) = 0x30000000\\n"},
	// mmap_fixed: v unmapped (mincore's ENOMEM), so the map elsewhere is
	// undone and v mapped with MAP_FIXED, a page at a time probed.
	{"linux sysMap unreserved retried", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x2000 script=mmap:0x30000000,mincore:e12,mincore:e12",
	 "mmap mincore mincore munmap mmap", 0x2000, "return", ""},
	{"linux sysMap retried, nil not unmapped", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x0,mincore:e12",
	 "mmap mincore mmap", 0x1000, "return", ""},
	{"linux sysMap unreserved, part mapped", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x2000 script=mmap:0x30000000,mincore:e12",
	 "mmap mincore mincore", 0x2000, "throw \"runtime: address space conflict\"",
	 "runtime: address space conflict: map(0x20000000) = 0x30000000\\n"},
	// linux/ppc64's mincore hands ENOMEM on positive: never "unmapped".
	{"linux/ppc64 sysMap never retried", P6 "goos=linux func=sysMap arch=ppc64 fresh=0x30000000 v=0x20000000 n=0x1000 "
	 "script=mmap:0x30000000,mincore:e12 mmaperr=errno munmaperr=crash mincoreerr=errno "
	 "defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_ENOMEM:0xc,_PhysPageSize:0x10000",
	 "mmap mincore", 0x1000, "throw \"runtime: address space conflict\"",
	 "runtime: address space conflict: map(0x20000000) = 0x30000000\\n"},
	// linux/arm64's mmap hands the kernel's -errno on: a failure is an
	// address, the stat is charged, the exits are dead, out of memory is
	// another throw.
	{"linux/arm64 sysAlloc ENOMEM", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:e12 mmaperr=negerrno "
	 "munmaperr=crash mincoreerr=negerrno defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,_MAP_PRIVATE:0x2,_EAGAIN:0xb",
	 "mmap", 0x101000, "return 0xfffffffffffffff4", ""},
	{"linux/arm64 sysAlloc EACCES", P6 "goos=linux func=sysAlloc " A64 "n=0x1000 stat=0x100000 script=mmap:e13 mmaperr=negerrno "
	 "defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,_MAP_PRIVATE:0x2,_EAGAIN:0xb",
	 "mmap", 0x101000, "return 0xfffffffffffffff3", ""},
	{"linux/arm64 sysMap reserved ENOMEM", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1 script=mmap:e12 "
	 "mmaperr=negerrno defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_ENOMEM:0xc",
	 "mmap", 0x1000, "throw \"runtime: cannot map pages in arena address space\"", ""},
	// The 32-bit form of -errno.
	{"nacl/386 sysAlloc ENOMEM", P6 "goos=nacl func=sysAlloc arch=386 fresh=0x30000000 n=0x1000 script=mmap:e12",
	 "mmap", 0x1000, "return 0xfffffff4", ""},
	// solaris: libc's MAP_FAILED.
	{"solaris sysAlloc ENOMEM", P6 "goos=solaris func=sysAlloc " A64 "n=0x1000 script=mmap:e12", "mmap", 0x1000,
	 "return 0xffffffffffffffff", ""},
	// munmap's failure: linux's wrapper faults; nacl's munmap is empty.
	{"linux sysFree munmap fails", P6 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x100000 script=munmap:e22",
	 "munmap", 0xff000, "fault \"munmap\"", ""},
	{"nacl sysFree munmap fails", P6 "goos=nacl func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000 script=munmap:e22",
	 "munmap", 0, "return", ""},
	{"linux sysMap reserved ok", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1", "mmap",
	 0x1000, "return", ""},
	{"linux sysMap reserved ENOMEM", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1 script=mmap:e12",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"linux sysMap reserved elsewhere", P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1 script=mmap:0x0",
	 "mmap", 0x1000, "throw \"runtime: cannot map pages in arena address space\"", ""},
	{"linux sysMap stat on ppc64", P6 "goos=linux func=sysMap arch=ppc64 v=0x20000000 n=0x1000 reserved=1 stat=0xffffffffffffffff",
	 "mmap", 0xfff, "return", ""},

	// ---- 6ad33be mem_bsd.go ----
	{"bsd sysAlloc ok", P6 "goos=freebsd func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000, "return 0x30000000", ""},
	{"bsd sysAlloc errno", P6 "goos=freebsd func=sysAlloc " A64 "n=0x1000 script=mmap:e35", "mmap", 0,
	 "return 0x0", ""},
	{"bsd sysFree", P6 "goos=openbsd func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "munmap", 0,
	 "return", ""},
	{"bsd sysMap unreserved ok", P6 "goos=freebsd func=sysMap " A64 "v=0x20000000 n=0x1000", "mmap", 0x1000,
	 "return", ""},
	{"bsd sysMap unreserved ENOMEM", P6 "goos=netbsd func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"bsd sysMap unreserved conflict", P6 "goos=solaris func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x30000000",
	 "mmap", 0x1000, "throw \"runtime: address space conflict\"",
	 "runtime: address space conflict: map(0x20000000) = 0x30000000\\n"},
	{"bsd sysMap reserved ok", P6 "goos=dragonfly func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1", "mmap",
	 0x1000, "return", ""},
	{"bsd sysMap reserved ENOMEM", P6 "goos=dragonfly func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1 script=mmap:e12",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"bsd sysMap reserved elsewhere", P6 "goos=nacl func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1 script=mmap:e1",
	 "mmap", 0x1000, "throw \"runtime: cannot map pages in arena address space\"", ""},

	// ---- 6ad33be mem_darwin.go ----
	{"darwin sysAlloc ok", P6 "goos=darwin func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000, "return 0x30000000", ""},
	{"darwin sysAlloc small", P6 "goos=darwin func=sysAlloc " A64 "n=0x1000 script=mmap:0xfff", "mmap", 0,
	 "return 0x0", ""},
	{"darwin sysFree", P6 "goos=darwin func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "munmap", 0,
	 "return", ""},
	{"darwin sysMap ok", P6 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000", "mmap", 0x1000, "return", ""},
	{"darwin sysMap ENOMEM", P6 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12", "mmap",
	 0x1000, "throw \"runtime: out of memory\"", ""},
	{"darwin sysMap elsewhere", P6 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x40000000",
	 "mmap", 0x1000, "throw \"runtime: cannot map pages in arena address space\"", ""},

	// ---- 6ad33be mem_plan9.go, and its allocator over brk_ ----
	{"plan9 sysAlloc at the break", P6 "goos=plan9 func=sysAlloc " A64 "n=0x10 bloc=0x20800000", "lock brk_ unlock", 0x10,
	 "return 0x20800000", ""},
	{"plan9 sysAlloc brk_ fails", P6 "goos=plan9 func=sysAlloc " A64 "n=0x1000 bloc=0x20800000 script=brk_:-1",
	 "lock brk_ unlock", 0, "return 0x0", ""},
	{"plan9 sysAlloc a free block", P6 "goos=plan9 func=sysAlloc " A64 "n=0x1000 bloc=0x20800000 free=0x20100000+0x1000",
	 "lock unlock", 0x1000, "return 0x20100000", ""},
	{"plan9 sysAlloc the end of a larger block", P6 "goos=plan9 func=sysAlloc " A64 "n=0x1000 free=0x20100000+0x800,0x20200000+0x3000",
	 "lock unlock", 0x1000, "return 0x20202000", ""},
	{"plan9 sysFree", P6 "goos=plan9 func=sysFree " A64 "v=0x20200000 n=0x1000 stat=0x1000",
	 "lock unlock", 0, "return", ""},
	{"plan9 sysFree outside the memory", P6 "goos=plan9 func=sysFree " A64 "v=0x40000000 n=0x1000 stat=0x1000",
	 "lock", 0, "fault \"memclr\"", ""},
	{"plan9 sysMap", P6 "goos=plan9 func=sysMap " A64 "v=0x20000000 n=0x1000", "", 0x1000, "return", ""},

	// ---- 6ad33be mem_windows.go ----
	{"windows sysAlloc ok", P6 "goos=windows func=sysAlloc " A64 "n=0x1000", "VirtualAlloc", 0x1000,
	 "return 0x30000000", ""},
	{"windows sysAlloc nil charges", P6 "goos=windows func=sysAlloc " A64 "n=0x1000 script=VirtualAlloc:0x0",
	 "VirtualAlloc", 0x1000, "return 0x0", ""},
	{"windows sysFree ok", P6 "goos=windows func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "VirtualFree", 0,
	 "return", ""},
	{"windows sysFree fails", P6 "goos=windows func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000 script=VirtualFree:0x0",
	 "VirtualFree", 0, "throw \"runtime: failed to release pages\"", ""},
	{"windows sysMap ok", P6 "goos=windows func=sysMap " A64 "v=0x20000000 n=0x1000", "VirtualAlloc", 0x1000,
	 "return", ""},
	{"windows sysMap elsewhere", P6 "goos=windows func=sysMap " A64 "v=0x20000000 n=0x1000 script=VirtualAlloc:e8",
	 "VirtualAlloc", 0x1000, "throw \"runtime: cannot map pages in arena address space\"", ""},

	// ---- 6ad33be malloc.go persistentalloc ----
	{"persistentalloc size 0", P6 "goos=linux func=persistentalloc " A64 "n=0", "", 0,
	 "throw \"persistentalloc: size == 0\"", ""},
	{"persistentalloc align not 2^k", P6 "goos=linux func=persistentalloc " A64 "n=8 align=3", "", 0,
	 "throw \"persistentalloc: align is not a power of 2\"", ""},
	{"persistentalloc align too large", P6 "goos=linux func=persistentalloc " A64 "n=8 align=0x4000", "", 0,
	 "throw \"persistentalloc: align is too large\"", ""},
	{"persistentalloc maxBlock", P6 "goos=linux func=persistentalloc " A64 "n=0x10000 align=0", "mmap", 0x10000,
	 "return 0x30000000", ""},
	{"persistentalloc new chunk, global", P6 "goos=linux func=persistentalloc " A64 "n=0x20 align=0 other=0x100000",
	 "lock mmap unlock", 0x20, "return 0x30000000", ""},
	{"persistentalloc from the chunk, P", P6 "goos=linux func=persistentalloc " A64 "n=0x20 align=0x10 withp=1 pbase=0x40000000 poff=0x8 other=0x100000",
	 "", 0x20, "return 0x40000010", ""},
	{"persistentalloc chunk full", P6 "goos=linux func=persistentalloc " A64 "n=0x20 align=8 pbase=0x40000000 poff=0x3fff0 other=0x100000",
	 "lock mmap unlock", 0x20, "return 0x30000000", ""},
	{"persistentalloc no chunk, global", P6 "goos=linux func=persistentalloc " A64 "n=0x20 script=mmap:e12",
	 "lock mmap unlock", 0, "throw \"runtime: cannot allocate memory\"", ""},
	{"persistentalloc no chunk, P", P6 "goos=linux func=persistentalloc " A64 "n=0x20 withp=1 script=mmap:e12",
	 "mmap", 0, "throw \"runtime: cannot allocate memory\"", ""},
	{"persistentalloc other_sys itself", P6 "goos=linux func=persistentalloc " A64 "n=0x20 which=other_sys other=0x100000 pbase=0x40000000",
	 "lock unlock", 0, "return 0x40000000", ""},
	{"persistentalloc transfer underflows", P6 "goos=linux func=persistentalloc " A64 "n=0x20 other=0x10 pbase=0x40000000",
	 "lock unlock", 0x20, "exit 2", "runtime: stat underflow: val -16, n 32\\n"},

	// ---- 6ad33be os1_linux.go, os1_darwin.go newosproc0 ----
	{"linux newosproc0 ok", P6 "goos=linux func=newosproc0 arch=386 fresh=0xffff8000 n=0x10000 fn=0x401000",
	 "mmap clone", 0, "return", ""},
	{"linux newosproc0 no stack", P6 "goos=linux func=newosproc0 " A64 "n=0x10000 script=mmap:e12", "mmap write",
	 0, "exit 1", "runtime: failed to allocate stack for the new OS thread\\n"},
	{"linux newosproc0 no thread", P6 "goos=linux func=newosproc0 " A64 "n=0x10000 script=clone:-11",
	 "mmap clone write", 0, "exit 1", "runtime: failed to create new OS thread\\n"},
	{"darwin newosproc0 ok", P6 "goos=darwin func=newosproc0 " A64 "n=0x10000 fn=0x401000 fnarg=7",
	 "mmap sigprocmask bsdthread_create sigprocmask", 0, "return", ""},
	{"darwin newosproc0 no stack", P6 "goos=darwin func=newosproc0 " A64 "n=0x10000 script=mmap:0x0", "mmap write",
	 0, "exit 1", "runtime: failed to allocate stack for the new OS thread\\n"},
	{"darwin newosproc0 no thread", P6 "goos=darwin func=newosproc0 " A64 "n=0x10000 script=bsdthread_create:-35",
	 "mmap sigprocmask bsdthread_create sigprocmask write", 0, "exit 1",
	 "runtime: failed to create new OS thread\\n"},

	// ---- Go 1.19 mem.go and sysMemStat.add ----
	{"go1.19 add overflow", P19 "goos=linux func=sysAlloc " A64 "n=0x10 stat=0x7ffffffffffffff8", "",
	 0x8000000000000008, "throw \"sysMemStat overflow\"", "runtime: val=9223372036854775816 n=16\\n"},
	{"go1.19 add underflow", P19 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x20 stat=0x10", "",
	 0xfffffffffffffff0, "throw \"sysMemStat overflow\"", "runtime: val=18446744073709551600 n=-32\\n"},
	{"go1.19 add 0", P19 "goos=linux func=sysMap " A64 "v=0x20000000 n=0 stat=0x10", "mmap", 0x10, "return", ""},
	{"go1.19 add on 32-bit carries", P19 "goos=linux func=sysMap arch=arm v=0x20000000 n=0x20 stat=0xfffffff0",
	 "mmap", 0x100000010, "return", ""},

	// ---- Go 1.19 mem_linux.go ----
	{"go1.19 linux sysAlloc ok", P19 "goos=linux func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000,
	 "return 0x30000000", ""},
	{"go1.19 linux sysAlloc EACCES", P19 "goos=linux func=sysAlloc " A64 "n=0x1000 script=mmap:e13", "mmap", 0x1000,
	 "exit 2", "runtime: mmap: access denied\\n"},
	{"go1.19 linux sysAlloc EAGAIN", P19 "goos=linux func=sysAlloc " A64 "n=0x1000 script=mmap:e11", "mmap", 0x1000,
	 "exit 2", "runtime: mmap: too much locked memory (check 'ulimit -l').\\n"},
	{"go1.19 linux sysAlloc ENOMEM", P19 "goos=linux func=sysAlloc " A64 "n=0x1000 script=mmap:e12", "mmap", 0x1000,
	 "return 0x0", ""},
	{"go1.19 linux sysFree", P19 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "munmap", 0,
	 "return", ""},
	{"go1.19 linux sysMap ok", P19 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000", "mmap", 0x1000, "return",
	 ""},
	{"go1.19 linux sysMap ENOMEM", P19 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12", "mmap",
	 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 linux sysMap elsewhere", P19 "goos=linux func=sysMap arch=386 v=0x20000000 n=0xfffff000 script=mmap:0x30000000",
	 "mmap", 0xfffff000, "throw \"runtime: cannot map pages in arena address space\"",
	 "runtime: mmap(0x20000000, 4294963200) returned 0x30000000, 0\\n"},
	{"go1.19 linux sysMap error", P19 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e22", "mmap",
	 0x1000, "throw \"runtime: cannot map pages in arena address space\"",
	 "runtime: mmap(0x20000000, 4096) returned 0x0, 22\\n"},

	// ---- Go 1.19 mem_bsd.go and mem_darwin.go ----
	{"go1.19 bsd sysAlloc ok", P19 "goos=netbsd func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000,
	 "return 0x30000000", ""},
	{"go1.19 bsd sysAlloc err", P19 "goos=netbsd func=sysAlloc " A64 "n=0x1000 script=mmap:e35", "mmap", 0x1000,
	 "return 0x0", ""},
	{"go1.19 bsd sysFree", P19 "goos=freebsd func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "munmap", 0,
	 "return", ""},
	{"go1.19 bsd sysMap ok", P19 "goos=openbsd func=sysMap " A64 "v=0x20000000 n=0x1000", "mmap", 0x1000, "return",
	 ""},
	{"go1.19 bsd sysMap ENOMEM", P19 "goos=dragonfly func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12", "mmap",
	 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 solaris sysMap EAGAIN", P19 "goos=solaris func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e11",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 freebsd sysMap e11", P19 "goos=freebsd func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e11", "mmap",
	 0x1000, "throw \"runtime: cannot map pages in arena address space\"",
	 "runtime: mmap(0x20000000, 4096) returned 0x0, 11\\n"},
	{"go1.19 darwin sysAlloc ok", P19 "goos=darwin func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000,
	 "return 0x30000000", ""},
	{"go1.19 darwin sysAlloc err", P19 "goos=darwin func=sysAlloc " A64 "n=0x1000 script=mmap:e12", "mmap", 0x1000,
	 "return 0x0", ""},
	{"go1.19 darwin sysFree", P19 "goos=darwin func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "munmap", 0,
	 "return", ""},
	{"go1.19 darwin sysMap ok", P19 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000", "mmap", 0x1000,
	 "return", ""},
	{"go1.19 darwin sysMap ENOMEM", P19 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e12",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 darwin sysMap elsewhere", P19 "goos=darwin func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x1000",
	 "mmap", 0x1000, "throw \"runtime: cannot map pages in arena address space\"",
	 "runtime: mmap(0x20000000, 4096) returned 0x1000, 0\\n"},

	// ---- Go 1.19 mem_plan9.go ----
	{"go1.19 plan9 sysAlloc past blocMax", P19 "goos=plan9 func=sysAlloc " A64 "n=0x1000 bloc=0x20800000 blocmax=0x20800000",
	 "lock brk_ unlock", 0x1000, "return 0x20800000", ""},
	{"go1.19 plan9 sysAlloc below blocMax", P19 "goos=plan9 func=sysAlloc " A64 "n=0x1000 bloc=0x20800000 blocmax=0x20900000",
	 "lock unlock", 0x1000, "return 0x20800000", ""},
	{"go1.19 plan9 sysFree at the break", P19 "goos=plan9 func=sysFree " A64 "v=0x20000000 n=0x1000 bloc=0x20001000 stat=0x1000",
	 "lock memclr unlock", 0, "return", ""},
	{"go1.19 plan9 sysFree below the break", P19 "goos=plan9 func=sysFree " A64 "v=0x20000000 n=0x1000 bloc=0x20800000 stat=0x1000",
	 "lock memclr unlock", 0, "return", ""},
	{"go1.19 plan9 sysMap", P19 "goos=plan9 func=sysMap " A64 "v=0x20000000 n=0x1000", "", 0x1000, "return", ""},

	// ---- Go 1.19 mem_windows.go ----
	{"go1.19 windows sysAlloc", P19 "goos=windows func=sysAlloc " A64 "n=0x1000 script=VirtualAlloc:0x0",
	 "VirtualAlloc", 0x1000, "return 0x0", ""},
	{"go1.19 windows sysFree ok", P19 "goos=windows func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000",
	 "VirtualFree", 0, "return", ""},
	{"go1.19 windows sysFree fails", P19 "goos=windows func=sysFree arch=386 v=0x20000000 n=0x1000 stat=0x1000 script=VirtualFree:0x0,getlasterror:8",
	 "VirtualFree getlasterror", 0, "throw \"runtime: failed to release pages\"",
	 "runtime: VirtualFree of 4096 bytes failed with errno=8\\n"},
	{"go1.19 windows sysMap", P19 "goos=windows func=sysMap " A64 "v=0x20000000 n=0x1000", "", 0x1000, "return",
	 ""},

	// ---- Go 1.19 mem_aix.go, mem_js.go, and the ports that take another's ----
	{"go1.19 aix sysAlloc EACCES", P19 "goos=aix func=sysAlloc " A64 "n=0x1000 script=mmap:e13", "mmap", 0x1000,
	 "exit 2", "runtime: mmap: access denied\\n"},
	{"go1.19 aix sysMap ok", P19 "goos=aix func=sysMap " A64 "v=0x20000000 n=0x1000", "mprotect", 0x1000,
	 "return", ""},
	{"go1.19 aix sysMap ENOMEM", P19 "goos=aix func=sysMap " A64 "v=0x20000000 n=0x1000 script=mprotect:e12",
	 "mprotect", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 aix sysMap EACCES", P19 "goos=aix func=sysMap " A64 "v=0x20000000 n=0x1000 script=mprotect:e13",
	 "mprotect", 0x1000, "throw \"runtime: cannot map pages in arena address space\"",
	 "runtime: mprotect(0x20000000, 4096) returned 13\\n"},
	// The break starts at 0x2a1234 aligned up to 64 KiB; 0x2c pages reach it.
	{"go1.19 js sysAlloc grows", P19 "goos=js func=sysAlloc " A64 "n=0x1000",
	 "currentMemory growMemory resetMemoryDataView", 0x1000, "return 0x2b0000", ""},
	{"go1.19 js sysAlloc fits", P19 "goos=js func=sysAlloc " A64 "n=0x1000 script=currentMemory:0x2c",
	 "currentMemory", 0x1000, "return 0x2b0000", ""},
	{"go1.19 js sysAlloc cannot grow", P19 "goos=js func=sysAlloc " A64 "n=0x1000 script=growMemory:-1",
	 "currentMemory growMemory", 0x1000, "return 0x0", ""},
	{"go1.19 js sysAlloc past the break", P19 "goos=js func=sysAlloc " A64 "n=0x1000 bloc=0x400000 script=currentMemory:0x41",
	 "currentMemory", 0x1000, "return 0x400000", ""},
	{"go1.19 js sysFree", P19 "goos=js func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "", 0, "return", ""},
	{"go1.19 illumos sysMap EAGAIN", P19 "goos=illumos func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:e11",
	 "mmap", 0x1000, "throw \"runtime: out of memory\"", ""},
	{"go1.19 android sysAlloc", P19 "goos=android func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000,
	 "return 0x30000000", ""},
	{"go1.19 ios sysAlloc", P19 "goos=ios func=sysAlloc " A64 "n=0x1000", "mmap", 0x1000, "return 0x30000000", ""},

	// ---- Go 1.19 malloc.go, os_linux.go, os_freebsd.go ----
	{"go1.19 persistentalloc new chunk", P19 "goos=linux func=persistentalloc " A64 "n=0x20 align=8 stat=0x100 other=0x100000",
	 "lock mmap unlock", 0x120, "return 0x30000008", ""},
	{"go1.19 persistentalloc from the chunk", P19 "goos=linux func=persistentalloc " A64 "n=0x20 align=8 stat=0x100 other=0x100000 pbase=0x40000000 poff=0x40",
	 "lock unlock", 0x120, "return 0x40000040", ""},
	{"go1.19 persistentalloc no memory", P19 "goos=linux func=persistentalloc " A64 "n=0x20 align=8 script=mmap:e12",
	 "lock mmap unlock", 0, "throw \"runtime: cannot allocate memory\"", ""},
	{"go1.19 linux newosproc0", P19 "goos=linux func=newosproc0 " A64 "n=0x10000", "mmap clone", 0, "return", ""},
	{"go1.19 linux newosproc0 no clone", P19 "goos=linux func=newosproc0 " A64 "n=0x10000 script=clone:-11",
	 "mmap clone write", 0, "exit 1", "runtime: failed to create new OS thread\\n"},
	{"go1.19 freebsd newosproc0", P19 "goos=freebsd func=newosproc0 " A64 "n=0x10000",
	 "mmap sigprocmask thr_new sigprocmask", 0, "return", ""},
	{"go1.19 freebsd newosproc0 no stack", P19 "goos=freebsd func=newosproc0 " A64 "n=0x10000 script=mmap:e12",
	 "mmap write", 0, "exit 1", "runtime: failed to allocate stack for the new OS thread\\n"},

	// ---- The scenario layer ----
	{"no model of the function", P19 "goos=windows func=newosproc0 " A64 "n=0x1000", "", 0,
	 "unsupported \"no Go 1.19 model of this function on this GOOS\"", ""},
	{"no 6ad33be newosproc0 on plan9", P6 "goos=plan9 func=newosproc0 " A64 "n=0x1000", "", 0,
	 "unsupported \"no 6ad33be model of this function on this GOOS\"", ""},
	{"no model of the GOOS", P6 "goos=aix func=sysAlloc " A64 "n=0x1000", "", 0,
	 "unsupported \"no model of this GOOS in this profile\"", ""},
	{"nacl is not in Go 1.19", P19 "goos=nacl func=sysAlloc " A64 "n=0x1000", "", 0,
	 "unsupported \"no model of this GOOS in this profile\"", ""},
	{"unknown profile", "profile=go1.4 goos=linux func=sysAlloc " A64, NULL, 0, "error \"unknown profile\"", NULL},
	{"malformed script", P6 "goos=linux func=sysAlloc " A64 "script=mmap", NULL, 0,
	 "error \"malformed script\"", NULL},
	{"a script step past its calls is unused", P6 "goos=linux func=sysAlloc " A64 "n=1 script=mmap:ok,mmap:e12",
	 "mmap", 1, "return 0x30000000", ""},
};

// Arguments the OS sees: a trace must contain the text.
static const struct {
	const char *scenario, *text;
} args_cases[] = {
	// mem_bsd.go sysMap: dragonfly adds MAP_FIXED to an unreserved map.
	{P6 "goos=dragonfly func=sysMap " A64 "v=0x20000000 n=0x1000", "flags=0x1012 "},
	{P6 "goos=freebsd func=sysMap " A64 "v=0x20000000 n=0x1000", "flags=0x1002 "},
	{P6 "goos=solaris func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1", "flags=0x112 "},
	{P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000", "call mmap v=0x20000000 n=0x1000 prot=0x3 flags=0x22 "},
	// mmap_fixed's retry: MAP_FIXED added, the probe a page at a time
	// (linux/ppc64's 64 KB pages).
	{P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 script=mmap:0x0,mincore:e12", "flags=0x32 "},
	{P6 "goos=linux func=sysMap arch=ppc64 fresh=0x30000000 v=0x20000000 n=0x20000 script=mmap:0x0,mincore:e12 "
	 "mmaperr=errno munmaperr=crash mincoreerr=negerrno defs=_PROT_READ:0x1,_PROT_WRITE:0x2,_MAP_ANON:0x20,"
	 "_MAP_PRIVATE:0x2,_MAP_FIXED:0x10,_ENOMEM:0xc,_PhysPageSize:0x10000",
	 "call mincore v=0x20010000 n=0x10000 -> 0"},
	{P6 "goos=linux func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000 script=munmap:e22", "call munmap v=0x20000000 n=0x1000 -> e22"},
	{P6 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000 reserved=1", "prot=0x3 flags=0x32 "},
	{P19 "goos=linux func=sysMap " A64 "v=0x20000000 n=0x1000", "prot=0x3 flags=0x32 "},
	{P19 "goos=darwin func=sysAlloc " A64 "n=0x1000", "call mmap v=0x0 n=0x1000 prot=0x3 flags=0x1002 fd=-1 off=0"},
	{P6 "goos=windows func=sysAlloc " A64 "n=0x1000", "call VirtualAlloc addr=0x0 size=0x1000 type=0x3000 protect=0x4"},
	{P6 "goos=windows func=sysMap " A64 "v=0x20000000 n=0x1000", "addr=0x20000000 size=0x1000 type=0x1000 protect=0x4"},
	{P19 "goos=windows func=sysFree " A64 "v=0x20000000 n=0x1000 stat=0x1000", "call VirtualFree addr=0x20000000 size=0x0 type=0x8000"},
	// newosproc0: the stack's top wraps on a 32-bit architecture; clone's flags.
	{P6 "goos=linux func=newosproc0 arch=386 fresh=0xffff8000 n=0x10000 fn=0x401000",
	 "call clone flags=0x10f00 stk=0x8000 mp=0x0 gp=0x0 fn=0x401000 -> 1"},
	{P6 "goos=linux func=newosproc0 " A64 "n=0x10000", "stacks_sys=0000010000000000"},
	// Go 1.19 gcController.mappedReady.
	{P19 "goos=linux func=sysAlloc " A64 "n=0x1000 mapped=0x10", "mappedReady=4112 bloc=0x0"},
	{P19 "goos=linux func=sysFree " A64 "n=0x1000 stat=0x1000", "mappedReady=18446744073709547520"},
	{P19 "goos=plan9 func=sysFree " A64 "v=0x20000000 n=0x1000 bloc=0x20001000 stat=0x1000", "bloc=0x20000000"},
	// plan9's free list after the call: a block split from its end, a freed
	// block merged with the ones on both sides, put between two, at the
	// head, past the end; the break and Go 1.19's blocMax moved.
	{P6 "goos=plan9 func=sysAlloc " A64 "n=0x1000 free=0x20100000+0x800,0x20200000+0x3000",
	 "bloc=0x0 free=0x20100000+0x800,0x20200000+0x2000"},
	{P6 "goos=plan9 func=sysFree " A64 "v=0x20200000 n=0x1000 stat=0x1000 free=0x201ff000+0x1000,0x20201000+0x2000",
	 "free=0x201ff000+0x4000\n"},
	{P6 "goos=plan9 func=sysFree " A64 "v=0x20200000 n=0x10 stat=0x1000 free=0x20100000+0x1000,0x20300000+0x1000",
	 "free=0x20100000+0x1000,0x20200000+0x1000,0x20300000+0x1000\n"},
	{P6 "goos=plan9 func=sysFree " A64 "v=0x20200000 n=0x1000 stat=0x1000 free=0x20201000+0x1000",
	 "free=0x20200000+0x2000\n"},
	{P6 "goos=plan9 func=sysFree " A64 "v=0x20200000 n=0x1000 stat=0x1000 free=0x20100000+0x1000",
	 "free=0x20100000+0x1000,0x20200000+0x1000\n"},
	{P6 "goos=plan9 func=sysAlloc " A64 "n=0x1001 bloc=0x20800000", "call brk_ addr=0x20802000 -> 0"},
	{P6 "goos=plan9 func=sysAlloc " A64 "n=0x1001 bloc=0x20800000", "bloc=0x20802000 free=-"},
	{P19 "goos=plan9 func=sysAlloc " A64 "n=0x1000 bloc=0x20800000 blocmax=0x20800000", "blocmax=0x20801000 free=-"},
	{P19 "goos=plan9 func=sysFree " A64 "v=0x20000000 n=0x1000 bloc=0x20800000 stat=0x1000 free=0x20001000+0x1000",
	 "call memclr v=0x20000000 n=0x1000\n"},
	// persistentalloc's allocators after the call.
	{P6 "goos=linux func=persistentalloc " A64 "n=0x20 align=0x10 pbase=0x40000000 poff=0x8",
	 "global=0x40000000+0x30 perp=0x40000000+0x8"},
	{P6 "goos=linux func=persistentalloc " A64 "n=0x20 withp=1 pbase=0x40000000 poff=0x3fff0",
	 "global=0x40000000+0x3fff0 perp=0x30000000+0x20"},
};

// Lines that do not parse.
static const char *const bad_lines[] = {
	"profile=6ad33be goos=linux func=sysAlloc",                          // no arch
	"profile=6ad33be goos=linux func=sysAlloc arch=vax",                 // unknown arch
	"profile=6ad33be goos=linux func=sysAlloc arch=386 n=0x100000000",   // n too wide
	"profile=6ad33be goos=linux func=sysAlloc arch=386 ptrsize=8",       // disagrees
	"profile=6ad33be goos=linux func=sysAlloc arch=mips be=0",           // disagrees
	"profile=6ad33be goos=linux func=sysAlloc arch=amd64 color=blue",    // unknown field
	"profile=6ad33be goos=linux func=sysAlloc arch=amd64 n=12z",         // bad number
	"profile=6ad33be goos=linux func=sysAlloc arch=amd64 reserved=2",    // not a bool
	"profile=6ad33be goos=linux func=sysAlloc arch=amd64 stray",         // no '='
};

// field returns the text after "<key> " on the trace's line starting so.
static const char *field(const char *trace, const char *key, char *buf, size_t n) {
	size_t kl = strlen(key);
	for (const char *l = trace; *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, key, kl) == 0 && l[kl] == ' ') {
			const char *e = strchr(l, '\n');
			size_t len = (size_t)(e - l) - kl - 1;
			if (len >= n) {
				len = n - 1;
			}
			memcpy(buf, l + kl + 1, len);
			buf[len] = '\0';
			return buf;
		}
		if (strchr(l, '\n') == NULL) {
			break;
		}
	}
	return NULL;
}

// calls_of lists the trace's call primitives, space-separated.
static void calls_of(const char *trace, char *buf, size_t n) {
	buf[0] = '\0';
	for (const char *l = trace; *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, "call ", 5) == 0) {
			char prim[32];
			sscanf(l + 5, "%31s", prim);
			if (buf[0] != '\0') {
				strncat(buf, " ", n - strlen(buf) - 1);
			}
			strncat(buf, prim, n - strlen(buf) - 1);
		}
		if (strchr(l, '\n') == NULL) {
			break;
		}
	}
}

static uint64_t stat_of(const char *trace, const xr_arch *a, bool *ok) {
	xr_cell c;
	*ok = xr_trace_cell(trace, "stat", &c);
	return *ok ? xr_cell_load(a, &c) : 0;
}

static void sysalloc_body(xr_os *os, void *arg) {
	(void)arg;
	xr_mem_linux_6ad33be.sysalloc(os, 0x1000, &os->stat);
}

static xr_text out;

// trace_of parses scenario (with its GOOS's conventions) and traces it
// into out; false, with msg set, if it does not parse.
static bool trace_of(const char *scenario, xr_scenario *sc, char *msg, size_t msglen) {
	out.len = 0;
	out.s[0] = '\0';
	if (!xr_scenario_parse(with_conv(scenario), sc, msg, msglen)) {
		return false;
	}
	xr_trace(sc, &out);
	out.s[out.len] = '\0';
	return true;
}

// check_case checks one row of cases: its outcome, calls, stat cell and
// stderr.
static void check_case(const tcase *k) {
	xr_scenario sc;
	char msg[160];
	if (!trace_of(k->scenario, &sc, msg, sizeof msg)) {
		XR_FAIL("%s: the scenario does not parse: %s", k->what, msg);
		return;
	}
	char buf[400];
	const char *got = field(out.s, "outcome", buf, sizeof buf);
	if (got == NULL || strcmp(got, k->outcome) != 0) {
		XR_FAIL("%s: outcome %s, want %s\n%s", k->what, got ? got : "(none)", k->outcome, out.s);
		return;
	}
	if (k->calls != NULL) {
		calls_of(out.s, buf, sizeof buf);
		XR_CHECK_STR(k->what, buf, k->calls);
		bool ok;
		uint64_t st = stat_of(out.s, sc.arch, &ok);
		if (!ok) {
			XR_FAIL("%s: no stat cell in\n%s", k->what, out.s);
		}
		XR_CHECK_U64(k->what, st, k->stat);
	}
	if (k->err != NULL) {
		char want[300];
		snprintf(want, sizeof want, "\"%s\"", k->err);
		got = field(out.s, "stderr", buf, sizeof buf);
		XR_CHECK_STR(k->what, got ? got : "(none)", want);
	}
}

// check_tables runs cases, args_cases and bad_lines; it returns how many.
static long check_tables(void) {
	long n = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++, n++) {
		check_case(&cases[i]);
	}
	for (size_t i = 0; i < sizeof args_cases / sizeof args_cases[0]; i++, n++) {
		xr_scenario sc;
		char msg[160];
		if (!trace_of(args_cases[i].scenario, &sc, msg, sizeof msg)) {
			XR_FAIL("the scenario does not parse: %s: %s", msg, args_cases[i].scenario);
			continue;
		}
		if (strstr(out.s, args_cases[i].text) == NULL) {
			XR_FAIL("the trace of %s\nlacks %s:\n%s", args_cases[i].scenario, args_cases[i].text, out.s);
		}
	}
	for (size_t i = 0; i < sizeof bad_lines / sizeof bad_lines[0]; i++, n++) {
		xr_scenario sc;
		char msg[160];
		if (xr_scenario_parse(bad_lines[i], &sc, msg, sizeof msg)) {
			XR_FAIL("parsed a bad line: %s", bad_lines[i]);
		}
	}
	return n;
}

// check_full_trace checks one trace in full: the format the Go harness
// must produce byte for byte.
static void check_full_trace(void) {
	xr_scenario sc;
	char msg[160];
	trace_of("id=9 profile=6ad33be goos=darwin func=newosproc0 arch=arm "
		 "fresh=0xffff8000 n=0x10000 fn=0x1234 stacks=0x10 "
		 "script=bsdthread_create:-35",
		 &sc, msg, sizeof msg);
	XR_CHECK_STR("full trace", out.s,
		     "trace id=9\n"
		     "call mmap v=0x0 n=0x10000 prot=0x3 flags=0x1002 fd=-1 off=0 -> 0xffff8000\n"
		     "call sigprocmask how=3 new=0xffffffff old=set\n"
		     "call bsdthread_create stk=0x8000 arg=0x1234 fn=0x0 -> -35\n"
		     "call sigprocmask how=3 new=0x0 old=nil\n"
		     "call write fd=2 \"runtime: failed to create new OS thread\\n\"\n"
		     "cells stat=0000000000000000 other_sys=0000000000000000 stacks_sys=1000010000000000\n"
		     "outcome exit 1\n"
		     "stderr \"runtime: failed to create new OS thread\\n\"\n"
		     "end\n");
}

// check_conventions: a constant the scenario does not give ends the run
// with a throw naming it, and so does a failure whose convention it does
// not give; malformed conventions do not parse.
static void check_conventions(void) {
	static xr_os os;
	xr_os_init(&os, xr_arch_lookup("amd64"), XR_PRINT_2015, "vms");
	xr_os_run(&os, sysalloc_body, NULL);
	const char *want = "xaddref model: the scenario gives no _";  // whichever it reads first
	XR_CHECK_STR("no defs", strncmp(os.throw_msg, want, strlen(want)) == 0 ? want : os.throw_msg, want);
	XR_CHECK_U64("no defs stops", os.stopped, XR_THREW);
	xr_os_init(&os, xr_arch_lookup("amd64"), XR_PRINT_2015, "vms");
	XR_CHECK_U64("conventions", (xr_os_conventions(&os, "", "", "", "_PROT_READ:1,_PROT_WRITE:2,_MAP_ANON:0x20,_MAP_PRIVATE:2")) ? 1 : 0, 1);
	xr_os_script(&os, "mmap", "e12");
	xr_os_run(&os, sysalloc_body, NULL);
	XR_CHECK_STR("no mmap convention", os.throw_msg, "xaddref model: the scenario gives no mmap failure convention");
	XR_CHECK_U64("bad conventions", (!xr_os_conventions(&os, "sometimes", "", "", "-")) ? 1 : 0, 1);
	XR_CHECK_U64("bad munmap convention", (!xr_os_conventions(&os, "", "often", "", "-")) ? 1 : 0, 1);
	XR_CHECK_U64("bad defs", (!xr_os_conventions(&os, "", "", "", "_PROT_READ")) ? 1 : 0, 1);
}

// check_quote checks the quoting of bytes outside printable ASCII.
static void check_quote(void) {
	out.len = 0;
	xr_text_quote(&out, "a\\\"\t\x01\xff", 6);
	out.s[out.len] = '\0';
	XR_CHECK_STR("quote", out.s, "\"a\\\\\\\"\\t\\x01\\xff\"");
}

int main(void) {
	long n = check_tables();
	check_full_trace();
	check_conventions();
	check_quote();
	return xr_test_done("variants_test", n + 3);
}

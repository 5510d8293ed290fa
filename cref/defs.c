#include "defs.h"

#include <string.h>

// os1_linux.go: cloneFlags = _CLONE_VM | _CLONE_FS | _CLONE_FILES |
// _CLONE_SIGHAND | _CLONE_THREAD.
enum { LINUX_CLONE = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 };

static const xr_defs defs[] = {
	// goos        prot    map_anon private fixed eagain enomem clone sigsetmask
	{"linux", 0x1, 0x2, 0x20, 0x2, 0x10, 0xb, 0xc, LINUX_CLONE, 2},
	{"darwin", 0x1, 0x2, 0x1000, 0x2, 0x10, 0x23, 0, 0, 3},
	{"dragonfly", 0x1, 0x2, 0x1000, 0x2, 0x10, 0x23, 0, 0, 0},
	{"freebsd", 0x1, 0x2, 0x1000, 0x2, 0x10, 0x23, 0, 0, 0},
	{"netbsd", 0x1, 0x2, 0x1000, 0x2, 0x10, 0x23, 0, 0, 3},
	{"openbsd", 0x1, 0x2, 0x1000, 0x2, 0x10, 0x23, 0, 0, 3},
	{"solaris", 0x1, 0x2, 0x100, 0x2, 0x10, 0xb, 0, 0, 3},
	{"nacl", 0x1, 0x2, 0x20, 0x2, 0x10, 11, 12, 0, 0},
	{"windows", 1, 2, 1, 2, 0, 0, 0, 0, 0},
	{"plan9", 0, 0, 0, 0, 0, 0, 0, 0, 0},
};

const xr_defs *xr_defs_lookup(const char *goos) {
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
		if (strcmp(defs[i].goos, goos) == 0) {
			return &defs[i];
		}
	}
	return NULL;
}

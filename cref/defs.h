// The constants of defs_<goos>_<goarch>.go (and os*_<goos>.go) that the
// memory variants pass to the OS, per GOOS. They are the amd64 values: the
// model's architectures vary pointer size and byte order, not the OS ABI.
#ifndef XADDREF_CREF_DEFS_H
#define XADDREF_CREF_DEFS_H

#include <stdint.h>

typedef struct {
	const char *goos;
	int32_t prot_read, prot_write;
	int32_t map_anon, map_private, map_fixed;
	uint64_t eagain, enomem;  // 0 where the tree does not define it
	// os1_linux.go: _CLONE_* and cloneFlags; os2_<goos>.go: _SIG_SETMASK.
	int32_t clone_flags;
	uint32_t sig_setmask;
} xr_defs;

// xr_defs_lookup returns goos's constants, or NULL.
const xr_defs *xr_defs_lookup(const char *goos);

#endif

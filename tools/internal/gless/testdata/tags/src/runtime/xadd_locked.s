// +build arm

#include "textflag.h"

// An old-style build line in an assembly file: linux/arm only (with the
// _arm suffix, which says the same).
TEXT runtime·xadd64(SB),NOSPLIT,$0-20
	BL	runtime·lock(SB) // want `FAIL sysAlloc -> xadd64 -> lock \[needs a G`
	RET

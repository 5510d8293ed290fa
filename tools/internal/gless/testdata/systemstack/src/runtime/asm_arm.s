#include "textflag.h"

// A systemstack that needs no G: only the closure can fail.
TEXT runtime·systemstack(SB),NOSPLIT,$0-4
	MOVW	fn+0(FP), R0
	BL	(R0)
	RET

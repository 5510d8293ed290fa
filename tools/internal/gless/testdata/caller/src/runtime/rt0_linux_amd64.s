#include "textflag.h"

TEXT _rt0_amd64_linux_lib(SB),NOSPLIT,$0
	MOVQ	$runtime·newosproc0(SB), AX
	CALL	AX
	RET

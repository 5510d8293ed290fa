#include "textflag.h"

// systemstack reads g.m, as the real one does.
TEXT runtime·systemstack(SB), NOSPLIT, $0-8
	MOVQ	fn+0(FP), DI
	get_tls(CX)
	MOVQ	g(CX), AX
	MOVQ	g_m(AX), BX
	CALL	DI
	RET

#include "textflag.h"

// asmcgocall switches stacks only when there is a g.
TEXT ·asmcgocall(SB),NOSPLIT,$0-20
	MOVQ	fn+0(FP), AX
	get_tls(CX)
	MOVQ	g(CX), DI
	CMPQ	DI, $0
	JEQ	nosave
	MOVQ	g_m(DI), R8
	CALL	gosave<>(SB)
	RET
nosave:
	CALL	AX
	RET

TEXT gosave<>(SB),NOSPLIT,$0
	get_tls(CX)
	MOVQ	g(CX), AX
	MOVQ	(g_sched+gobuf_sp)(AX), SP
	RET

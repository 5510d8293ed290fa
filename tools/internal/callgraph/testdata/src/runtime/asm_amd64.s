#include "textflag.h"

TEXT runtime·systemstack(SB), NOSPLIT, $0-8 // want `systemstack: nosplit; needs a G: reads g_m\(AX\) \(asm_amd64.s:6\)$`
	get_tls(CX)
	MOVQ	g(CX), AX
	MOVQ	g_m(AX), BX
	RET

TEXT ·guarded(SB),NOSPLIT,$0 // want `guarded: nosplit$`
	get_tls(CX)
	MOVQ	g(CX), DI
	CMPQ	DI, $0
	JEQ	nog
	MOVQ	g_m(DI), R8
	CALL	runtime·lock(SB) // want `^call lock; with g: only when g is not nil \(checked at asm_amd64.s:12\)$`
nog:
	JMP	runtime·worker(SB) // want `^call worker$`

TEXT ·misaligned(SB),NOSPLIT,$0 // want `misaligned: nosplit$`
	TESTL	$7, AX
	JZ	2(PC)
	CALL	runtime·throw(SB) // want `^call throw; ends: throw \(asm_amd64.s:22\) does not return$`
	RET

TEXT ·leaf(SB),$16 // want `leaf: nosplit`
	RET

TEXT ·framed(SB),$256 // want `framed: not nosplit \(TEXT without NOSPLIT\)`
	RET

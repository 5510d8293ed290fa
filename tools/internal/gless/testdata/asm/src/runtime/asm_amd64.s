#include "textflag.h"

TEXT runtime·xadd64(SB), NOSPLIT, $0-24
	JMP	runtime·xadd64slow(SB)

// 7 = NOPROF|DUPOK|NOSPLIT: nosplit in the numeric form.
TEXT ·xadd64slow(SB),7,$0
	CALL	runtime·lockasm(SB) // want `^sysAlloc -> xadd64 -> xadd64slow -> lockasm \[needs a G: reads g_m\(AX\) \(asm_amd64.s:14\)\]`
	RET

TEXT runtime·lockasm(SB),NOSPLIT,$0
	get_tls(CX)
	MOVQ	g(CX), AX
	MOVQ	g_m(AX), BX	// needs a G
	RET

// 3 = NOPROF|DUPOK: not nosplit, and it calls, so the assembler keeps
// the check.
TEXT runtime·munmap(SB),3,$16-16
	CALL	runtime·exit(SB)
	RET

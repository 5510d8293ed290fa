// What runtime/panic.go's throw writes and how it ends the program, in
// Go 1.19 and Go 1.26 (measured: a child that calls (*sysMemStat).add to
// throw, on linux/amd64, its bytes on fd 2 and its exit status).
#ifndef XADDREF_CREF_PANIC_H
#define XADDREF_CREF_PANIC_H

#include "mstats.h"

// xr_throw ends o's call with throw(msg) from a goroutine whose function
// is caller (how its traceback line starts): it appends to o->stderr_
// "fatal error: " and msg, a newline, then the traceback's first bytes
// ("\ngoroutine "), and sets o's exit status and its traceback.
void xr_throw(xr_outcome *o, const char *msg, const char *caller);

#endif

#include "panic.h"

#include <string.h>

// error.go printindented: print(s) with a tab after each newline inside it.
static void printindented(xr_buf *b, const char *s) {
	for (const char *nl; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		char line[sizeof b->s];
		size_t n = (size_t)(nl - s) + 1;
		if (n >= sizeof line) {
			n = sizeof line - 1;
		}
		memcpy(line, s, n);
		line[n] = '\0';
		xr_print_string(b, line);
		xr_print_string(b, "\t");
	}
	xr_print_string(b, s);
}

// panic.go:1220 throw (Go 1.26; panic.go:1040 in Go 1.19, which prints s
// as it is: the same bytes for a message without a newline, as every
// message the model throws is).
void xr_throw(xr_outcome *o, const char *msg, const char *caller) {
	xr_print_string(&o->stderr_, "fatal error: ");
	printindented(&o->stderr_, msg);
	xr_print_string(&o->stderr_, "\n");
	// fatalthrow -> dopanic_m: gotraceback() gives level 2 to every
	// runtime throw, whatever GOTRACEBACK says (runtime1.go), so the
	// traceback always follows: print("\n"), then goroutineheader(gp) of
	// the goroutine that threw, "goroutine N ...", its number and the rest
	// differing from run to run, then its frames from runtime.throw down,
	// then the other goroutines'.
	xr_print_string(&o->stderr_, "\ngoroutine ");
	o->traceback = caller;
	// Then exit(2); under GOTRACEBACK=crash, crash() instead (SIGABRT),
	// which the model leaves out: the suite's children run with
	// GOTRACEBACK=single.
	o->exited = true;
	o->exit_code = 2;
}

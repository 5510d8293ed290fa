#include "variants.h"

#include <stdio.h>

#include "mstats.h"

// settle plays what a call of mSysStatInc/Dec wrote to fd 2 and the
// exit it decided on in the scripted run.
static void settle(xr_os *os, const xr_outcome *o) {
	if (o->exited) {
		xr_os_print_string(os, o->stderr_.s);
		xr_os_exit(os, o->exit_code);
	}
}

void xr_os_msysstat_inc(xr_os *os, xr_cell *sysStat, uint64_t n) {
	xr_outcome o;
	xr_msysstat_inc(os->arch, sysStat, n, &o);
	settle(os, &o);
}

void xr_os_msysstat_dec(xr_os *os, xr_cell *sysStat, uint64_t n) {
	xr_outcome o;
	xr_msysstat_dec(os->arch, sysStat, n, &o);
	settle(os, &o);
}

#include "variants.h"

#include <stdio.h>

#include "mstats.h"

void xr_os_msysstat_inc(xr_os *os, xr_cell *sysStat, uint64_t n) {
	xr_outcome o;
	xr_msysstat_inc(os->arch, sysStat, n, &o);
	if (o.exited) {
		xr_os_print_string(os, o.stderr_.s);
		xr_os_exit(os, o.exit_code);
	}
}

void xr_os_msysstat_dec(xr_os *os, xr_cell *sysStat, uint64_t n) {
	xr_outcome o;
	xr_msysstat_dec(os->arch, sysStat, n, &o);
	if (o.exited) {
		xr_os_print_string(os, o.stderr_.s);
		xr_os_exit(os, o.exit_code);
	}
}

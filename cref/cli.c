// cref: the reference model's command line (tools/xaddref model runs it).
//
//   cref xadd --arch A --cell C --delta D   -> ret=0x%x cell=0x%016x
//   cref stat-inc --arch A --cell C --n N   -> cell=0x%016x event=ok|exit2 msg="..."
//   cref stat-dec --arch A --cell C --n N
//   cref arches                             -> name ptrsize endian era, a line each
//
// Values are decimal or 0x-hex. Exit 0 on success, 2 on a usage error.
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "cell.h"
#include "mstats.h"
#include "number.h"

static const char usage[] =
	"usage: cref xadd --arch A --cell C --delta D\n"
	"       cref stat-inc --arch A --cell C --n N\n"
	"       cref stat-dec --arch A --cell C --n N\n"
	"       cref arches\n";

static int usage_error(const char *fmt, const char *arg) {
	fprintf(stderr, "cref: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return 2;
}


typedef struct {
	const char *name;  // flag without "--"
	const char *value;
} flag;

// parse_flags fills flags[i].value from argv; every flag is required.
static int parse_flags(int argc, char **argv, flag *flags, size_t nflags) {
	for (int i = 0; i < argc; i += 2) {
		if (strncmp(argv[i], "--", 2) != 0) {
			return usage_error("unexpected argument %s", argv[i]);
		}
		flag *f = NULL;
		for (size_t j = 0; j < nflags; j++) {
			if (strcmp(argv[i] + 2, flags[j].name) == 0) {
				f = &flags[j];
			}
		}
		if (f == NULL) {
			return usage_error("unknown flag %s", argv[i]);
		}
		if (i + 1 >= argc) {
			return usage_error("flag %s needs a value", argv[i]);
		}
		f->value = argv[i + 1];
	}
	for (size_t j = 0; j < nflags; j++) {
		if (flags[j].value == NULL) {
			return usage_error("missing flag --%s", flags[j].name);
		}
	}
	return 0;
}

// operands parses --arch, --cell and the uintptr-sized third flag.
static int operands(int argc, char **argv, const char *third, const xr_arch **a,
		    uint64_t *cell, uint64_t *x) {
	flag flags[] = {{"arch", NULL}, {"cell", NULL}, {third, NULL}};
	int rc = parse_flags(argc, argv, flags, 3);
	if (rc != 0) {
		return rc;
	}
	*a = xr_arch_lookup(flags[0].value);
	if (*a == NULL) {
		return usage_error("unknown arch %s (cref arches lists them)", flags[0].value);
	}
	if (!xr_parse_u64(flags[1].value, false, cell)) {
		return usage_error("--cell %s is not a 64-bit decimal or 0x-hex number",
				   flags[1].value);
	}
	if (!xr_parse_u64(flags[2].value, false, x)) {
		return usage_error("malformed number %s", flags[2].value);
	}
	if (*x > xr_uintptr_mask(*a)) {
		fprintf(stderr, "cref: --%s %s does not fit a %u-byte uintptr on %s\n", third,
			flags[2].value, (*a)->ptrsize, (*a)->name);
		return 2;
	}
	return 0;
}

static int cmd_xadd(int argc, char **argv) {
	const xr_arch *a;
	uint64_t v, delta;
	int rc = operands(argc, argv, "delta", &a, &v, &delta);
	if (rc != 0) {
		return rc;
	}
	xr_cell c = xr_cell_store(a, v);
	uint64_t ret = xr_xadduintptr(a, &c, delta);
	printf("ret=0x%" PRIx64 " cell=0x%016" PRIx64 "\n", ret, xr_cell_load(a, &c));
	return 0;
}

static int cmd_stat(int argc, char **argv, bool inc) {
	const xr_arch *a;
	uint64_t v, n;
	int rc = operands(argc, argv, "n", &a, &v, &n);
	if (rc != 0) {
		return rc;
	}
	xr_cell c = xr_cell_store(a, v);
	xr_outcome o;
	(inc ? xr_msysstat_inc : xr_msysstat_dec)(a, &c, n, &o);
	printf("cell=0x%016" PRIx64, xr_cell_load(a, &c));
	if (!o.exited) {
		printf(" event=ok\n");
		return 0;
	}
	size_t len = o.stderr_.len;
	if (len > 0 && o.stderr_.s[len - 1] == '\n') {
		len--;
	}
	printf(" event=exit%d msg=\"%.*s\"\n", o.exit_code, (int)len, o.stderr_.s);
	return 0;
}

static int cmd_arches(int argc, char **argv) {
	(void)argv;
	if (argc != 0) {
		return usage_error("arches takes no arguments%s", "");
	}
	for (size_t i = 0; i < xr_narches; i++) {
		const xr_arch *a = &xr_arches[i];
		printf("%s %u %s %s\n", a->name, a->ptrsize, a->big_endian ? "big" : "little",
		       a->in_6ad33be ? "6ad33be" : "later");
	}
	return 0;
}

int main(int argc, char **argv) {
	if (argc < 2) {
		return usage_error("missing command%s", "");
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "xadd") == 0) {
		return cmd_xadd(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "stat-inc") == 0) {
		return cmd_stat(argc - 2, argv + 2, true);
	}
	if (strcmp(cmd, "stat-dec") == 0) {
		return cmd_stat(argc - 2, argv + 2, false);
	}
	if (strcmp(cmd, "arches") == 0) {
		return cmd_arches(argc - 2, argv + 2);
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	return usage_error("unknown command %s", cmd);
}

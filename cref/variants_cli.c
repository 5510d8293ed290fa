// variants: the C variant models' command line, for the Go harness.
//
//   variants            reads scenarios from stdin, one a line, and writes
//                       their traces to stdout (trace.h), in order
//   variants arches     name ptrsize big-endian, a line per architecture
//
// One process serves any number of scenarios. Exit 0, or 2 on a usage error.
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "trace.h"

int main(int argc, char **argv) {
	if (argc == 2 && strcmp(argv[1], "arches") == 0) {
		for (size_t i = 0; i < xr_narches; i++) {
			printf("%s %u %d\n", xr_arches[i].name, xr_arches[i].ptrsize,
			       xr_arches[i].big_endian ? 1 : 0);
		}
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: variants [arches] (scenarios on stdin, traces on stdout)\n");
		return 2;
	}
	static char line[4096];
	static xr_text out;
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (strchr(line, '\n') == NULL && !feof(stdin)) {
			fprintf(stderr, "variants: a scenario line is longer than %zu bytes\n",
				sizeof line - 1);
			return 2;
		}
		if (line[strspn(line, " \t\r\n")] == '\0') {
			continue;
		}
		out.len = 0;
		xr_scenario sc;
		char msg[160];
		if (xr_scenario_parse(line, &sc, msg, sizeof msg)) {
			xr_trace(&sc, &out);
		} else {
			// The id, if any, so that the harness can pair the error.
			const char *id = strstr(line, "id=");
			char idbuf[24] = "?";
			if (id != NULL) {
				sscanf(id + 3, "%23[^ \t\r\n]", idbuf);
			}
			xr_trace_error(idbuf, msg, &out);
		}
		fwrite(out.s, 1, out.len, stdout);
	}
	return 0;
}

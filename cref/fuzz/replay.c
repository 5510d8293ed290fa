// Replays a fuzz target's corpus without libFuzzer: each file named on the
// command line is one input. Bazel builds it with the project's compiler
// and flags, and under --config=asan|ubsan|tsan, so the committed seeds
// are tests of their own.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: replay FILE...\n");
		return 2;
	}
	static uint8_t buf[1 << 16];
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 2;
		}
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		printf("replay: %s (%zu bytes)\n", argv[i], n);
		fflush(stdout);
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("replay: PASS: %d inputs\n", argc - 1);
	return 0;
}

#include "arch.h"

#include <string.h>

// 6ad33be's GOARCHes (runtime/arch*.go of that tree), then later Go's
// (runtime/internal/sys/zgoarch_*.go). _BigEndian follows arch_<goarch>.go.
const xr_arch xr_arches[] = {
	{"386", 4, false, true},
	{"amd64", 8, false, true},
	{"amd64p32", 4, false, true},
	{"arm", 4, false, true},
	{"arm64", 8, false, true},
	{"ppc64", 8, true, true},
	{"ppc64le", 8, false, true},
	{"mips", 4, true, false},
	{"mipsle", 4, false, false},
	{"mips64", 8, true, false},
	{"mips64le", 8, false, false},
	{"s390x", 8, true, false},
	{"riscv64", 8, false, false},
	{"loong64", 8, false, false},
	{"wasm", 8, false, false},
};

const size_t xr_narches = sizeof xr_arches / sizeof xr_arches[0];

const xr_arch *xr_arch_lookup(const char *name) {
	for (size_t i = 0; i < xr_narches; i++) {
		if (strcmp(xr_arches[i].name, name) == 0) {
			return &xr_arches[i];
		}
	}
	return NULL;
}

unsigned long long xr_uintptr_mask(const xr_arch *a) {
	return a->ptrsize == 8 ? ~0ULL : (1ULL << (8 * a->ptrsize)) - 1;
}

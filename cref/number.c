#include "number.h"

#include <errno.h>
#include <stdlib.h>

bool xr_parse_u64(const char *s, bool allow_negative, uint64_t *out) {
	bool neg = false;
	if (allow_negative && *s == '-') {
		neg = true;
		s++;
	}
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0') {
		return false;
	}
	for (const char *p = s; *p; p++) {
		bool ok = (*p >= '0' && *p <= '9') ||
			  (base == 16 && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')));
		if (!ok) {
			return false;
		}
	}
	errno = 0;
	unsigned long long v = strtoull(s, NULL, base);
	if (errno == ERANGE) {
		return false;
	}
	*out = neg ? -(uint64_t)v : (uint64_t)v;
	return true;
}

int64_t xr_as_int64(uint64_t u) {
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

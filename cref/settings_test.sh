#!/usr/bin/env bash
# The settings the model's tests and the vectors command read: a malformed
# one exits 2 with a message naming it, before any case runs, since a run
# of no cases would pass; a good one is used as given.
#   settings_test.sh PROPERTY_TEST VECTORS
set -euo pipefail
property=$1
vectors=$2
fail=0
cases=0

# run WANT_STATUS PATTERN CMD...: exit WANT_STATUS, output matches PATTERN.
run() {
	local want=$1 pattern=$2 out rc=0
	shift 2
	cases=$((cases + 1))
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" != "$want" ] || ! grep -q -- "$pattern" <<<"$out"; then
		printf '%s: exit %s, output:\n%s\nwant exit %s and %s\n' "$*" "$rc" "$out" "$want" "$pattern" >&2
		fail=$((fail + 1))
	fi
}

run 2 'XADDREF_CASES=abc: not a number of cases' env XADDREF_CASES=abc "$property"
run 2 'XADDREF_CASES=10x: not a number of cases' env XADDREF_CASES=10x "$property"
run 2 'XADDREF_CASES=0: not a number of cases' env XADDREF_CASES=0 "$property"
run 2 'XADDREF_CASES=-3: not a number of cases' env XADDREF_CASES=-3 "$property"
run 2 'XADDREF_SEED=12x: not a 64-bit number' env XADDREF_SEED=12x XADDREF_CASES=10 "$property"
run 2 'XADDREF_SEED=0x1ffffffffffffffff: not a 64-bit number' \
	env XADDREF_SEED=0x1ffffffffffffffff XADDREF_CASES=10 "$property"
run 0 'PASS: 450 cases' env XADDREF_CASES=10 XADDREF_SEED=7 "$property"
run 0 'seed=18446744073709551611 ' env XADDREF_CASES=0x10 XADDREF_SEED=-5 "$property"

run 2 'vectors: --seed: not a 64-bit number' "$vectors" --arch amd64 --seed 12x --n 1
run 2 'vectors: --n: not a number of operations' "$vectors" --arch amd64 --seed 1 --n -1
run 2 'vectors: unknown flag' "$vectors" --arch amd64 --sed 1 --n 1
run 2 'vectors: --arch: the model has no such architecture' "$vectors" --arch sparc --seed 1 --n 1
run 2 'vectors: three to five flags' "$vectors" --arch amd64 --seed 1
run 2 'vectors: --checks: a comma-separated list' "$vectors" --arch amd64 --seed 1 --n 1 --checks values,bogus
run 2 'vectors: --era: 2015 or go1.19' "$vectors" --arch amd64 --seed 1 --n 1 --era go1.26
# A negative seed (the Go tests' int64) is printed as it was given.
run 0 '^# xaddref vectors arch=ppc64 seed=-5 n=2 era=2015 checks=values,layout$' "$vectors" --arch ppc64 --seed -5 --n 2
run 0 '^# xaddref vectors arch=ppc64 seed=-9223372036854775808 n=0 era=2015 checks=values,layout$' \
	"$vectors" --arch ppc64 --seed -9223372036854775808 --n 0
run 0 '^stat add 10 ffffffffffffffe0 fffffffffffffff0 2 [0-9a-f]* 72756e74696d652e282a7379734d656d53746174292e61646428$' \
	"$vectors" --arch loong64 --seed 1 --n 0 --era go1.19 --checks stat

if [ "$fail" -ne 0 ]; then
	echo "settings_test: FAIL: $fail of $cases cases"
	exit 1
fi
echo "settings_test: PASS: $cases cases"

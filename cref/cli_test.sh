#!/usr/bin/env bash
# The model's command line: the examples of its specification, and usage
# errors that must exit 2 with a message.
set -euo pipefail
cref=$1
fail=0
cases=0

expect() {  # expect WANT ARGS...: stdout and exit 0
	local want=$1 got
	shift
	cases=$((cases + 1))
	if ! got=$("$cref" "$@" 2>&1) || [ "$got" != "$want" ]; then
		printf 'cref %s\n  got:  %s\n  want: %s\n' "$*" "$got" "$want" >&2
		fail=$((fail + 1))
	fi
}

usage_error() {  # usage_error PATTERN ARGS...: exit 2, stderr matches
	local pattern=$1 err rc=0
	shift
	cases=$((cases + 1))
	err=$("$cref" "$@" 2>&1 >/dev/null) || rc=$?
	if [ "$rc" != 2 ] || ! grep -q -- "$pattern" <<<"$err"; then
		printf 'cref %s: exit %s, stderr %s; want exit 2 and %s\n' "$*" "$rc" "$err" "$pattern" >&2
		fail=$((fail + 1))
	fi
}

expect 'ret=0x0 cell=0x0000000100000000' xadd --arch 386 --cell 0x00000001ffffffff --delta 1
expect 'ret=0x2 cell=0x00000002ffffffff' xadd --arch mips --cell 0x00000001ffffffff --delta 1
expect 'cell=0x0000000000000010 event=exit2 msg="runtime: stat overflow: val 16, n 32"' \
	stat-inc --arch arm --cell 0x00000000fffffff0 --n 0x20
expect 'cell=0xfffffffffffffff0 event=exit2 msg="runtime: stat underflow: val -16, n 32"' \
	stat-dec --arch amd64 --cell 0x10 --n 0x20
expect 'cell=0x0000000000000001 event=ok' stat-inc --arch ppc64 --cell 0xffffffffffffffff --n 2
expect 'ret=0xffffffffffffffff cell=0xffffffffffffffff' xadd --arch amd64 --cell 0 --delta 18446744073709551615
expect 'cell=0x0000000000000000 event=ok' stat-dec --arch 386 --cell 32 --n 32

usage_error 'unknown arch sparc' xadd --arch sparc --cell 0 --delta 1
usage_error 'is not a 64-bit' xadd --arch amd64 --cell 0x1ffffffffffffffff --delta 1
usage_error 'malformed number 12z' xadd --arch amd64 --cell 0 --delta 12z
usage_error 'malformed number -1' stat-inc --arch amd64 --cell 0 --n -1
usage_error 'does not fit a 4-byte uintptr on 386' xadd --arch 386 --cell 0 --delta 0x100000000
usage_error 'does not fit a 4-byte uintptr on mips' stat-dec --arch mips --cell 0 --n 4294967296
usage_error 'missing flag --n' stat-inc --arch amd64 --cell 0
usage_error 'needs a value' xadd --arch amd64 --cell 0 --delta
usage_error 'unknown flag --bogus' xadd --arch amd64 --cell 0 --delta 1 --bogus 1
usage_error 'unknown command frob' frob
usage_error 'missing command'

if [ "$fail" -ne 0 ]; then
	echo "cli_test: FAIL: $fail of $cases cases"
	exit 1
fi
echo "cli_test: PASS: $cases cases"

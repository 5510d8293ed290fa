#!/usr/bin/env bash
# Installs the Debian packages of tools/packages.txt that are missing.
# Idempotent: with everything present it only reads dpkg's database.
#   setup.sh          install what is missing (root), or say what is (exit 2)
#   setup.sh --check  exit 0 if nothing is missing, 3 otherwise; no output
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mapfile -t wanted < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/packages.txt")

# One dpkg-query for the whole list: a package it does not know is absent
# from its output.
declare -A installed=()
while read -r pkg status; do
	[ "$status" = installed ] && installed[$pkg]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
missing=()
for pkg in "${wanted[@]}"; do
	[ -n "${installed[$pkg]:-}" ] || missing+=("$pkg")
done

if [ "${1:-}" = --check ]; then
	[ "${#missing[@]}" -eq 0 ] || exit 3
	exit 0
fi

if [ "${#missing[@]}" -eq 0 ]; then
	echo "xaddref setup: all ${#wanted[@]} packages present"
	exit 0
fi

echo "xaddref setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "xaddref setup: missing Debian packages: ${missing[*]}" >&2
	echo "xaddref setup: run 'sudo tools/xaddref setup' or install them with apt-get" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq || ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "xaddref setup: apt-get could not install: ${missing[*]}" >&2
	exit 2
fi
echo "xaddref setup: installed ${#missing[@]} packages"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Print, one per line, the result names (<suite>.<test>) that
# guest-tests.sh must leave for the same arguments, so that the host can
# tell a test that failed from one that never ran. Exits 1 when nothing
# would run (an empty suite, or -t naming no test).
#
#   guest-expect.sh [-t NAME,...] SUITE_DIR...
set -euo pipefail
only=
if [ "${1:-}" = -t ]; then only=",$2,"; shift 2; fi
n=0
for dir in "$@"; do
	suite=$(basename "$dir")
	if [ ! -r "$dir/TESTS" ]; then
		echo "$suite.TESTS"
		n=$((n + 1))
		continue
	fi
	while read -r t; do
		[ -n "$t" ] || continue
		[ -z "$only" ] || [[ $only == *",$t,"* ]] || continue
		echo "$suite.$t"
		n=$((n + 1))
	done <"$dir/TESTS"
done
[ $n -gt 0 ]

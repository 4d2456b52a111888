#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Runs inside the test guest: every test binary of each suite directory
# (listed in its TESTS file), each under a timeout, output saved to
# /tmp/kmout/results/<suite>.<test>.{tap,rc} for the host to count.
#
#   guest-tests.sh [-t NAME,...] SUITE_DIR...
set -u
only=
if [ "${1:-}" = -t ]; then only=",$2,"; shift 2; fi
res=/tmp/kmout/results
mkdir -p "$res"

# Start with no kmemleak backlog from boot: leaks found later are ours.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	echo clear >/sys/kernel/debug/kmemleak
fi

for dir in "$@"; do
	suite=$(basename "$dir")
	if [ ! -r "$dir/TESTS" ]; then
		echo "not ok 1 $dir/TESTS is not readable in the guest" >"$res/$suite.TESTS.tap"
		echo 1 >"$res/$suite.TESTS.rc"
		continue
	fi
	while read -r t; do
		[ -n "$t" ] || continue
		[ -z "$only" ] || [[ $only == *",$t,"* ]] || continue
		echo "# running $suite/$t"
		(cd "$dir" && timeout -k 5 "${KMESH_TEST_TIMEOUT:-600}" "./$t") \
			>"$res/$suite.$t.tap" 2>&1
		echo $? >"$res/$suite.$t.rc"
		sed 's/^/  /' "$res/$suite.$t.tap"
	done <"$dir/TESTS"
done

if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >/tmp/kmout/kmemleak
fi
exit 0

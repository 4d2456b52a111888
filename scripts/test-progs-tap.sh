#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Installed under the name of a selftests/bpf test next to test_progs:
# runs `./test_progs -t NAME` and prints its results as TAP, one line per
# test and subtest, with test_progs' own output as comments. Exits with
# test_progs' status.
name=$(basename "$0")
cd "$(dirname "$0")" || exit 1
out=$(./test_progs -t "$name" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
echo "TAP version 13"
# Result lines are "#N[/M] NAME:OK|FAIL|SKIP"; test_progs repeats the failed
# ones after "All error logs:", which are not counted again.
printf '%s\n' "$out" | awk '
	/^All error logs:/ { exit }
	match($0, /^#[0-9]+(\/[0-9]+)?[ \t]+/) {
		rest = substr($0, RLENGTH + 1)
		if (!match(rest, /:(OK|FAIL|SKIP)$/))
			next
		t = substr(rest, 1, RSTART - 1)
		res = substr(rest, RSTART + 1)
		n++
		if (res == "OK")
			print "ok " n " " t
		else if (res == "SKIP")
			print "ok " n " " t " # SKIP"
		else
			print "not ok " n " " t
	}
	END {
		if (!n)
			print "not ok 1 '"$name"' # test_progs reported no result"
		print "1.." (n ? n : 1)
	}'
exit $rc

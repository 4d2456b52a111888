#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Count the results a run left behind and print kselftest-style TAP plus
# the final "N passed, N failed[, N skipped]" line. Exit 1 on any failure.
#
#   scripts/tap-summary.sh [-e EXPECTED] [-g STATUS] RESULTS_DIR [DMESG] [KMEMLEAK]
# RESULTS_DIR holds <suite>.<test>.tap (test output) and .rc (exit code).
# EXPECTED lists the <suite>.<test> names that must have a result: one
# without fails by name (the guest never ran it). STATUS is the guest's
# exit status: anything but 0 fails the run (the runner itself broke).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
expected= guest=
while [ $# -gt 0 ]; do
	case "$1" in
	-e) expected=$2; shift 2 ;;
	-g) guest=$2; shift 2 ;;
	*) break ;;
	esac
done
res=$1 dmesg=${2:-} kmemleak=${3:-}
pass=0 fail=0 skip=0 n=0
failed=()

echo "TAP version 13"
if [ -n "$guest" ]; then
	n=$((n + 1))
	if [ "$guest" = 0 ]; then
		echo "ok $n guest # exited with status 0"
		pass=$((pass + 1))
	else
		echo "not ok $n guest # exited with status $guest"
		fail=$((fail + 1)); failed+=("guest: exited with status $guest")
	fi
fi
if [ -n "$expected" ]; then
	while read -r name; do
		[ -n "$name" ] || continue
		[ -e "$res/$name.tap" ] && continue	# counted below
		n=$((n + 1))
		echo "not ok $n $name # no result from the guest"
		fail=$((fail + 1)); failed+=("$name: no result from the guest")
	done <"$expected"
fi
for tap in "$res"/*.tap; do
	[ -e "$tap" ] || continue
	name=$(basename "$tap" .tap)
	rc=$(cat "${tap%.tap}.rc" 2>/dev/null || echo 'unknown (it did not finish)')
	p=0 f=0 s=0
	while IFS= read -r line; do
		case "$line" in
		"not ok "*)
			f=$((f + 1)); failed+=("$name: ${line#not ok }") ;;
		"ok "*"# SKIP"*) s=$((s + 1)) ;;
		"ok "*) p=$((p + 1)) ;;
		esac
	done <"$tap"
	if [ "$rc" != 0 ] && [ $f -eq 0 ]; then
		f=1
		failed+=("$name: exited with status $rc$( [ "$rc" = 124 ] && echo ' (timeout)')")
	fi
	n=$((n + 1))
	if [ $f -eq 0 ]; then
		echo "ok $n $name # $p passed$( [ $s -gt 0 ] && echo ", $s skipped")"
	else
		echo "not ok $n $name # $f failed"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done

if [ -n "$dmesg" ]; then
	n=$((n + 1))
	if [ ! -s "$dmesg" ]; then
		echo "not ok $n dmesg # no dmesg from the guest"
		fail=$((fail + 1)); failed+=("dmesg: missing")
	elif lines=$(grep -E "$KMESH_SPLAT" "$dmesg"); then
		echo "not ok $n dmesg # kernel splat"
		printf '#   %s\n' "${lines//$'\n'/$'\n'#   }"
		fail=$((fail + 1)); failed+=("dmesg: $(head -n1 <<<"$lines")")
	else
		echo "ok $n dmesg # no splat"
		pass=$((pass + 1))
	fi
fi
if [ -n "$kmemleak" ] && [ -f "$kmemleak" ]; then
	n=$((n + 1))
	if [ -s "$kmemleak" ]; then
		echo "not ok $n kmemleak # leaks reported"
		sed -n '1,40s/^/#   /p' "$kmemleak"
		fail=$((fail + 1)); failed+=("kmemleak: $(head -n1 "$kmemleak")")
	else
		echo "ok $n kmemleak # no leak"
		pass=$((pass + 1))
	fi
fi
echo "1..$n"
for f in "${failed[@]}"; do echo "# FAILED: $f"; done
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ] && [ $n -gt 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Host test of scripts/check-config.sh: it must pass a config that has
# every requested option and name each option that was dropped.
set -u
cc=$(dirname "$0")/../check-config.sh
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 bad=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; bad=1; fi
}

cat >"$t/frag" <<'F'
CONFIG_BPF_SYSCALL=y
CONFIG_FRAME_WARN=2048
# CONFIG_SLUB_TINY is not set
F
printf 'CONFIG_BPF_SYSCALL=y\nCONFIG_FRAME_WARN=2048\n' >"$t/good"
printf 'CONFIG_FRAME_WARN=1024\nCONFIG_SLUB_TINY=y\n' >"$t/bad"

echo "TAP version 13"
echo "1..4"
"$cc" "$t/good" "$t/frag" >/dev/null 2>&1
check $? "all requested options present passes"
out=$("$cc" "$t/bad" "$t/frag" 2>&1)
[ $? -eq 1 ]
check $? "dropped options fail the check"
grep -q 'CONFIG_BPF_SYSCALL=y requested by frag but final .config has CONFIG_BPF_SYSCALL=n' <<<"$out"
check $? "a missing option is named"
grep -q 'CONFIG_SLUB_TINY=n requested by frag but final .config has CONFIG_SLUB_TINY=y' <<<"$out" &&
	grep -q 'CONFIG_FRAME_WARN=2048 requested by frag but final .config has CONFIG_FRAME_WARN=1024' <<<"$out"
check $? "wrong values and unset requests are named"
exit $bad

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Tests of the guest runner itself, run by `make check` once a kernel is
# there: a checkout under /tmp (which the guest covers with its own
# tmpfs) must still run in the guest, and a guest that exits non-zero,
# dies, or leaves no result for a test it was asked to run must fail the
# summary with that test named. Prints TAP.
#
#   scripts/runner-tests.sh BZIMAGE
set -u
. "$(dirname "$0")/lib.sh"
kernel=$1
t=$(mktemp -d /tmp/kmesh-runner.XXXXXX)
trap 'rm -rf "$t"' EXIT
. "$KMESH_TOP/scripts/tap.sh"
# guest_check STATUS NAME LOG: tap.sh's check with LOG's tail and, for a
# guest, the end of its console, so CI's output says why.
guest_check() {
	TAP_DIAG_LINES=20 check "$@"
	[ "$1" = 0 ] && return 0
	local con
	con=$(sed -n 's/.*console: \([^)]*\)).*/\1/p' "$3" 2>/dev/null | tail -n 1)
	[ -n "$con" ] && [ -f "$con" ] && { echo "# --- $con:"; tail -n 30 "$con" | sed 's/^/# /'; }
	return 0
}
export KMESH_VM_QUIET=1 KMESH_VM_TIMEOUT=${KMESH_RUNNER_TIMEOUT:-300}

echo "TAP version 13"
echo "1..8"

# A checkout under /tmp: its scripts, and a file beside them, are seen in
# the guest at the same path, and its guest-init.sh is what boots.
mkdir -p "$t/checkout"
cp -r "$KMESH_TOP/scripts" "$t/checkout/"
echo "seen from the guest" >"$t/checkout/marker"
KMESH_VM_OUT=$t/vm1 bash "$t/checkout/scripts/vm-run.sh" "$kernel" \
	"grep -q 'seen from the guest' $t/checkout/marker && echo ok >/tmp/kmout/seen && touch /tmp/writable" \
	>"$t/vm1.log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$t/vm1/seen" 2>/dev/null)" = ok ]
guest_check $? "a checkout under /tmp runs in the guest, /tmp still writable (status $rc)" "$t/vm1.log"

# A guest command that cannot be found: the status reaches the host.
KMESH_VM_OUT=$t/vm2 "$KMESH_TOP/scripts/vm-run.sh" "$kernel" \
	"$t/checkout/scripts/no-such-script.sh" >"$t/vm2.log" 2>&1
rc=$?
[ $rc -eq 127 ]
guest_check $? "a missing guest script returns 127 to the host (got $rc)" "$t/vm2.log"

# A guest that dies (its kernel panics) before writing its status fails.
# Not a power-off: the guest kernel has no ACPI, so "echo o" only stops
# the devices and then hangs on the dead root until the timeout.
KMESH_VM_OUT=$t/vm3 "$KMESH_TOP/scripts/vm-run.sh" "$kernel" \
	'echo c >/proc/sysrq-trigger; sleep 30' >"$t/vm3.log" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'died without a status' "$t/vm3.log"
guest_check $? "a guest that dies without a status fails (status $rc)" "$t/vm3.log"

# A suite whose second test kills the guest: the first has its result,
# the second and third are named as failed, the summary exits 1.
suite=$t/checkout/suite
mkdir -p "$suite"
printf '#!/bin/sh\necho "ok 1 fine"\n' >"$suite/first"
printf '#!/bin/sh\necho b >/proc/sysrq-trigger; sleep 30\n' >"$suite/dies"
printf '#!/bin/sh\necho "ok 1 never reached"\n' >"$suite/third"
chmod +x "$suite"/*
printf 'first\ndies\nthird\n' >"$suite/TESTS"
"$KMESH_TOP/scripts/guest-expect.sh" "$suite" >"$t/expected"
KMESH_VM_OUT=$t/vm4 bash "$t/checkout/scripts/vm-run.sh" "$kernel" \
	"$t/checkout/scripts/guest-tests.sh $suite" >"$t/vm4.log" 2>&1
rc=$?
out=$("$KMESH_TOP/scripts/tap-summary.sh" -e "$t/expected" -g "$rc" \
	"$t/vm4/results" 2>&1)
src=$?
[ $src -eq 1 ] && grep -q '^# FAILED: suite.third: no result from the guest' <<<"$out" &&
	grep -q '^# FAILED: suite.dies: ' <<<"$out" && grep -q '^ok .* suite.first' <<<"$out"
guest_check $? "tests the guest never finished are named and fail the summary" "$t/vm4.log"

# The summary alone: a non-zero guest status fails even with all passed.
mkdir -p "$t/res"
echo "ok 1 x" >"$t/res/s.a.tap"
echo 0 >"$t/res/s.a.rc"
echo s.a >"$t/exp"
out=$("$KMESH_TOP/scripts/tap-summary.sh" -e "$t/exp" -g 127 "$t/res" 2>&1)
[ $? -eq 1 ] && grep -q '^# FAILED: guest: exited with status 127' <<<"$out"
check $? "a guest status of 127 fails the summary"
"$KMESH_TOP/scripts/tap-summary.sh" -e "$t/exp" -g 0 "$t/res" >/dev/null 2>&1
check $? "all expected results present and status 0 passes"
"$KMESH_TOP/scripts/guest-expect.sh" -t nothing "$suite" >/dev/null 2>&1
[ $? -ne 0 ]
check $? "-t naming no test is an error, not an empty pass"
# make check's host tests: one that fails (under set -e, as they are
# written) is recorded under its name and the next still runs.
mkdir -p "$t/host" "$t/hres"
printf 'set -e\necho "ok 1 before"\nfalse\necho "ok 2 after"\n' >"$t/host/a-fails.sh"
printf 'echo "ok 1 fine"\n' >"$t/host/b-passes.sh"
printf 'host.a-fails\nhost.b-passes\n' >"$t/hexp"
(set -euo pipefail; kmesh_host_tests "$t/hres" "$t/host"; touch "$t/hres/went-on")
out=$("$KMESH_TOP/scripts/tap-summary.sh" -e "$t/hexp" "$t/hres" 2>&1)
[ $? -eq 1 ] && [ -e "$t/hres/went-on" ] &&
	grep -q '^# FAILED: host.a-fails: exited with status 1' <<<"$out" &&
	grep -q '^ok .* host.b-passes # 1 passed' <<<"$out"
check $? "a failing host test is named in the summary and the rest still run"
exit $bad

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The evidence behind v2's changelog: boot v1 of the series (the tree at
# 06e7dfa^) and run selftests/v1-evidence on it. Each test asserts v2's
# behaviour in v1's uapi, so on v1 every one must fail or skip with a
# reason; exits 0 only then.
#
#   scripts/v1-evidence.sh [--kernel DIR]
#
# The v1 kernel is v1's patches (from git) on today's kernel-config
# fragments, built by today's scripts/kernel-build.sh with a cache of its
# own ($KMESH_CACHE/v1-evidence/cache: the shared one would check v1 out
# in the current series' source and object trees); ~6 min on 2 cores
# the first time. --kernel DIR boots a v1 kernel artifact directory
# instead.
#
# Environment: KMESH_V1_REV (default 06e7dfa^); vm-run.sh's KMESH_VM_OUT,
# KMESH_VM_TIMEOUT (default here 1200), KMESH_VM_QUIET (default here 1)
# and KMESH_ACCEL.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kdir=${2:?--kernel needs a directory}; shift 2 ;;
	*) die "usage: $0 [--kernel DIR]" ;;
	esac
done

want=${KMESH_V1_REV:-06e7dfa^}
rev=$(git -C "$KMESH_TOP" rev-parse -q --verify "$want^{commit}") ||
	die "no commit $want in $KMESH_TOP"
work=$KMESH_CACHE/v1-evidence

# (a) v1's patches on today's kernel configs (so failslab, BPF LSM, 9p
# over TCP and TLS are there as for v2: the series is the only change),
# built by today's scripts in a cache of their own: a tree of this
# checkout's scripts/ and kernel-config/ with v1's patches/.
if [ -z "$kdir" ]; then
	tree=$work/tree
	rm -rf "$tree"
	mkdir -p "$tree/patches"
	cp -a "$KMESH_TOP/scripts" "$KMESH_TOP/kernel-config" "$tree/"
	git -C "$KMESH_TOP" show "$rev:patches/series" >"$tree/patches/series"
	while read -r p _; do
		case "$p" in ''|'#'*) continue ;; esac
		git -C "$KMESH_TOP" show "$rev:patches/$p" >"$tree/patches/$p"
	done <"$tree/patches/series"
	msg "v1: $(grep -c . "$tree/patches/series") patches from $rev"
	kdir=$(KMESH_CACHE=$work/cache "$tree/scripts/kernel-build.sh" debug | tail -n 1)
fi
[ -f "$kdir/bzImage" ] || die "no bzImage in $kdir"
grep -q '^CONFIG_TCP_BPF_DEFER=' "$kdir/.config" 2>/dev/null ||
	die "$kdir is not a kernel with the series (no CONFIG_TCP_BPF_DEFER)"

# (b) the evidence, built on the host; the guest sees it read-only
out=$KMESH_TOP/build/v1-evidence
make -s -C "$KMESH_TOP/selftests/v1-evidence" OUT="$out" >&2

# (c) boot v1 and run it
vmout=${KMESH_VM_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/kmesh-v1-evidence.XXXXXX")}
rc=0
KMESH_VM_OUT=$vmout KMESH_VM_TIMEOUT=${KMESH_VM_TIMEOUT:-1200} \
KMESH_VM_QUIET=${KMESH_VM_QUIET:-1} \
	"$KMESH_TOP/scripts/vm-run.sh" "$kdir/bzImage" \
	"bash $KMESH_TOP/selftests/v1-evidence/run.sh $out/v1_evidence /tmp/kmout/v1-evidence.tap" ||
	rc=$?
tap=$vmout/v1-evidence.tap
[ -s "$tap" ] || die "the guest wrote no TAP (status $rc; console: $vmout/console.log)"
cat "$tap"

# Every test must fail, or skip with a reason; setup errors, a bail-out
# or a missing result are no evidence.
read -r plan ran pass fail skip bad errs < <(awk '
	/^1\.\.[0-9]+$/ { plan = substr($0, 4) }
	/^Bail out!/ { errs++ }
	/^ok [0-9]+ / {
		ran++
		if ($0 ~ / # SKIP [^ ]/) skip++
		else if ($0 ~ / # SKIP/) bad++
		else pass++
	}
	/^not ok [0-9]+ / {
		ran++
		if ($0 ~ / # setup failed/) errs++
		else fail++
	}
	END { printf "%d %d %d %d %d %d %d\n", plan, ran, pass, fail, skip, bad, errs }
' "$tap")
echo "v1: $fail of $((ran - skip)) tests fail (expected: all); $skip skipped with a reason"
grep -E '^ok [0-9]+ .* # SKIP' "$tap" | sed 's/^/    /' || true
msg "v1: guest status $rc; console and dmesg in $vmout"
if grep -qE "$KMESH_SPLAT" "$vmout/dmesg" 2>/dev/null; then
	msg "v1: the guest's dmesg has splats (not part of the verdict): $vmout/dmesg"
fi
if [ "$plan" -eq 0 ] || [ "$ran" -ne "$plan" ]; then
	die "v1: $ran of $plan tests reported"
fi
[ "$errs" -eq 0 ] || die "v1: $errs setup error(s) or a bail-out: no evidence"
[ "$bad" -eq 0 ] || die "v1: $bad test(s) skipped without a reason"
[ "$pass" -eq 0 ] || die "v1: $pass test(s) pass on v1: they are no evidence"
[ "$fail" -gt 0 ] || die "v1: no test failed"
[ "$rc" -eq 1 ] || die "v1: the evidence exited $rc, expected 1 (some failed)"
msg "v1: every test fails or is skipped with a reason"

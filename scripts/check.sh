#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# `make check`: every test of kmesh-native, from a fresh Debian 12 machine
# to one verdict line. Host tests, then the patched debug kernel (built or
# taken from the cache), the series checks, then the selftests inside a
# QEMU guest; the guest's dmesg must be free of splats.
#
#   scripts/check.sh [-t TEST[,TEST...]]   -t runs only the named guest tests
set -euo pipefail
. "$(dirname "$0")/lib.sh"

only=()
if [ "${1:-}" = -t ] && [ -n "${2:-}" ]; then only=(-t "$2"); fi
t0=$(date +%s)
"$KMESH_TOP/scripts/deps.sh"

build=$KMESH_TOP/build
res=$build/results
rm -rf "$res" "$build/vm"
mkdir -p "$res"

msg "host tests"
kmesh_host_tests "$res" "$KMESH_TOP/scripts/tests"

kdir=$("$KMESH_TOP/scripts/kernel-build.sh" debug)
src=$KMESH_CACHE/linux
msg "kernel: linux $(cat "$kdir/version") from Debian linux-source-6.12 $(cat "$kdir/pkgver")"

msg "runner: a checkout under /tmp, guests that fail or die"
kmesh_record "$res" host.runner "$KMESH_TOP/scripts/runner-tests.sh" "$kdir/bzImage"

msg "bench: make bench --smoke on the bench kernel (one short round of every scenario)"
kmesh_record "$res" host.bench-smoke "$KMESH_TOP/scripts/bench-smoke.sh"

msg "series: layout, checkpatch --strict, bisect build, W=1"
"$KMESH_TOP/scripts/kernel-source.sh" >/dev/null
"$KMESH_TOP/scripts/series-check.sh" "$res"
"$KMESH_TOP/scripts/kernel-source.sh" >/dev/null
msg "series: config matrix (bpf_defer n, IPv6 m/n, no BPF syscall, no cgroup BPF) and Debian's amd64 config"
"$KMESH_TOP/scripts/config-matrix.sh" "$res"

msg "building selftests against $kdir"
make -s -C "$KMESH_TOP/selftests" KDIR="$kdir" KSRC="$src" OUT="$build/selftests" >&2
suites=("$build/selftests")
for ks in $KMESH_KSELFTESTS; do
	msg "building kselftest $ks from the series"
	kout=$build/kselftests/${ks//\//.}
	make -s -C "$src/tools/testing/selftests/$ks" OUTPUT="$kout" \
		KHDR_INCLUDES="-isystem $kdir/usr/include" >"$build/kselftest-build.log" 2>&1 ||
		{ cat "$build/kselftest-build.log" >&2; die "kselftest $ks does not build"; }
	find "$kout" -maxdepth 1 -type f -executable -printf '%f\n' | sort >"$kout/TESTS"
	suites+=("$kout")
done
msg "building the series' selftests/bpf tests (test_progs)"
suites+=("$("$KMESH_TOP/scripts/bpf-selftests.sh" "$kdir")")

# What the guest must leave a result for: every test of every suite (or
# the -t ones). A test without a result fails the run under its own name.
"$KMESH_TOP/scripts/guest-expect.sh" ${only[*]} "${suites[@]}" >"$build/expected" ||
	die "no guest test matches ${only[*]}"

export KMESH_VM_OUT=$build/vm
# every guest suite in one boot: ~30 min under TCG on 2 cores
export KMESH_VM_TIMEOUT=${KMESH_VM_TIMEOUT:-2700}
rc=0
"$KMESH_TOP/scripts/vm-run.sh" "$kdir/bzImage" \
	"$KMESH_TOP/scripts/guest-tests.sh ${only[*]} ${suites[*]}" >&2 || rc=$?
[ $rc -eq 0 ] || msg "guest exited with status $rc"
cp "$build/vm/results/"* "$res/" 2>/dev/null || true

msg "results (took $(( $(date +%s) - t0 ))s)"
"$KMESH_TOP/scripts/tap-summary.sh" -e "$build/expected" -g "$rc" \
	"$res" "$build/vm/dmesg" "$build/vm/kmemleak"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# `make demo`: boot the patched kernel, start two versions of an HTTP
# backend, load the kmesh-native data plane with the sample config
# tools/examples/demo.yaml and show it routing requests in the kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$KMESH_TOP/scripts/deps.sh"
kdir=$("$KMESH_TOP/scripts/kernel-build.sh" debug)
build=$KMESH_TOP/build
make -s -C "$KMESH_TOP/selftests" KDIR="$kdir" KSRC="$KMESH_CACHE/linux" \
	OUT="$build/selftests" >&2
rc=0
KMESH_VM_OUT=$build/demo-vm KMESH_VM_QUIET=1 \
	"$KMESH_TOP/scripts/vm-run.sh" "$kdir/bzImage" \
	"$KMESH_TOP/scripts/demo-guest.sh $build/selftests/kmeshctl" || rc=$?
if [ ! -s "$build/demo-vm/demo.out" ]; then
	echo "demo: FAIL, the guest left no output (status $rc; see $build/demo-vm/console.log)"
	exit $(( rc ? rc : 1 ))
fi
cat "$build/demo-vm/demo.out"
grep -q '^verdict: PASS' "$build/demo-vm/demo.out" || exit $(( rc ? rc : 1 ))
exit $rc

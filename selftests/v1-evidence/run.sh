#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Guest side of scripts/v1-evidence.sh, in a guest booted on v1's kernel:
# load v1's ULP (a module in v1's kernel-config) and run the evidence,
# its TAP to stdout and, if given, to TAPFILE. Exits with its status: 0
# all passed, 1 some failed (what v1 must do), 2 it could not run.
#
#   run.sh [BINARY [TAPFILE]]
set -u
bin=${1:-$(dirname "$0")/../../build/v1-evidence/v1_evidence}
tap=${2:-}

if ! grep -qw bpf_defer /proc/sys/net/ipv4/tcp_available_ulp 2>/dev/null; then
	modprobe tcp_bpf_defer || echo "# run.sh: modprobe tcp_bpf_defer failed"
fi
out=$(mktemp)
rc=0
"$bin" >"$out" 2>&1 || rc=$?
cat "$out"
[ -z "$tap" ] || cp "$out" "$tap"
rm -f "$out"
exit "$rc"

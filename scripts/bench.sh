#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# `make bench`: the mesh side by side with direct connections and
# userspace proxies. Installs what it needs (scripts/deps.sh --bench),
# builds or reuses the non-debug patched kernel (the `bench` flavour,
# base.config + bench.config: no KASAN or lockdep to distort the timings,
# ACPI for both vCPUs, high-resolution timers), builds the load
# generator and kmeshctl against it, runs scripts/bench-guest.sh in one
# guest and turns its raw results into a table (stdout and
# build/bench/results.txt), build/bench/results.json and a chart,
# build/bench/results.png.
#
#   scripts/bench.sh [--smoke]
#
# --smoke (or BENCH_SMOKE=1): one round of 0.5 s per measurement (wrk:
# 1 s) and the small tables only (~25 s of measuring), for `make check`.
# Every other BENCH_* variable of scripts/bench-guest.sh is passed to the
# guest.
# KMESH_BENCH_FLAVOUR: the kernel flavour (bench). Exit status: 0, or 1
# when the guest failed, left no results or a measurement failed (the
# table is printed all the same, with the problems).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

smoke=${BENCH_SMOKE:-0}
while [ $# -gt 0 ]; do
	case "$1" in
	--smoke) smoke=1 ;;
	-h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "usage: $0 [--smoke]" ;;
	esac
	shift
done

"$KMESH_TOP/scripts/deps.sh" --bench
flavour=${KMESH_BENCH_FLAVOUR:-bench}
kdir=$("$KMESH_TOP/scripts/kernel-build.sh" "$flavour")
out=$KMESH_TOP/build/bench
msg "bench: building the load generator and kmeshctl against $kdir"
make -s -C "$KMESH_TOP/bench" OUT="$out" >&2
make -s -C "$KMESH_TOP/tools" KDIR="$kdir" OUT="$out/tools" >&2

# The guest's command: BENCH_* settings, then the guest script. The run
# directory is inside the results share (KMESH_VM_OUT, /tmp/kmout there).
envs=("BENCH_SMOKE=$smoke")
while IFS='=' read -r k _; do
	case "$k" in BENCH_SMOKE) ;; BENCH_[A-Z0-9_]*) envs+=("$k=${!k}") ;; esac
done < <(env)
cmd=$(printf '%q ' env "${envs[@]}" "$KMESH_TOP/scripts/bench-guest.sh" \
	"$out/tools/kmeshctl" "$out/loadgen" /tmp/kmout/run)
vm=$out/vm
rm -rf "$vm" "$out/results.json" "$out/results.png" "$out/results.txt"
mkdir -p "$vm"
if [ "$smoke" = 1 ]; then t=${KMESH_VM_TIMEOUT:-900}; else t=${KMESH_VM_TIMEOUT:-7200}; fi
msg "bench: $( [ "$smoke" = 1 ] && echo 'smoke run, ~2 min under TCG' || echo 'full run, ~40 min under TCG (an estimate until measured)'); progress in $vm/run/log"
rc=0
KMESH_VM_OUT=$vm KMESH_VM_QUIET=1 KMESH_VM_TIMEOUT=$t \
	"$KMESH_TOP/scripts/vm-run.sh" "$kdir/bzImage" "$cmd" 2> >(tee "$out/vm-run.log" >&2) || rc=$?
wait
accel=$(sed -n 's/.* with \(kvm\|tcg\) .*/\1/p' "$out/vm-run.log" | head -1)
if [ ! -d "$vm/run/raw" ]; then
	echo "bench: FAIL, the guest left no results (status $rc; see $vm/console.log)" >&2
	exit 1
fi
[ $rc = 0 ] || echo "bench: the guest exited with status $rc (log: $vm/run/log)" >&2
prc=0
python3 "$KMESH_TOP/bench/report.py" --check --json "$out/results.json" \
	--chart "$out/results.png" --meta "accel=${accel:-unknown}" \
	--meta "kernel_flavour=$flavour" \
	--meta "host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores" \
	"$vm/run" | tee "$out/results.txt" || prc=$?
if [ $rc != 0 ] || [ $prc != 0 ]; then
	echo "bench: FAIL ($( [ $rc != 0 ] && echo "guest status $rc" || echo 'a measurement failed'); see PROBLEMS above and $vm/run/log)" >&2
	exit 1
fi

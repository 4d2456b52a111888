#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# `make check`'s smoke of `make bench`, so the benchmark cannot rot: the
# whole path (the bench kernel, the load generator, nginx, haproxy, wrk,
# every scenario and workload, the small tables, 100 services, the report
# and the chart) with one round of short measurements. Its figures are
# not looked at; what is checked is that every planned measurement ran.
# Prints TAP.
#
#   scripts/bench-smoke.sh
set -uo pipefail
. "$(dirname "$0")/lib.sh"

. "$KMESH_TOP/scripts/tap.sh"

out=$KMESH_TOP/build/bench
echo "TAP version 13"
echo "1..3"
log=$(mktemp "${TMPDIR:-/tmp}/kmesh-bench-smoke.XXXXXX")
trap 'rm -f "$log"' EXIT
"$KMESH_TOP/scripts/bench.sh" --smoke >"$log" 2>&1
rc=$?
TAP_DIAG_LINES=40 check $rc "make bench --smoke: the guest ran every planned measurement (status $rc)" "$log"
python3 - "$out/results.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
rates = {name: (s.get("short1") or {}).get("rate")
         for name, s in res["scenarios"].items()}
bad = [name for name, r in rates.items() if not r or r <= 0]
print(f"# short1 conn/s: {rates}")
sys.exit(1 if bad or "direct" not in rates or "mesh_l7" not in rates else 0)
PY
check $? "results.json: direct and mesh_l7 and every other scenario have a short-connection rate"
[ -s "$out/results.png" ]
check $? "the chart is written (build/bench/results.png)"
exit $bad

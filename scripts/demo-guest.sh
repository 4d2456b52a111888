#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Guest half of `make demo`: start backends v1 (127.0.0.1:8001) and v2
# (:8002), load the BPF data plane on a cgroup, apply the sample config
# tools/examples/demo.yaml, send HTTP requests from inside the cgroup to
# 127.0.0.1:80 and show who answered, the counters and a verdict.
#   demo-guest.sh KMESHCTL
set -u
ctl=$1
top=$(cd "$(dirname "$0")/.." && pwd)
exec >/tmp/kmout/demo.out 2>&1
cg=/sys/fs/cgroup/demo
mkdir -p $cg
python3 "$top/scripts/demo-backend.py" 8001 v1 &
python3 "$top/scripts/demo-backend.py" 8002 v2 &
for port in 8001 8002; do
	for _ in $(seq 100); do
		(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
		sleep 0.2
	done
done
echo "== kmeshctl load --cgroup $cg; kmeshctl apply tools/examples/demo.yaml"
"$ctl" load --cgroup $cg || { echo "verdict: FAIL, load failed"; exit 1; }
"$ctl" apply "$top/tools/examples/demo.yaml" || { echo "verdict: FAIL, apply failed"; exit 1; }
echo
echo "== requests from inside the cgroup to 127.0.0.1:80 (nothing listens there)"
rc=0
bash -c "echo \$\$ >$cg/cgroup.procs; exec python3 '$top/scripts/demo-client.py'" || rc=$?
echo
echo "== kmeshctl stats"
"$ctl" stats
echo
if [ $rc = 0 ]; then
	echo "verdict: PASS, /v2 and x-canary: 1 went to v2 and the rest split 90/10, routed in the kernel with no proxy"
else
	echo "verdict: FAIL, the routing above does not match tools/examples/demo.yaml"
fi
exit $rc

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Guest half of `make demo`: attach the observer to a cgroup, make
# connections from inside and outside it, and show what it counted.
set -eu
obj=$1
exec >/tmp/kmout/demo.out 2>&1
cg=/sys/fs/cgroup/demo
mkdir -p $cg
bpftool prog load "$obj" /sys/fs/bpf/observe type sockops
bpftool cgroup attach $cg sock_ops pinned /sys/fs/bpf/observe
python3 -m http.server 8080 --bind 127.0.0.1 >/dev/null 2>&1 &
srv=$!
for _ in $(seq 50); do
	(exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break
	sleep 0.2
done
echo "the readiness probes above came from outside the cgroup; now three requests from inside it:"
bash -c "echo \$\$ >$cg/cgroup.procs; for i in 1 2 3; do
	exec 3<>/dev/tcp/127.0.0.1/8080; printf 'GET / HTTP/1.0\r\n\r\n' >&3; head -n1 <&3; exec 3<&-; done"
echo "sock_ops counters (key = destination port, value = connects):"
bpftool map dump name connects
n=$(bpftool -j map dump name connects | python3 -c 'import json,sys; print(sum(f["value"] for f in (e.get("formatted", e) for e in json.load(sys.stdin)) if f["key"] == 8080))')
kill $srv
if [ "$n" = 3 ]; then echo "verdict: PASS, the BPF program saw exactly the 3 connections from its cgroup"
else echo "verdict: FAIL, expected 3 observed connections, saw $n"; exit 1; fi

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Guest half of `make bench` (scripts/bench.sh boots the guest): the same
# client and backend through every scenario, in interleaved rounds, then
# the table-size scaling and the `apply` costs. Raw results go to OUT/raw
# (one file per measurement), progress to OUT/log; the host turns them
# into build/bench/results.json, the table and the chart
# (bench/report.py). Run as root, in a guest of its own.
#
#   bench-guest.sh KMESHCTL LOADGEN OUT
#
# Scenarios (client -> what it connects to):
#   direct           root cgroup, mesh not loaded -> backend 127.0.0.1:BASE
#   mesh_nolistener  meshed cgroup -> backend (no listener captures it)
#   mesh_l4          meshed cgroup -> 127.0.0.1:9080, TCP proxy listener
#                    (routed at connect()) -> backend
#   mesh_l7          meshed cgroup -> 127.0.0.1:80, HTTP listener (deferred,
#                    routed at the first send) -> backend
#   nginx, haproxy   root cgroup, mesh not loaded -> the proxy -> backend
#   nginx2           -> nginx -> nginx -> backend (the sidecar pair)
# Nothing listens on 80 or 9080: mesh_l4 and mesh_l7 only succeed routed.
# Workloads: short1 / short8 (loadgen, one request per connection, 1 or 8
# at a time), keepalive (wrk, 2 threads, 8 connections), 1mib (loadgen,
# one 1 MiB response per connection).
#
# The BPF cost per connection: after each short1 measurement of a meshed
# scenario (and of every table size), BENCH_COST_CONNS more connections
# with kernel.bpf_stats_enabled on, `bpftool -j prog show` before and
# after; the rates themselves are measured with it off.
#
# Each round measures the scenarios without the mesh first (odd rounds)
# or last (even rounds), unloading the data plane for them and loading it
# again: `direct` means no mesh loaded at all, and drift over the run
# falls on both sides.
#
# Environment: BENCH_SMOKE=1 (one round, short runs, small tables),
# BENCH_ROUNDS, BENCH_SECONDS (per measurement), BENCH_WARMUP (s),
# BENCH_1MIB_SECONDS, BENCH_COST_CONNS (connections of a BPF cost run),
# BENCH_TWO_HOP=0 (no nginx2), BENCH_SCALING=0,
# BENCH_SERVICES=0, BENCH_PORT_BASE (backend port, 8080),
# BENCH_NO_MESH=1 (only direct and the proxies: to try the script on a
# host without the patched kernel), BENCH_ONLY (scenarios, comma-separated);
# for the host tests: BENCH_CGROUP, BENCH_BPFFS, BENCH_L7_PORT (80),
# BENCH_L4_PORT (9080).
set -u
ctl=$1 loadgen=$2 out=$3
top=$(cd "$(dirname "$0")/.." && pwd)
raw=$out/raw
mkdir -p "$raw"
exec >>"$out/log" 2>&1

smoke=${BENCH_SMOKE:-0}
if [ "$smoke" = 1 ]; then
	rounds=${BENCH_ROUNDS:-1} secs=${BENCH_SECONDS:-0.5} warm=${BENCH_WARMUP:-0}
	mib_secs=${BENCH_1MIB_SECONDS:-0.5} cost_n=${BENCH_COST_CONNS:-100}
else
	rounds=${BENCH_ROUNDS:-3} secs=${BENCH_SECONDS:-10} warm=${BENCH_WARMUP:-1}
	mib_secs=${BENCH_1MIB_SECONDS:-5} cost_n=${BENCH_COST_CONNS:-2000}
fi
base=${BENCH_PORT_BASE:-8080}
nomesh=${BENCH_NO_MESH:-0}
twohop=${BENCH_TWO_HOP:-1}
cg=${BENCH_CGROUP:-/sys/fs/cgroup/kmesh-bench}
bpffs=${BENCH_BPFFS:-/sys/fs/bpf/kmesh-bench}
l7=${BENCH_L7_PORT:-80} l4=${BENCH_L4_PORT:-9080}
work=$(mktemp -d "${TMPDIR:-/tmp}/kmesh-bench.XXXXXX")
cfg=$work/cfg
loaded=0
failures=0

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
fail() { log "FAIL: $*"; failures=$((failures + 1)); }
# setup failed: nothing can be measured
give_up() { fail "$*"; echo "$failures" >"$out/failures"; exit 1; }
now() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.6f", (b - a) / 1e9 }'; }

scenarios_plain=(direct nginx haproxy)
[ "$twohop" = 1 ] && scenarios_plain+=(nginx2)
scenarios_mesh=(mesh_nolistener mesh_l4 mesh_l7)
[ "$nomesh" = 1 ] && scenarios_mesh=()
if [ -n "${BENCH_ONLY:-}" ]; then
	keep() { local s; for s in "$@"; do [[ ",$BENCH_ONLY," == *",$s,"* ]] && echo "$s"; done; }
	mapfile -t scenarios_plain < <(keep "${scenarios_plain[@]}")
	mapfile -t scenarios_mesh < <(keep "${scenarios_mesh[@]}")
fi
workloads=(short1 short8 keepalive 1mib)

# target SCENARIO: "ADDR PORT MESHED"
target() {
	case "$1" in
	direct) echo "127.0.0.1 $base 0" ;;
	nginx) echo "127.0.0.1 $((base + 1)) 0" ;;
	haproxy) echo "127.0.0.1 $((base + 2)) 0" ;;
	nginx2) echo "127.0.0.1 $((base + 3)) 0" ;;
	mesh_nolistener) echo "127.0.0.1 $base 1" ;;
	mesh_l4) echo "127.0.0.1 $l4 1" ;;
	mesh_l7|scale) echo "127.0.0.1 $l7 1" ;;
	esac
}

# in_cg MESHED CMD...: run CMD in the meshed cgroup (1) or where we are (0).
in_cg() {
	local m=$1
	shift
	if [ "$m" = 1 ]; then
		bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg" "$@"
	else
		"$@"
	fi
}

bpf_snap() {
	bpftool -j prog show >"$1" 2>/dev/null || echo '[]' >"$1"
}

# bpf_stats 0|1: kernel.bpf_stats_enabled. On only for the cost runs: the
# two clock reads per program run it adds would tax the rates.
bpf_stats() {
	[ "$nomesh" = 1 ] || sysctl -qw "kernel.bpf_stats_enabled=$1" 2>/dev/null ||
		{ [ "$1" = 0 ] || fail "no kernel.bpf_stats_enabled: BPF cost not measured"; }
}

# run_load FILE_PREFIX MESHED ADDR PORT HOST PATH CONNS SECONDS
run_load() {
	local f=$1 m=$2 a=$3 p=$4 h=$5 u=$6 c=$7 d=$8 rc=0
	in_cg "$m" "$loadgen" -a "$a" -p "$p" -H "$h" -u "$u" -c "$c" -d "$d" \
		-w "$warm" -l "$(basename "$f")" >"$f.json" 2>"$f.err" || rc=$?
	[ -s "$f.err" ] || rm -f "$f.err"
	[ $rc = 0 ] || fail "$(basename "$f"): loadgen exit $rc ($(grep -o '"first_error": "[^"]*"' "$f.json" 2>/dev/null; cat "$f.err" 2>/dev/null))"
}

# run_cost FILE_PREFIX ADDR PORT HOST PATH: the BPF time of cost_n
# sequential connections from the meshed cgroup, bpf_stats on, the
# counters of every program read before and after.
run_cost() {
	local f=$1 a=$2 p=$3 h=$4 u=$5 rc=0
	[ "$loaded" = 1 ] || return 0
	bpf_stats 1
	bpf_snap "$f.bpf0.json"
	in_cg 1 "$loadgen" -a "$a" -p "$p" -H "$h" -u "$u" -c 1 -n "$cost_n" \
		-l "$(basename "$f")" >"$f.json" 2>"$f.err" || rc=$?
	bpf_snap "$f.bpf1.json"
	bpf_stats 0
	[ -s "$f.err" ] || rm -f "$f.err"
	[ $rc = 0 ] || fail "$(basename "$f"): loadgen exit $rc"
}

run_wrk() {
	local f=$1 m=$2 a=$3 p=$4 h=$5 u=$6 d=$7 rc=0 t
	t=$(awk -v d="$d" -v w="$warm" 'BEGIN { printf "%d", d + w + 0.999 }')
	in_cg "$m" wrk -t2 -c8 -d"${t}s" --latency -H "Host: $h" \
		"http://$a:$p$u" >"$f.wrk" 2>&1 || rc=$?
	[ $rc = 0 ] || fail "$(basename "$f"): wrk exit $rc: $(tail -1 "$f.wrk")"
}

# measure ROUND SCENARIO WORKLOAD
measure() {
	local r=$1 s=$2 w=$3 a p m f
	read -r a p m <<<"$(target "$s")"
	f=$raw/r$r.$s.$w
	case "$w" in
	short1)
		run_load "$f" "$m" "$a" "$p" bench /index.html 1 "$secs"
		[ "$m" = 1 ] && run_cost "$f.cost" "$a" "$p" bench /index.html ;;
	short8) run_load "$f" "$m" "$a" "$p" bench /index.html 8 "$secs" ;;
	keepalive) run_wrk "$f" "$m" "$a" "$p" bench /index.html "$secs" ;;
	1mib) run_load "$f" "$m" "$a" "$p" bench /1m.bin 1 "$mib_secs" ;;
	esac
}

mesh_load() {
	local t0 r rc=0
	[ "$nomesh" = 1 ] && return 0
	t0=$(now)
	"$ctl" load --cgroup "$cg" --bpffs "$bpffs" >"$raw/r$1.load.out" 2>&1 || rc=$?
	[ $rc = 0 ] || { fail "kmeshctl load: exit $rc: $(tail -3 "$raw/r$1.load.out")"; return 1; }
	loaded=1
	r=$(secs_since "$t0")
	t0=$(now)
	"$ctl" apply --bpffs "$bpffs" "$cfg/mesh.yaml" >"$raw/r$1.apply.out" 2>&1 || rc=$?
	[ $rc = 0 ] || { fail "kmeshctl apply mesh.yaml: exit $rc: $(tail -3 "$raw/r$1.apply.out")"; return 1; }
	printf '{"load_s": %s, "apply_s": %s}\n' "$r" "$(secs_since "$t0")" >"$raw/r$1.load.json"
	log "round $1: mesh loaded ($(cat "$raw/r$1.load.json"))"
}

mesh_unload() {
	[ "$loaded" = 1 ] || return 0
	"$ctl" unload --bpffs "$bpffs" >/dev/null 2>&1 || fail "kmeshctl unload"
	loaded=0
}

cleanup() {
	mesh_unload
	for s in backend nginx haproxy hop1 hop2; do
		"$top/bench/servers.sh" stop "$work" "$s" 2>/dev/null
	done
	rmdir "$cg" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# --- setup ---------------------------------------------------------------
log "kmesh-native bench: $( [ "$smoke" = 1 ] && echo smoke || echo full), $rounds round(s) of ${secs}s (+${warm}s warm-up) per measurement"
python3 - "$out/meta.json" "$smoke" "$rounds" "$secs" "$warm" "$mib_secs" "$nomesh" \
	"${scenarios_plain[*]} ${scenarios_mesh[*]}" "${workloads[*]}" \
	"$( [ "$nomesh" != 1 ] && [ "${BENCH_SCALING:-1}" = 1 ] && echo 1 || echo 0)" \
	"$( [ "$nomesh" != 1 ] && [ "${BENCH_SERVICES:-1}" = 1 ] && echo 1 || echo 0)" \
	"$cost_n" <<'PY'
import json, os, platform, subprocess, sys, time
def run(*a):
    try:
        r = subprocess.run(a, capture_output=True, text=True, timeout=10)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except Exception as e:
        return f"unavailable ({e.__class__.__name__})"
cpu = ""
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
f, smoke, rounds, secs, warm, mib, nomesh, scen, work, scal, svc, cost = sys.argv[1:]
json.dump({"kernel": platform.release(), "kernel_version": platform.version(),
           "cpus": os.cpu_count(), "cpu": cpu,
           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "smoke": smoke == "1", "rounds": int(rounds), "seconds": float(secs),
           "warmup_s": float(warm), "mib_seconds": float(mib), "no_mesh": nomesh == "1",
           "scenarios": scen.split(), "workloads": work.split(),
           "scaling": scal == "1", "services": svc == "1", "cost_connections": int(cost),
           "bpf_jit_enable": open("/proc/sys/net/core/bpf_jit_enable").read().strip()
               if os.path.exists("/proc/sys/net/core/bpf_jit_enable") else "absent",
           "nginx": run("nginx", "-v"), "haproxy": run("haproxy", "-v"),
           "wrk": run("wrk", "-v"), "bpftool": run("bpftool", "version")},
          open(f, "w"), indent=1)
PY

"$top/bench/servers.sh" write "$work" "$base" || give_up "cannot write the server configs"
gen_args=(--backend "$base" --l7-port "$l7" --l4-port "$l4")
[ "$smoke" = 1 ] && gen_args+=(--smoke)
python3 "$top/bench/gen-config.py" "${gen_args[@]}" "$cfg" || give_up "gen-config.py failed"
cp "$cfg/manifest.json" "$out/manifest.json"
servers=(backend nginx haproxy)
[ "$twohop" = 1 ] && servers+=(hop2 hop1)
for s in "${servers[@]}"; do
	"$top/bench/servers.sh" start "$work" "$s" || give_up "server $s did not start"
done
log "servers up: ${servers[*]} (ports from $base)"
if [ "$nomesh" != 1 ]; then
	mkdir -p "$cg" || give_up "cannot create $cg"
	bpf_stats 0
	mesh_unload
fi

# --- scenarios, in interleaved rounds --------------------------------------
plain() {
	local r=$1 w s
	[ ${#scenarios_plain[@]} -gt 0 ] || return 0
	mesh_unload
	for w in "${workloads[@]}"; do
		for s in "${scenarios_plain[@]}"; do measure "$r" "$s" "$w"; done
	done
}
meshed() {
	local r=$1 w s
	[ ${#scenarios_mesh[@]} -gt 0 ] || return 0
	[ "$loaded" = 1 ] || mesh_load "$r" || return 0
	for w in "${workloads[@]}"; do
		for s in "${scenarios_mesh[@]}"; do measure "$r" "$s" "$w"; done
	done
}
for r in $(seq "$rounds"); do
	log "round $r/$rounds: ${scenarios_plain[*]} ${scenarios_mesh[*]}"
	if [ $((r % 2)) = 1 ]; then plain "$r"; meshed "$r"; else meshed "$r"; plain "$r"; fi
done

# --- table sizes -------------------------------------------------------------
# scaled FILE: apply it (the mesh stays loaded), "" on success.
scale_apply() {
	"$ctl" apply --bpffs "$bpffs" "$cfg/$1" >"$2" 2>&1
}
if [ "$nomesh" != 1 ] && [ "${BENCH_SCALING:-1}" = 1 ]; then
	[ "$loaded" = 1 ] || mesh_load 0
	python3 -c 'import json,sys
for e in json.load(open(sys.argv[1]))["scaling"]:
    print(e["name"], e["file"], e["expect"], " ".join(":".join((q["match"], q["host"], q["path"])) for q in e["requests"]))' \
		"$cfg/manifest.json" >"$work/scaling"
	for r in $(seq "$rounds"); do
		log "table sizes, round $r/$rounds"
		while read -r name file expect reqs <&3; do
			f=$raw/r$r.scale.$name
			if [ "$expect" = refused ]; then
				# over a limit: what the loader says, once
				[ "$r" = 1 ] || continue
				"$ctl" validate "$cfg/$file" >"$raw/scale.$name.refused" 2>&1
				echo "exit $?" >>"$raw/scale.$name.refused"
				continue
			fi
			t0=$(now)
			if ! scale_apply "$file" "$f.apply.out"; then
				fail "apply $file: $(grep -v '^note' "$f.apply.out" | head -2)"
				continue
			fi
			printf '{"apply_s": %s}\n' "$(secs_since "$t0")" >"$f.apply.json"
			for q in $reqs; do
				IFS=: read -r match host path <<<"$q"
				read -r a p m <<<"$(target scale)"
				run_load "$f.$match" 1 "$a" "$p" "$host" "$path" 1 "$secs"
				run_cost "$f.$match.cost" "$a" "$p" "$host" "$path"
			done
		done 3<"$work/scaling" </dev/null
	done
	scale_apply mesh.yaml /dev/null || fail "apply mesh.yaml after the table sizes"
fi

# --- apply time and map memory -------------------------------------------------
if [ "$nomesh" != 1 ] && [ "${BENCH_SERVICES:-1}" = 1 ]; then
	[ "$loaded" = 1 ] || mesh_load 0
	python3 -c 'import json,sys
for e in json.load(open(sys.argv[1]))["services"]:
    print(e["size"], e["file"], e["change_file"])' "$cfg/manifest.json" >"$work/services"
	for r in $(seq "$rounds"); do
		while read -r n file change <&3; do
			f=$raw/r$r.svc.$n
			log "apply $n services, round $r/$rounds"
			scale_apply mesh.yaml /dev/null || { fail "apply mesh.yaml"; continue; }
			bpftool -j map show >"$f.map0.json" 2>/dev/null
			t0=$(now)
			"$ctl" validate "$cfg/$file" >/dev/null 2>"$f.validate.out" || fail "validate $file"
			validate_s=$(secs_since "$t0")
			t0=$(now)
			scale_apply "$file" "$f.apply.out" || { fail "apply $file: $(grep -v '^note' "$f.apply.out" | head -2)"; continue; }
			apply_s=$(secs_since "$t0")
			bpftool -j map show >"$f.map1.json" 2>/dev/null
			t0=$(now)
			scale_apply "$change" "$f.change.out" || { fail "apply $change: $(grep -v '^note' "$f.change.out" | head -2)"; continue; }
			change_s=$(secs_since "$t0")
			printf '{"services": %s, "validate_s": %s, "apply_s": %s, "change_s": %s}\n' \
				"$n" "$validate_s" "$apply_s" "$change_s" >"$f.json"
		done 3<"$work/services" </dev/null
	done
	scale_apply mesh.yaml /dev/null
fi

log "done, $failures failure(s)"
echo "$failures" >"$out/failures"
[ "$failures" = 0 ]

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Host tests of bench/report.py: the wrk and bpftool parsers, and a whole
run directory made up from real loadgen output with known numbers.
Prints one "ok - ..." / "not ok - ..." line per check (host.sh numbers them).

    test_report.py LOADGEN_JSON
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

import importlib.util

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
HERE = os.path.dirname(os.path.abspath(__file__))

spec = importlib.util.spec_from_file_location("report", os.path.join(HERE, "..", "report.py"))
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)

failed = 0


def check(cond, what):
    global failed
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failed += 1


def read(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


# --- wrk ----------------------------------------------------------------------
w = report.parse_wrk(read("wrk-ok.txt"))
check(w["req_per_s"] == 12336.09 and w["requests"] == 12385 and w["errors"] == 0,
      "wrk: Requests/sec, the request count, no errors")
check(w["latency_us"]["p50"] == 497.0 and w["latency_us"]["p90"] == 2520.0 and
      w["latency_us"]["p99"] == 6140.0 and w["latency_us"]["max"] == 9200.0,
      "wrk: latency distribution in microseconds (us, ms)")
w = report.parse_wrk(read("wrk-errors.txt"))
check(w["latency_us"]["p99"] == 1.1e6 and w["latency_us"]["max"] == 1.2e6,
      "wrk: latencies in seconds")
check(w["errors_by_kind"] == {"connect": 1, "read": 2, "write": 3, "timeout": 4, "status": 5}
      and w["errors"] == 15, "wrk: socket errors and non-2xx responses counted")
try:
    report.parse_wrk(read("wrk-refused.txt"))
    check(False, "wrk: a run that could not connect is an error")
except ValueError as e:
    check("Connection refused" in str(e), "wrk: a run that could not connect is an error, with its message")

# --- a run directory -------------------------------------------------------------
tmpl = json.loads(sys.argv[1] and open(sys.argv[1]).read())
d = tempfile.mkdtemp(prefix="kmesh-bench-test.")
raw = os.path.join(d, "raw")
os.makedirs(raw)


def lg(path, rate, p99, attempted=None, errors=0, cs=(20.0, 5.0)):
    j = copy.deepcopy(tmpl)
    j["conn_per_s"] = rate
    j["latency_us"]["p99"] = p99
    j["latency_us"]["p50"] = p99 / 4
    j["connect_us"]["p50"], j["send_us"]["p50"] = cs
    j["errors"] = errors
    if attempted is not None:
        j["attempted"] = attempted
    with open(os.path.join(raw, path), "w") as f:
        json.dump(j, f)


def progs(path, entries):
    """bpftool -j prog show: run_time_ns/run_cnt only when not zero."""
    out = [{"id": 3, "type": "cgroup_device", "name": "sd_devices", "run_time_ns": 999, "run_cnt": 9}]
    for pid, name, ns, cnt in entries:
        p = {"id": pid, "type": "sock_ops", "name": name, "tag": "00", "gpl_compatible": True}
        if ns:
            p["run_time_ns"], p["run_cnt"] = ns, cnt
        out.append(p)
    with open(os.path.join(raw, path), "w") as f:
        json.dump(out, f)


def maps(path, sizes):
    with open(os.path.join(raw, path), "w") as f:
        json.dump([{"id": i, "name": n, "bytes_memlock": b} for i, (n, b) in enumerate(sizes)]
                  + [{"id": 99, "name": "other", "bytes_memlock": 10 ** 9}], f)


meta = {"kernel": "6.12.0-test", "cpus": 2, "rounds": 3, "seconds": 1,
        "scenarios": ["direct", "mesh_l7"], "workloads": ["short1", "keepalive"],
        "scaling": True, "services": True}
with open(os.path.join(d, "meta.json"), "w") as f:
    json.dump(meta, f)
manifest = {"scaling": [
    {"name": "vhosts-1", "kind": "vhosts", "size": 1, "file": "x", "expect": "ok",
     "requests": [{"match": "exact-middle", "host": "h0", "path": "/"}]},
    {"name": "vhosts-256", "kind": "vhosts", "size": 256, "file": "x", "expect": "ok",
     "requests": [{"match": "exact-middle", "host": "h128", "path": "/"}]},
    {"name": "vhosts-10000", "kind": "vhosts", "size": 10000, "file": "x", "expect": "refused",
     "limit": "10000 virtual hosts > KM_MAX_VIRTUAL_HOSTS 256", "requests": []}],
    "services": [{"name": "services-100", "size": 100, "file": "s", "change_file": "c", "expect": "ok"}]}
with open(os.path.join(d, "manifest.json"), "w") as f:
    json.dump(manifest, f)
with open(os.path.join(d, "failures"), "w") as f:
    f.write("0\n")
wrk_ok = read("wrk-ok.txt")
for r, (dr, mr) in enumerate([(1000, 800), (1100, 900), (1200, 700)], 1):
    lg(f"r{r}.direct.short1.json", dr, 100.0, cs=(30.0, 5.0))
    lg(f"r{r}.mesh_l7.short1.json", mr, 150.0, cs=(2.0, 40.0))
    # cost run: 1000 connections, connect4 +3 ms, sockops +5 ms (+ r ms)
    lg(f"r{r}.mesh_l7.short1.cost.json", mr, 150.0, attempted=1000)
    progs(f"r{r}.mesh_l7.short1.cost.bpf0.json", [(10, "km_connect4", 0, 0), (11, "km_sockops", 1000, 1)])
    progs(f"r{r}.mesh_l7.short1.cost.bpf1.json",
          [(10, "km_connect4", 3_000_000, 1000), (11, "km_sockops", 1000 + 5_000_000 + r * 1_000_000, 3001)])
    for s in ("direct", "mesh_l7"):
        with open(os.path.join(raw, f"r{r}.{s}.keepalive.wrk"), "w") as f:
            f.write(wrk_ok)
    for name, rate in (("vhosts-1", 800), ("vhosts-256", 600)):
        lg(f"r{r}.scale.{name}.exact-middle.json", rate, 100.0)
        lg(f"r{r}.scale.{name}.exact-middle.cost.json", rate, 100.0, attempted=100)
        progs(f"r{r}.scale.{name}.exact-middle.cost.bpf0.json", [(20, "km_sockops", 0, 0)])
        progs(f"r{r}.scale.{name}.exact-middle.cost.bpf1.json", [(20, "km_sockops", rate * 1000, 100)])
        with open(os.path.join(raw, f"r{r}.scale.{name}.apply.json"), "w") as f:
            json.dump({"apply_s": 0.25}, f)
    with open(os.path.join(raw, f"r{r}.svc.100.json"), "w") as f:
        json.dump({"services": 100, "validate_s": 0.1, "apply_s": 0.5 + r, "change_s": 0.4}, f)
    maps(f"r{r}.svc.100.map0.json", [("km_listeners", 1024), ("km_routes", 2048)])
    maps(f"r{r}.svc.100.map1.json", [("km_listeners", 4096), ("km_routes", 8192)])
    with open(os.path.join(raw, f"r{r}.load.json"), "w") as f:
        json.dump({"load_s": 2.0 * r, "apply_s": 0.1}, f)
with open(os.path.join(raw, "scale.vhosts-10000.refused"), "w") as f:
    f.write("note: something ignored\nPATH.virtual_hosts: 10000 virtual hosts, limit is 256\nexit 1\n")

png = os.path.join(d, "out.png")
rj = os.path.join(d, "out.json")
p = subprocess.run([sys.executable, os.path.join(HERE, "..", "report.py"), "--check",
                    "--json", rj, "--chart", png, "--meta", "accel=tcg", d],
                   capture_output=True, text=True)
check(p.returncode == 0, f"report --check passes a complete run (exit {p.returncode})")
if p.returncode:
    print("\n".join("# " + l for l in (p.stdout + p.stderr).splitlines()[-8:]))
res = json.load(open(rj))
l7 = res["scenarios"]["mesh_l7"]["short1"]
check(l7["rate"] == 800 and res["scenarios"]["direct"]["short1"]["rate"] == 1100,
      "medians over the rounds")
check(l7["rate_x_direct"] == round(800 / 1100, 3) and l7["p99_x_direct"] == 1.5,
      "ratios to direct: rate and p99")
check(l7["bpf_ns"] == {"km_connect4": 3000.0, "km_sockops": 7000.0} and l7["bpf_ns_total"] == 10000.0,
      "BPF ns per connection: counter growth / connections, per program, median, other programs ignored")
check(l7["bpf_runs"]["km_sockops"] == 3.0, "BPF runs per connection")
check(l7["connect_send_p50_us"] == 42.0 and l7["connect_send_p50_minus_direct_us"] == 7.0,
      "connect + first send, and its difference to direct")
check(res["scenarios"]["mesh_l7"]["keepalive"]["rate"] == 12336.09, "keep-alive rate from wrk")
sc = {(v["name"], v.get("match")): v for v in res["scaling"]}
check(sc[("vhosts-256", "exact-middle")]["rate_x_smallest"] == 0.75 and
      sc[("vhosts-256", "exact-middle")]["bpf_ns_total"] == 6000.0 and
      sc[("vhosts-256", "exact-middle")]["apply_s"] == 0.25, "table sizes: ratio to the smallest, BPF cost, apply time")
ref = sc[("vhosts-10000", None)]
check(ref["refused"] and "limit is 256" in ref["kmeshctl"] and "note" not in ref["kmeshctl"],
      "a size over a limit is reported with kmeshctl's message")
sv = res["services"][0]
check(sv["apply_s"] == 2.5 and sv["map_bytes"] == 12288 and sv["map_bytes_small_config"] == 3072,
      "services: apply time, km_* map memory (bytes_memlock)")
check(res["load"]["load_s"] == 4.0 and res["meta"]["accel"] == "tcg", "load time, --meta")
check("Ratio to direct" in p.stdout and "mesh L7 HTTP" in p.stdout and "0.73" in p.stdout,
      "the table has the ratios")
if shutil.which("gnuplot"):
    check(os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n",
          "a PNG chart (gnuplot)")
else:
    print("ok - a PNG chart # SKIP no gnuplot")

# a failed measurement and a missing one fail --check, and are named
os.remove(os.path.join(raw, "r2.mesh_l7.short1.json"))
os.remove(os.path.join(raw, "r1.mesh_l7.short1.cost.json"))
lg("r3.direct.short1.json", 1200, 100.0, errors=3)
p = subprocess.run([sys.executable, os.path.join(HERE, "..", "report.py"), "--check",
                    "--json", rj, "--chart", png, d], capture_output=True, text=True)
check(p.returncode == 1 and "r2.mesh_l7.short1: no result" in p.stdout and
      "r1.mesh_l7.short1: no BPF cost run" in p.stdout and
      "r3.direct.short1: 3 failed connections" in p.stdout,
      "report --check fails on a missing or failed measurement and names it")
# a guest that did not finish
os.remove(os.path.join(d, "failures"))
p = subprocess.run([sys.executable, os.path.join(HERE, "..", "report.py"), "--check",
                    "--json", rj, "--chart", png, d], capture_output=True, text=True)
check(p.returncode == 1 and "did not finish" in p.stdout, "report --check fails when the guest did not finish")

shutil.rmtree(d)
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Turn the raw results of scripts/bench-guest.sh into results.json, the
table on stdout and a PNG chart.

    bench/report.py [--json FILE] [--chart FILE] [--check] RUN_DIR

RUN_DIR holds meta.json, manifest.json and raw/ as the guest left them:
  raw/r<R>.<scenario>.<workload>.json   loadgen output (short1, short8, 1mib)
  raw/r<R>.<scenario>.keepalive.wrk     wrk --latency output
  raw/...bpf0.json, ...bpf1.json        `bpftool -j prog show` before/after
  raw/r<R>.scale.<name>.<match>.json    loadgen on a table-size config
  raw/r<R>.scale.<name>.apply.json      its apply time
  raw/scale.<name>.refused              what kmeshctl said of a config over a limit
  raw/r<R>.svc.<N>.json, .map0/.map1.json  apply time, `bpftool -j map show`
  raw/...cost.json, .cost.bpf0/.bpf1.json  the BPF cost run after a
                                        short1 measurement of a meshed scenario
Figures are medians over the rounds. BPF cost: the growth of run_time_ns
(kernel.bpf_stats_enabled, on only for the cost runs) of each km_*
program over a cost run, divided by the connections it started
(loadgen's "attempted"); tail-called stages run inside the program
attached to the cgroup, so their time is in its figure (their own
counters stay 0).
--check: exit 1 if a measurement the run planned is missing or failed.
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

SCENARIO_ORDER = ["direct", "mesh_nolistener", "mesh_l4", "mesh_l7",
                  "nginx", "haproxy", "nginx2"]
SCENARIO_LABEL = {
    "direct": "direct (no mesh)",
    "mesh_nolistener": "meshed cgroup, no listener",
    "mesh_l4": "mesh L4 TCP proxy",
    "mesh_l7": "mesh L7 HTTP",
    "nginx": "nginx one hop",
    "haproxy": "haproxy one hop",
    "nginx2": "nginx two hops",
}
WORKLOAD_ORDER = ["short1", "short8", "keepalive", "1mib"]
WORKLOAD_LABEL = {
    "short1": "short connections, 1 at a time",
    "short8": "short connections, 8 at a time",
    "keepalive": "keep-alive requests (wrk, 8 connections)",
    "1mib": "1 MiB per connection",
}

UNITS = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6, "h": 3600e6}


def time_us(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"not a wrk time: {text!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(text):
    """wrk --latency output -> dict (latencies in microseconds)."""
    r = {"tool": "wrk"}
    m = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    if not m:
        raise ValueError("no Requests/sec line in wrk output: "
                         + (text.strip().splitlines() or ["(empty)"])[-1])
    r["req_per_s"] = float(m.group(1))
    m = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m|h)", text, re.M)
    if m:
        r["requests"] = int(m.group(1))
        r["seconds"] = time_us(m.group(2) + m.group(3)) / 1e6
    lat = {}
    for pct, val in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M):
        lat["p" + pct] = time_us(val)
    m = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    if m:
        lat["mean"] = time_us(m.group(1))
        lat["max"] = time_us(m.group(3))
    r["latency_us"] = lat
    errs = {"connect": 0, "read": 0, "write": 0, "timeout": 0, "status": 0}
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        for k, v in zip(["connect", "read", "write", "timeout"], m.groups()):
            errs[k] = int(v)
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errs["status"] = int(m.group(1))
    r["errors_by_kind"] = errs
    r["errors"] = sum(errs.values())
    return r


def bpf_progs(path):
    """`bpftool -j prog show` -> {id: (name, run_time_ns, run_cnt)} of km_*."""
    try:
        with open(path) as f:
            progs = json.load(f)
    except (OSError, ValueError):
        return None
    out = {}
    for p in progs:
        name = p.get("name", "")
        if name.startswith("km_"):
            out[p["id"]] = (name, p.get("run_time_ns", 0), p.get("run_cnt", 0))
    return out


def bpf_delta(prefix):
    """Per-program growth over a measurement: {name: {ns, runs}} or None."""
    a, b = bpf_progs(prefix + ".bpf0.json"), bpf_progs(prefix + ".bpf1.json")
    if a is None or b is None:
        return None
    d = {}
    for pid, (name, ns, cnt) in b.items():
        ns0, cnt0 = a.get(pid, (name, 0, 0))[1:]
        e = d.setdefault(name, {"ns": 0, "runs": 0})
        e["ns"] += ns - ns0
        e["runs"] += cnt - cnt0
    return d


def map_bytes(path):
    try:
        with open(path) as f:
            maps = json.load(f)
    except (OSError, ValueError):
        return None
    return sum(m.get("bytes_memlock", 0) for m in maps
               if m.get("name", "").startswith("km_"))


def load_json(path):
    with open(path) as f:
        return json.load(f)


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


class Run:
    def __init__(self, d):
        self.dir = d
        self.raw = os.path.join(d, "raw")
        self.meta = self._opt(os.path.join(d, "meta.json"), {})
        self.manifest = self._opt(os.path.join(d, "manifest.json"),
                                  {"scaling": [], "services": []})
        self.problems = []

    @staticmethod
    def _opt(path, default):
        try:
            return load_json(path)
        except (OSError, ValueError):
            return default

    def rounds(self):
        rs = set()
        for f in os.listdir(self.raw):
            m = re.match(r"r(\d+)\.", f)
            if m and m.group(1) != "0":
                rs.add(int(m.group(1)))
        return sorted(rs)

    def one(self, prefix, expect_cost=False):
        """One measurement -> a flat dict, with its BPF cost run if any."""
        name = os.path.basename(prefix)
        if os.path.exists(prefix + ".wrk"):
            with open(prefix + ".wrk") as f:
                w = parse_wrk(f.read())
            r = {"rate": w["req_per_s"], "p50_us": w["latency_us"].get("p50"),
                 "p99_us": w["latency_us"].get("p99"), "errors": w["errors"],
                 "count": w.get("requests")}
        elif os.path.exists(prefix + ".json"):
            j = load_json(prefix + ".json")
            r = {"rate": j["conn_per_s"], "p50_us": j["latency_us"]["p50"],
                 "p99_us": j["latency_us"]["p99"], "errors": j["errors"],
                 "count": j["connections"], "mib_per_s": j.get("mib_per_s"),
                 "connect_p50_us": j["connect_us"]["p50"],
                 "send_p50_us": j["send_us"]["p50"],
                 "ttfb_p50_us": j["ttfb_us"]["p50"]}
            # the sum of the two medians (loadgen keeps no per-connection
            # sum): for a plain connect the handshake is in connect(), for
            # a deferred one in the first send()
            r["connect_send_p50_us"] = j["connect_us"]["p50"] + j["send_us"]["p50"]
            if j["errors"]:
                self.problems.append(f"{name}: {j['errors']} failed connections "
                                     f"({j.get('first_error') or j['errors_by_kind']})")
        else:
            self.problems.append(f"{name}: no result")
            return None
        if r["errors"] and prefix.endswith("keepalive"):
            self.problems.append(f"{name}: wrk reported {r['errors']} errors")
        if not self.cost(prefix + ".cost", r) and expect_cost:
            self.problems.append(f"{name}: no BPF cost run")
        return r

    def cost(self, prefix, r):
        """The BPF cost run after a measurement, if there is one."""
        if not os.path.exists(prefix + ".json"):
            return False
        j = load_json(prefix + ".json")
        if j["errors"]:
            self.problems.append(f"{os.path.basename(prefix)}: {j['errors']} failed connections")
        d = bpf_delta(prefix)
        n = j.get("attempted") or 0
        if d is None or not n:
            self.problems.append(f"{os.path.basename(prefix)}: no BPF counters")
            return True
        r["bpf_ns"] = {k: round(v["ns"] / n, 1) for k, v in d.items() if v["ns"]}
        r["bpf_ns_total"] = round(sum(v["ns"] for v in d.values()) / n, 1)
        r["bpf_runs"] = {k: round(v["runs"] / n, 2) for k, v in d.items() if v["runs"]}
        r["cost_connections"] = n
        if not r["bpf_ns_total"]:
            self.problems.append(f"{os.path.basename(prefix)}: the BPF counters did not move "
                                 "(kernel.bpf_stats_enabled off?)")
        return True

    def summarize(self, samples):
        """Medians over rounds of every numeric field."""
        samples = [s for s in samples if s]
        if not samples:
            return None
        out = {"rounds": len(samples)}
        for k in samples[0]:
            if isinstance(samples[0][k], dict):
                keys = set().union(*(s.get(k, {}).keys() for s in samples))
                out[k] = {kk: med([s.get(k, {}).get(kk) for s in samples]) for kk in sorted(keys)}
            elif k == "errors":
                out[k] = sum(s.get(k) or 0 for s in samples)
            else:
                out[k] = med([s.get(k) for s in samples])
        out["per_round"] = samples
        return out

    def scenarios(self):
        rounds = self.rounds()
        planned = self.meta.get("scenarios") or SCENARIO_ORDER
        works = self.meta.get("workloads") or WORKLOAD_ORDER
        res = {}
        for s in [x for x in SCENARIO_ORDER if x in planned]:
            res[s] = {}
            for w in works:
                cost = s.startswith("mesh_") and w == "short1"
                got = [self.one(os.path.join(self.raw, f"r{r}.{s}.{w}"), cost)
                       for r in rounds]
                res[s][w] = self.summarize(got)
        base = res.get("direct", {})
        for s, ws in res.items():
            for w, v in ws.items():
                b = base.get(w)
                if v and b and b.get("rate"):
                    v["rate_x_direct"] = round(v["rate"] / b["rate"], 3)
                    if v.get("p99_us") and b.get("p99_us"):
                        v["p99_x_direct"] = round(v["p99_us"] / b["p99_us"], 3)
                    if v.get("p50_us") and b.get("p50_us"):
                        v["p50_x_direct"] = round(v["p50_us"] / b["p50_us"], 3)
                    if v.get("connect_send_p50_us") is not None and b.get("connect_send_p50_us") is not None:
                        v["connect_send_p50_minus_direct_us"] = round(
                            v["connect_send_p50_us"] - b["connect_send_p50_us"], 1)
        return res

    def scaling(self):
        rounds = self.rounds()
        out = []
        if not self.meta.get("scaling", True):
            return out
        for e in self.manifest.get("scaling", []):
            if e["expect"] == "refused":
                p = os.path.join(self.raw, f"scale.{e['name']}.refused")
                msg = None
                if os.path.exists(p):
                    with open(p) as f:
                        lines = [l.strip() for l in f if l.strip() and not l.startswith("note:")]
                    msg = "; ".join(lines)
                else:
                    self.problems.append(f"scale.{e['name']}: no record of the refusal")
                out.append({"name": e["name"], "kind": e["kind"], "size": e["size"],
                            "policy": e.get("policy"), "refused": True,
                            "limit": e.get("limit"), "kmeshctl": msg})
                continue
            apply_s = med([self._opt(os.path.join(self.raw, f"r{r}.scale.{e['name']}.apply.json"), {}).get("apply_s")
                           for r in rounds])
            for q in e["requests"]:
                got = [self.one(os.path.join(self.raw, f"r{r}.scale.{e['name']}.{q['match']}"), True)
                       for r in rounds]
                v = self.summarize(got) or {}
                v.update({"name": e["name"], "kind": e["kind"], "size": e["size"],
                          "policy": e.get("policy"), "match": q["match"],
                          "apply_s": apply_s})
                out.append(v)
        # ratio to the smallest size of the same kind, policy and match
        for v in out:
            if v.get("refused") or not v.get("rate"):
                continue
            peers = [x for x in out if not x.get("refused") and x.get("rate")
                     and x["kind"] == v["kind"] and x.get("policy") == v.get("policy")
                     and x.get("match") == v.get("match")]
            if v["kind"] == "domains":
                peers = [x for x in out if not x.get("refused") and x.get("rate")
                         and x["kind"] == "vhosts" and x.get("match") == v.get("match")]
            if peers:
                b = min(peers, key=lambda x: x["size"])
                v["rate_x_smallest"] = round(v["rate"] / b["rate"], 3)
                v["smallest"] = b["name"]
        return out

    def services(self):
        rounds = self.rounds()
        out = []
        if not self.meta.get("services", True):
            return out
        for e in self.manifest.get("services", []):
            n = e["size"]
            js = [self._opt(os.path.join(self.raw, f"r{r}.svc.{n}.json"), None) for r in rounds]
            js = [j for j in js if j]
            if not js:
                self.problems.append(f"svc.{n}: no result")
                continue
            m0 = med([map_bytes(os.path.join(self.raw, f"r{r}.svc.{n}.map0.json")) for r in rounds])
            m1 = med([map_bytes(os.path.join(self.raw, f"r{r}.svc.{n}.map1.json")) for r in rounds])
            out.append({"services": n,
                        "validate_s": med([j.get("validate_s") for j in js]),
                        "apply_s": med([j.get("apply_s") for j in js]),
                        "change_one_cluster_s": med([j.get("change_s") for j in js]),
                        "map_bytes_small_config": m0, "map_bytes": m1,
                        "rounds": len(js)})
        return out

    def load(self):
        js = [self._opt(p, None) for p in sorted(glob.glob(os.path.join(self.raw, "r*.load.json")))]
        js = [j for j in js if j]
        if not js:
            return None
        return {"load_s": med([j["load_s"] for j in js]),
                "apply_s": med([j["apply_s"] for j in js]), "times": len(js)}

    def failures(self):
        try:
            with open(os.path.join(self.dir, "failures")) as f:
                n = int(f.read().strip() or 0)
        except (OSError, ValueError):
            self.problems.append("the guest did not finish (no failures file)")
            return None
        if n:
            self.problems.append(f"the guest counted {n} failure(s), see its log")
        return n


def fmt(v, nd=0):
    if v is None:
        return "-"
    if isinstance(v, float) and nd == 0:
        return f"{v:,.0f}"
    return f"{v:,.{nd}f}"


def table(rows, header):
    w = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "  ".join(str(x).rjust(w[i]) if i else str(x).ljust(w[i]) for i, x in enumerate(r))
    return "\n".join([line(header), "  ".join("-" * x for x in w)] + [line(r) for r in rows])


def text_report(res):
    m = res["meta"]
    out = []
    out.append(f"kmesh-native bench{' (smoke)' if m.get('smoke') else ''}: linux {m.get('kernel', '?')}, "
               f"{m.get('cpus', '?')} CPUs ({m.get('cpu', '?')}), accel {m.get('accel', '?')}, "
               f"{m.get('date', '?')}")
    if m.get("host_cpu"):
        out.append(f"host: {m['host_cpu']}; guest kernel flavour {m.get('kernel_flavour', '?')}, "
                   f"BPF JIT {m.get('bpf_jit_enable', '?')}")
    out.append(f"{m.get('rounds', '?')} interleaved round(s), {m.get('seconds', '?')} s per measurement "
               f"(+{m.get('warmup_s', 0)} s warm-up), medians over rounds")
    sc = res["scenarios"]
    works = [w for w in WORKLOAD_ORDER if any(w in v for v in sc.values())]
    out.append("")
    out.append("Ratio to direct (rate: conn/s or req/s; p99 latency: higher is worse)")
    hdr = ["scenario"] + [f"{w} rate" for w in works] + ["short1 p99", "short8 p99"]
    rows = []
    for s, ws in sc.items():
        r = [SCENARIO_LABEL.get(s, s)]
        for w in works:
            r.append(fmt((ws.get(w) or {}).get("rate_x_direct"), 2))
        for w in ("short1", "short8"):
            r.append(fmt((ws.get(w) or {}).get("p99_x_direct"), 2))
        rows.append(r)
    out.append(table(rows, hdr))
    for w in works:
        out.append("")
        out.append(f"{WORKLOAD_LABEL[w]}")
        unit = "req/s" if w == "keepalive" else "conn/s"
        hdr = ["scenario", unit, "x direct", "p50 us", "p99 us"]
        if w == "1mib":
            hdr.append("MiB/s")
        if w != "keepalive":
            hdr += ["connect+send p50 us"]
        has_bpf = any((ws.get(w) or {}).get("bpf_ns") for ws in sc.values())
        if has_bpf:
            hdr.append("BPF ns/conn (per program)")
        hdr.append("errors")
        rows = []
        for s, ws in sc.items():
            v = ws.get(w)
            if not v:
                rows.append([SCENARIO_LABEL.get(s, s), "no result"] + [""] * (len(hdr) - 2))
                continue
            r = [SCENARIO_LABEL.get(s, s), fmt(v.get("rate")), fmt(v.get("rate_x_direct"), 2),
                 fmt(v.get("p50_us")), fmt(v.get("p99_us"))]
            if w == "1mib":
                r.append(fmt(v.get("mib_per_s"), 1))
            if w != "keepalive":
                r.append(fmt(v.get("connect_send_p50_us"), 1))
            bt = v.get("bpf_ns_total")
            if has_bpf and bt is not None and v.get("bpf_ns"):
                parts = ", ".join(f"{k} {fmt(x)}" for k, x in sorted(v["bpf_ns"].items()))
                r.append(f"{fmt(bt)} ({parts})")
            elif has_bpf:
                r.append("-")
            r.append(str(v.get("errors", 0)))
            rows.append(r)
        out.append(table(rows, hdr))
    if res["scaling"]:
        out.append("")
        out.append("L7 table sizes (short connections, 1 at a time, mesh L7)")
        hdr = ["config", "request", "conn/s", "x smallest", "p99 us", "BPF ns/conn", "apply s"]
        rows, notes = [], []
        for v in res["scaling"]:
            if v.get("refused"):
                rows.append([v["name"], "refused", "-", "-", "-", "-", "-"])
                notes.append(f"{v['name']}: over a limit ({v.get('limit')}); kmeshctl: "
                             f"{v.get('kmeshctl') or 'no record'}")
                continue
            rows.append([v["name"], v["match"], fmt(v.get("rate")), fmt(v.get("rate_x_smallest"), 3),
                         fmt(v.get("p99_us")), fmt(v.get("bpf_ns_total")), fmt(v.get("apply_s"), 3)])
        out.append(table(rows, hdr))
        out += notes
    if res["services"]:
        out.append("")
        out.append("apply and map memory (services: an HTTP listener, its route config, a cluster of 2)")
        hdr = ["services", "validate s", "apply s", "one-cluster change s", "map KiB", "map KiB (small config)"]
        rows = [[str(v["services"]), fmt(v["validate_s"], 3), fmt(v["apply_s"], 3),
                 fmt(v["change_one_cluster_s"], 3),
                 fmt(v["map_bytes"] / 1024 if v["map_bytes"] is not None else None),
                 fmt(v["map_bytes_small_config"] / 1024 if v["map_bytes_small_config"] is not None else None)]
                for v in res["services"]]
        out.append(table(rows, hdr))
    if res.get("load"):
        out.append("")
        out.append(f"kmeshctl load {fmt(res['load']['load_s'], 2)} s, first apply "
                   f"{fmt(res['load']['apply_s'], 3)} s (medians of {res['load']['times']})")
    if res["problems"]:
        out.append("")
        out.append("PROBLEMS:")
        out += [f"  {p}" for p in res["problems"]]
    return "\n".join(out) + "\n"


def gp_str(s):
    """A gnuplot double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def chart(res, png, workdir):
    """The PNG with gnuplot (Debian gnuplot-nox, scripts/deps.sh --bench);
    None without it."""
    sc = res["scenarios"]
    names = [s for s in sc if sc[s].get("short1") or sc[s].get("short8")]
    if not names:
        raise RuntimeError("no short-connection results to draw")
    with open(os.path.join(workdir, "scenarios.dat"), "w") as f:
        f.write("# scenario short1 short8 keepalive/10 1mib\n")
        for s in names:
            vals = []
            for w in ("short1", "short8"):
                v = sc[s].get(w) or {}
                vals.append(v.get("rate") or 0)
            f.write(f"{gp_str(SCENARIO_LABEL.get(s, s))} {vals[0]} {vals[1]}\n")
    series = {}
    for v in res["scaling"]:
        if v.get("refused") or not v.get("rate"):
            continue
        if v["kind"] in ("vhosts", "domains"):
            # vhosts-N and domains-N both hold N exact domains
            key = {"exact-middle": "Host: exact domain, middle of the table",
                   "any-last": "Host: only the '*' at the end"}.get(v["match"], v["match"])
        elif v["kind"] == "routes":
            key = "routes: the request matches the last"
        else:
            key = f"endpoints: {v['policy'].lower().replace('_', ' ')}" if v.get("policy") else v["kind"]
        series.setdefault(key, []).append((v["size"], v["rate"], v.get("bpf_ns_total") or 0))
    sfiles = []
    for i, (k, pts) in enumerate(sorted(series.items())):
        p = os.path.join(workdir, f"scale{i}.dat")
        with open(p, "w") as f:
            for size, rate, ns in sorted(pts):
                f.write(f"{size} {rate} {ns}\n")
        sfiles.append((k, p))
    have_ns = any(p[2] for pts in series.values() for p in pts)
    panels = 1 + bool(sfiles) + bool(sfiles and have_ns)
    if not shutil.which("gnuplot"):
        return None
    gp = [f"set terminal pngcairo size 1000,{100 + 380 * panels} font 'Sans,10'",
          f"set output '{png}'", "set termoption noenhanced",
          f"set multiplot layout {panels},1",
          "set title 'short HTTP connections per second, by scenario (higher is better)'",
          "set style data histograms", "set style histogram clustered gap 1",
          "set style fill solid 0.8 border -1", "set boxwidth 0.9",
          "set xtics rotate by -20 scale 0", "set ylabel 'conn/s'", "set yrange [0:*]",
          "set key top right", "set grid ytics",
          f"plot '{workdir}/scenarios.dat' using 2:xtic(1) title '1 at a time', "
          f"'' using 3 title '8 at a time'"]
    if sfiles:
        gp += ["unset style", "set style data linespoints", "set xtics rotate by 0",
               "set logscale x", "set xrange [0.7:20000]",
               "set xlabel 'table size: virtual hosts or exact domains, routes, endpoints'",
               "set key outside right", "set title 'mesh L7 conn/s against table size (1 at a time)'",
               "set ylabel 'conn/s'",
               "plot " + ", ".join(f"'{p}' using 1:2 title {gp_str(k)}" for k, p in sfiles)]
    if sfiles and have_ns:
        gp += ["set title 'BPF time per connection against table size'",
               "set ylabel 'ns per connection'",
               "plot " + ", ".join(f"'{p}' using 1:3 title {gp_str(k)}" for k, p in sfiles)]
    gp.append("unset multiplot")
    with open(os.path.join(workdir, "chart.gp"), "w") as f:
        f.write("\n".join(gp) + "\n")
    r = subprocess.run(["gnuplot", os.path.join(workdir, "chart.gp")],
                       capture_output=True, text=True)
    errs = [l for l in r.stderr.splitlines() if re.search(r" line \d+:", l)]
    if r.returncode or errs:
        raise RuntimeError("gnuplot failed: " + "; ".join(errs or r.stderr.strip().splitlines()[-2:]))
    return "gnuplot"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the results here (default RUN_DIR/results.json)")
    ap.add_argument("--chart", help="write the PNG here (default RUN_DIR/results.png)")
    ap.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                    help="add to the metadata (e.g. accel=tcg)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if a planned measurement is missing or failed")
    ap.add_argument("run")
    a = ap.parse_args()
    run = Run(a.run)
    if not os.path.isdir(run.raw):
        print(f"report: no raw results in {a.run}", file=sys.stderr)
        return 1
    for kv in a.meta:
        k, _, v = kv.partition("=")
        run.meta[k] = v
    res = {"meta": run.meta}
    res["scenarios"] = run.scenarios()
    res["scaling"] = run.scaling()
    res["services"] = run.services()
    res["load"] = run.load()
    res["failures"] = run.failures()
    res["problems"] = run.problems
    jpath = a.json or os.path.join(a.run, "results.json")
    with open(jpath, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    sys.stdout.write(text_report(res))
    png = a.chart or os.path.join(a.run, "results.png")
    work = os.path.join(a.run, "chart-data")
    os.makedirs(work, exist_ok=True)
    try:
        how = chart(res, png, work)
    except (RuntimeError, OSError) as e:
        how = f"no chart: {e}"
        run.problems.append(f"chart: {e}")
    else:
        how = f"chart: {png} ({how})" if how else "no chart (no gnuplot: scripts/deps.sh --bench)"
    print(f"\nresults: {jpath}, {how}")
    if a.check and run.problems:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The client of `make demo`, run inside the cgroup the data plane is
# attached to: plain HTTP/1.1 requests to 127.0.0.1:80, where nothing
# listens; the BPF chain routes each one by its request line and headers
# to backend v1 or v2. Prints who answered; exits 1 if the routing is
# not what tools/examples/demo.yaml says.
import http.client
import sys

SPLIT_N = 200


def get(path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", 80, timeout=10)
    try:
        c.request("GET", path, headers=headers or {})
        return c.getresponse().read().decode().strip()
    except OSError as e:
        return "error: " + (e.strerror or str(e))
    finally:
        c.close()


ok = True
for path, hdrs, want in [("/v2/items", {}, "v2"),
                         ("/", {"x-canary": "1"}, "v2"),
                         ("/", {"x-canary": "0"}, None),
                         ("/shop", {}, None)]:
    got = get(path, hdrs)
    shown = " ".join(f"{k}: {v}" for k, v in hdrs.items())
    print(f"GET {path:<10} {shown:<12} -> {got}"
          + (f"   (route says {want})" if want else "   (90/10 split)"))
    if want and got != want:
        ok = False

seen = {}
for _ in range(SPLIT_N):
    got = get("/")
    seen[got] = seen.get(got, 0) + 1
v1, v2 = seen.get("v1", 0), seen.get("v2", 0)
print(f"GET / x {SPLIT_N}: v1 answered {v1}, v2 answered {v2}"
      f" ({100 * v1 / SPLIT_N:.0f}% / {100 * v2 / SPLIT_N:.0f}%, configured 90% / 10%)")
others = {k: v for k, v in seen.items() if k not in ("v1", "v2")}
if others:
    print(f"unexpected answers: {others}")
# 180 expected, standard deviation 4.2: within 3.5 of them
if others or not 165 <= v1 <= 195:
    ok = False
sys.exit(0 if ok else 1)

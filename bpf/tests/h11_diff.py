#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Differential test of the request-head parser (bpf/lib/http_parse.h)
against Python's h11 (Debian python3-h11).

    h11_diff.py HTTP_DUMP [--cases N] [--seed S] [--show K]

Generates a corpus of requests (every method, origin/absolute/asterisk/
authority targets, query strings, versions, repeated and odd headers,
whitespace, obs-fold, invalid characters, Content-Length and
Transfer-Encoding cases, CRLF vs LF, long heads, and random mutations of
all of those), runs each through HTTP_DUMP (http_dump.c: our parser) and
through h11, and compares: accepted or refused (an incomplete head is its
own verdict on both sides), method, target, version, Host and every
header value.

A disagreement is allowed only where README.md ("The request-head parser
and h11") lists it as deliberate; each such class must show up at least
once (so the corpus keeps covering it) and is reported with its count.
Anything else fails, printed with its request. Prints TAP.
"""
import argparse
import random
import struct
import subprocess
import sys

import h11

CRLF = b"\r\n"
METHODS = [b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"CONNECT", b"OPTIONS",
           b"TRACE", b"PATCH", b"M-SEARCH", b"get", b"X!#$%&'*+-.^_`|~9",
           b"G(T", b"", b"GE T", b"G\x00T", b"\xc3\xa9"]
TARGETS = [b"/", b"/a/b", b"/a?b=c", b"/a?b?c", b"/%20x", b"/a#frag", b"//x",
           b"/" + b"p" * 300, b"/?", b"*", b"http://a.example/x", b"a.example:443",
           b"/\x7f", b"/\x80", b"/a\tb", b"", b"/a\x00"]
VERSIONS = [b"HTTP/1.1", b"HTTP/1.0", b"HTTP/1.2", b"HTTP/2.0", b"HTTP/0.9",
            b"http/1.1", b"HTTP/1.10", b"HTTP/1.", b"HTTP/11", b"HTTP/1.1 "]
HOSTS = [b"a.example", b"A.Example", b"a.example:8080", b"[::1]:80", b"[::1]",
         b"", b"a.example:", b"x" * 300, b"a b", b"caf\xc3\xa9.example"]
NAMES = [b"x-a", b"X-Mixed-Case", b"accept", b"cookie", b"user-agent",
         b"x!#$%&'*+-.^_`|~", b"x y", b"x\"y", b"", b"x\x80", b"x(y)"]
VALUES = [b"v", b"", b" padded ", b"\ttabs\t", b"a b  c", b"caf\xc3\xa9",
          b"a\x01b", b"a\x7fb", b"a\x00b", b"a\x0bb", b"a\rb", b"x" * 500,
          b"\"quoted, with comma\"", b"a,b"]
CL = [b"5", b"0", b"5, 5", b"5,5", b" 5 ", b"05", b"", b"+5", b"-1", b"5 5",
      b"5,", b",5", b"0x5", b"99999999999999999999", b"5, 6", b"a"]
TE = [b"chunked", b"Chunked", b"CHUNKED ", b"gzip, chunked", b"chunked, chunked",
      b"gzip", b"", b"chunk d", b"identity"]
ENDS = [CRLF, b"\n"]


def build(method, target, version, fields, eol=CRLF, eol_last=None):
    """A request head: the request line, fields (whole lines) and the end."""
    head = method + b" " + target + b" " + version + eol
    for f in fields:
        head += f + eol
    return head + (eol if eol_last is None else eol_last)


def field(name, value, sep=b": "):
    return name + sep + value


def corpus(rng, n):
    """Deterministic list of request bytes."""
    out = []
    host = field(b"Host", b"a.example")
    # Every method, target and version with a Host.
    for m in METHODS:
        for t in TARGETS:
            out.append(build(m, t, b"HTTP/1.1", [host]))
    for v in VERSIONS:
        out.append(build(b"GET", b"/", v, [host]))
        out.append(build(b"GET", b"/", v, []))
    # Host forms, missing, twice.
    for h in HOSTS:
        out.append(build(b"GET", b"/", b"HTTP/1.1", [field(b"Host", h)]))
        out.append(build(b"GET", b"/", b"HTTP/1.0", [field(b"host", h)]))
    out.append(build(b"GET", b"/", b"HTTP/1.1", [host, host]))
    out.append(build(b"GET", b"/", b"HTTP/1.0", [host, field(b"HOST", b"b")]))
    # Names, values, separators.
    for name in NAMES:
        for value in VALUES:
            out.append(build(b"GET", b"/", b"HTTP/1.1", [host, field(name, value)]))
    for sep in [b":", b": ", b":\t", b" : ", b" :", b":  \t "]:
        out.append(build(b"GET", b"/", b"HTTP/1.1", [host, field(b"x-a", b"v", sep)]))
    # Repeated headers.
    for k in range(1, 5):
        out.append(build(b"GET", b"/", b"HTTP/1.1",
                         [host] + [field(b"x-rep", b"v%d" % i) for i in range(k)]))
    # obs-fold.
    for cont in [b" b", b"\tb", b"  ", b" "]:
        out.append(build(b"GET", b"/", b"HTTP/1.1", [host, field(b"x-a", b"a"), cont]))
    out.append(build(b"GET", b"/", b"HTTP/1.1", [b" x-a: b", host]))
    # Content-Length and Transfer-Encoding.
    for a in CL:
        out.append(build(b"POST", b"/", b"HTTP/1.1", [host, field(b"Content-Length", a)]))
        for b in CL[:6]:
            out.append(build(b"POST", b"/", b"HTTP/1.1",
                             [host, field(b"Content-Length", a), field(b"content-length", b)]))
    for a in TE:
        out.append(build(b"POST", b"/", b"HTTP/1.1", [host, field(b"Transfer-Encoding", a)]))
        out.append(build(b"POST", b"/", b"HTTP/1.1",
                         [host, field(b"Transfer-Encoding", a), field(b"Content-Length", b"5")]))
    out.append(build(b"POST", b"/", b"HTTP/1.1",
                     [host, field(b"Transfer-Encoding", b"chunked"),
                      field(b"Transfer-Encoding", b"chunked")]))
    # Line ends.
    for eol in [CRLF, b"\n"]:
        for last in [CRLF, b"\n"]:
            out.append(build(b"GET", b"/", b"HTTP/1.1", [host, field(b"x", b"y")], eol, last))
    out.append(b"GET / HTTP/1.1\r\nHost: a\n\r\n")
    out.append(b"GET / HTTP/1.1\rHost: a\r\n\r\n")
    out.append(b"GET / HTTP/1.1\r\nHost: a\r\r\n\r\n")
    out.append(b"GET / HTTP/1.1\r\nHost: a\r\n\r\r\n")
    out.append(b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
    out.append(b"\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
    # Incomplete heads, bodies after the head.
    full = build(b"POST", b"/x?y", b"HTTP/1.1", [host, field(b"Content-Length", b"4")])
    for cut in range(0, len(full), 7):
        out.append(full[:cut])
    out.append(full + b"body")
    out.append(full + b"GET / HTTP/1.1\r\n")
    # Many fields, long heads: over 4096 bytes, around the 16384 bytes of
    # the window the kernel holds.
    for k in [99, 100, 101, 150]:
        out.append(build(b"GET", b"/", b"HTTP/1.1",
                         [host] + [field(b"x-%d" % i, b"v") for i in range(k - 1)]))
    base = build(b"GET", b"/", b"HTTP/1.1", [host, field(b"x-pad", b"")])
    for size in [4090, 4096, 4097, 8000, 16380, 16383, 16384, 16385, 16400,
                 20000]:
        out.append(build(b"GET", b"/", b"HTTP/1.1",
                         [host, field(b"x-pad", b"p" * (size - len(base)))]))
    # Random requests and mutations of everything above.
    seeds = list(out)
    while len(out) < n:
        if rng.random() < 0.3:
            fields = [host] if rng.random() < 0.8 else []
            for _ in range(rng.randrange(4)):
                fields.append(field(rng.choice(NAMES[:6]), rng.choice(VALUES)))
            out.append(build(rng.choice(METHODS[:10]), rng.choice(TARGETS[:9]),
                             rng.choice(VERSIONS[:2]), fields, rng.choice(ENDS)))
        else:
            out.append(mutate(rng, rng.choice(seeds)))
    return out


def mutate(rng, req):
    b = bytearray(req)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(3)
        i = rng.randrange(len(b) + 1)
        c = rng.choice([0, 9, 10, 13, 32, 34, 44, 58, 127, 128, 255,
                        rng.randrange(256)])
        if op == 0 and i < len(b):
            b[i] = c
        elif op == 1:
            b.insert(i, c)
        elif i < len(b):
            del b[i]
    return bytes(b)


def h11_verdict(req):
    """("OK", method, target, version, host, [(name, value)]), ("INCOMPLETE",)
    or ("REFUSED", reason)."""
    if not req:
        return ("INCOMPLETE",)  # h11 takes b"" for the end of the stream
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(req)
    try:
        ev = conn.next_event()
    except h11.RemoteProtocolError as e:
        return ("REFUSED", str(e))
    if ev is h11.NEED_DATA:
        return ("INCOMPLETE",)
    hosts = [v for k, v in ev.headers if k == b"host"]
    return ("OK", bytes(ev.method), bytes(ev.target), bytes(ev.http_version),
            hosts[0] if hosts else None,
            [(bytes(k), bytes(v)) for k, v in ev.headers])


def unhex(s):
    return b"" if s == "=" else bytes.fromhex(s)


def our_verdict(line):
    w = line.split()
    if w[0] == "REFUSED":
        return ("INCOMPLETE",) if w[1] == "3" else ("REFUSED", "status " + w[1])
    host = None if w[4] == "-" else unhex(w[4])
    fields = []
    for f in w[6:]:
        k, v = f.split(":")
        fields.append((unhex(k), unhex(v)))
    return ("OK", unhex(w[1]), unhex(w[2]), w[3].encode(), host, fields)


def h11_normal(fields):
    """Our fields as h11 hands them out: Content-Length lists folded to
    their one value and kept once, Transfer-Encoding lowercased."""
    out = []
    for k, v in fields:
        if k == b"content-length":
            if any(k2 == k for k2, _ in out):
                continue
            v = {x.strip() for x in v.split(b",")}.pop()
        elif k == b"transfer-encoding":
            v = v.lower()
        out.append((k, v))
    return out


def head_of(req):
    """Lines of the head (up to the first empty line, LF or CRLF)."""
    lines = []
    for line in req.split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line:
            break
        lines.append(line)
    return lines


# Deliberate differences (README.md): we refuse, h11 accepts. Each is a
# test on the request; all that apply are returned.
def deliberate(req):
    lines = head_of(req)
    found = []
    ends = [e + 2 for e in (req.find(b"\n\n"),) if e >= 0] + \
        [e + 3 for e in (req.find(b"\n\r\n"),) if e >= 0]
    if ends and min(ends) > 16384:
        found.append("a head longer than 16384 bytes")
    rl = lines[0].split(b" ") if lines else []
    if len(rl) == 3 and not rl[1].startswith(b"/"):
        found.append("a target not in origin-form (absolute, authority, asterisk)")
    if len(rl) == 3 and rl[2] not in (b"HTTP/1.0", b"HTTP/1.1"):
        found.append("a version other than HTTP/1.0 and HTTP/1.1")
    fields = lines[1:]
    if any(f[:1] in (b" ", b"\t") for f in fields):
        found.append("obs-fold (a line starting with whitespace)")
    if any(c < 32 and c != 9 or c == 127 for f in fields for c in f):
        found.append("a control character in a field value")
    names = [f.split(b":")[0].lower() for f in fields]
    if b"content-length" in names and b"transfer-encoding" in names:
        found.append("both Content-Length and Transfer-Encoding")
    if len(fields) > 100:
        found.append("more than 100 header fields")
    return found


# The classes, with the verdict each gives on our side: INCOMPLETE, or
# REFUSED with its status (enum km_http_status); obs-fold with any (the
# field before the fold ends early, a Content-Length list for one).
CLASSES = {
    "a head longer than 16384 bytes": ("INCOMPLETE",),
    "a target not in origin-form (absolute, authority, asterisk)": ("REFUSED", "status 2"),
    "a version other than HTTP/1.0 and HTTP/1.1": ("REFUSED", "status 2"),
    "obs-fold (a line starting with whitespace)": ("REFUSED", None),
    "a control character in a field value": ("REFUSED", "status 2"),
    "both Content-Length and Transfer-Encoding": ("REFUSED", "status 6"),
    "more than 100 header fields": ("REFUSED", "status 4"),
}


def explains(want, ours):
    return want[0] == ours[0] and (len(want) == 1 or want[1] in (None, ours[1]))


def compare(ours, theirs):
    """None if they agree, else what differs."""
    if ours[0] != theirs[0]:
        return "verdict: ours %s, h11 %s" % (ours[0], " ".join(map(str, theirs)))
    if ours[0] != "OK":
        return None
    names = ["method", "target", "version", "Host"]
    for i, name in enumerate(names, 1):
        if ours[i] != theirs[i]:
            return "%s: ours %r, h11 %r" % (name, ours[i], theirs[i])
    if h11_normal(ours[5]) != theirs[5]:
        return "fields: ours %r, h11 %r" % (ours[5], theirs[5])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("http_dump")
    ap.add_argument("--cases", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=10)
    a = ap.parse_args()

    reqs = corpus(random.Random(a.seed), a.cases)
    stream = b"".join(struct.pack("<I", len(r)) + r for r in reqs)
    p = subprocess.run([a.http_dump], input=stream, stdout=subprocess.PIPE,
                       check=True)
    lines = p.stdout.decode().splitlines()
    n = 0
    bad = 0

    def tap(ok, what):
        nonlocal n, bad
        n += 1
        print("%sok %d %s" % ("" if ok else "not ", n, what))
        if not ok:
            bad = 1

    tap(len(lines) == len(reqs), "h11 diff: one verdict per request (%d)" % len(reqs))
    counts = dict.fromkeys(CLASSES, 0)
    agree = 0
    unexpected = []
    # A head that one side refuses at a bad byte and the other still
    # waits for is compared once more, completed with an empty line.
    later = [i for i, (req, line) in enumerate(zip(reqs, lines))
             if {our_verdict(line)[0], h11_verdict(req)[0]} == {"INCOMPLETE", "REFUSED"}]
    stream = b"".join(struct.pack("<I", len(reqs[i]) + 4) + reqs[i] + CRLF + CRLF
                      for i in later)
    p = subprocess.run([a.http_dump], input=stream, stdout=subprocess.PIPE,
                       check=True)
    for i, line in zip(later, p.stdout.decode().splitlines()):
        reqs[i] += CRLF + CRLF
        lines[i] = line
    for req, line in zip(reqs, lines):
        ours, theirs = our_verdict(line), h11_verdict(req)
        why = compare(ours, theirs)
        if (why is not None and ours[0] == "INCOMPLETE" and theirs[0] == "REFUSED"
                and len(req) > 16384):
            why = None  # both refuse: h11 a bad line, we past 16384 bytes
        if why is None:
            agree += 1
            continue
        cls = None
        if theirs[0] == "OK":
            # a class that explains our verdict (not only one present)
            cls = next((c for c in deliberate(req) if explains(CLASSES[c], ours)),
                       None)
        if cls in counts:
            counts[cls] += 1
        else:
            unexpected.append((req, why))
    tap(not unexpected, "h11 diff: %d of %d requests agree, %d unexpected disagreements"
        % (agree, len(reqs), len(unexpected)))
    for req, why in unexpected[:a.show]:
        print("# %r" % req[:300])
        print("#   %s" % why)
    for cls in CLASSES:
        tap(counts[cls] > 0, "h11 diff: deliberate (README): %s: %d requests"
            % (cls, counts[cls]))
    print("1..%d" % n)
    return bad


if __name__ == "__main__":
    sys.exit(main())

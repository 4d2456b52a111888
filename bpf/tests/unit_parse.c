// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the request-head parser (lib/http_parse.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tap.h"
#include "unit.h"

static struct km_http H;
static struct km_src S;

__u32 unit_parse(struct km_http *h, struct km_src *s, const void *req,
		 size_t len)
{
	if (len > KM_HTTP_WINDOW)
		len = KM_HTTP_WINDOW;
	s->p = req;
	s->len = (__u32)len;
	km_http_init(h, s->len);
	return km_http_parse(h, s);
}

__u32 unit_parse_str(struct km_http *h, struct km_src *s, const char *req)
{
	return unit_parse(h, s, req, strlen(req));
}

static const char *const status_names[] = {
	"PARSING", "OK", "BAD", "TRUNCATED", "TOO_MANY", "BAD_HOST",
	"BAD_FRAMING",
};

static const char *status_name(__u32 s)
{
	return s < sizeof(status_names) / sizeof(status_names[0]) ?
	       status_names[s] : "?";
}

/* Bytes [off, off + len) of the source are s? */
static int bytes_are(__u32 off, __u32 len, const char *s)
{
	return len == strlen(s) && off + len <= S.len &&
	       !memcmp(S.p + off, s, len);
}

/* The same, case aside (a field name, as sent). */
static int name_is(__u32 off, __u32 len, const char *s)
{
	return len == strlen(s) && off + len <= S.len &&
	       !strncasecmp((const char *)S.p + off, s, len);
}

/* Field i is "name: value" (name in any case, value trimmed)? */
static int field_is(__u32 i, const char *name, const char *value)
{
	const struct km_hdr_ref *r = &H.hdrs[i];

	return i < H.n_hdrs && name_is(r->name_off, r->name_len, name) &&
	       bytes_are(r->val_off, r->val_len, value);
}

struct pcase {
	const char *what;
	const char *req;
	__u32 status;
};

#define OK	KM_HTTP_OK
#define BAD	KM_HTTP_BAD
#define TRUNC	KM_HTTP_TRUNCATED
#define HOST	KM_HTTP_BAD_HOST
#define FRAMING	KM_HTTP_BAD_FRAMING
#define RL(line) line "\r\nHost: a\r\n\r\n"
#define HDR(field) "GET / HTTP/1.1\r\nHost: a\r\n" field "\r\n\r\n"

static const struct pcase verdicts[] = {
	{ "a minimal request", RL("GET / HTTP/1.1"), OK },
	{ "HTTP/1.0", RL("GET / HTTP/1.0"), OK },
	{ "any token method", RL("M-SEARCH~! / HTTP/1.1"), OK },
	{ "bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n", OK },
	{ "mixed line ends", "GET / HTTP/1.1\r\nHost: a\n\r\n", OK },
	{ "an empty value", HDR("x-empty:"), OK },
	{ "obs-text in a value", HDR("x: caf\xc3\xa9"), OK },
	{ "tab inside a value", HDR("x: a\tb"), OK },
	{ "method in lowercase", RL("get / HTTP/1.1"), OK },
	{ "version in lowercase", RL("GET / http/1.1"), BAD },
	{ "HTTP/1.2", RL("GET / HTTP/1.2"), BAD },
	{ "HTTP/2.0", RL("GET / HTTP/2.0"), BAD },
	{ "HTTP/1.10", RL("GET / HTTP/1.10"), BAD },
	{ "HTTP/0.9 request line", "GET /\r\n\r\n", BAD },
	{ "two spaces after the method", RL("GET  / HTTP/1.1"), BAD },
	{ "space after the version", RL("GET / HTTP/1.1 "), BAD },
	{ "absolute-form target", RL("GET http://a/ HTTP/1.1"), BAD },
	{ "asterisk-form target", RL("OPTIONS * HTTP/1.1"), BAD },
	{ "authority-form target", RL("CONNECT a:443 HTTP/1.1"), BAD },
	{ "an empty line first", "\r\n" RL("GET / HTTP/1.1"), BAD },
	{ "a space first", RL(" GET / HTTP/1.1"), BAD },
	{ "an empty method", RL(" / HTTP/1.1"), BAD },
	{ "a non-token method", RL("G(T / HTTP/1.1"), BAD },
	{ "DEL in the target", RL("GET /\x7f HTTP/1.1"), BAD },
	{ "obs-text in the target", RL("GET /\x80 HTTP/1.1"), BAD },
	{ "CR without LF", "GET / HTTP/1.1\rHost: a\r\n\r\n", BAD },
	{ "a field without colon", HDR("x-no-colon"), BAD },
	{ "space before the colon", HDR("x : y"), BAD },
	{ "an empty name", HDR(": y"), BAD },
	{ "a non-token name", HDR("x\"y: z"), BAD },
	{ "obs-fold", HDR("x: a\r\n b"), BAD },
	{ "a control character in a value", HDR("x: a\x01z"), BAD },
	{ "DEL in a value", HDR("x: a\x7fz"), BAD },
	{ "a bare CR in a value", HDR("x: a\rz"), BAD },
	{ "CR CR LF", "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", BAD },
	{ "no end of head", "GET / HTTP/1.1\r\nHost: a\r\n", TRUNC },
	{ "end of head cut after CR", "GET / HTTP/1.1\r\nHost: a\r\n\r", TRUNC },
	{ "nothing", "", TRUNC },
	{ "HTTP/1.1 without Host", "GET / HTTP/1.1\r\nx: y\r\n\r\n", HOST },
	{ "HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", OK },
	{ "two Host fields", HDR("HOST: b"), HOST },
	{ "an empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", OK },
	{ "Content-Length", HDR("Content-Length: 5"), OK },
	{ "Content-Length as a list of equals", HDR("content-length: 5 , 5,5"), OK },
	{ "Content-Length twice, equal", HDR("Content-Length: 12\r\nContent-Length: 12"), OK },
	{ "Content-Length of 20 digits", HDR("Content-Length: 99999999999999999999"), OK },
	{ "Content-Length zero", HDR("Content-Length: 0"), OK },
	{ "Content-Length lists that differ", HDR("Content-Length: 5, 6"), FRAMING },
	{ "Content-Length twice, different", HDR("Content-Length: 5\r\nContent-Length: 50"), FRAMING },
	{ "Content-Length 05 and 5", HDR("Content-Length: 05\r\nContent-Length: 5"), FRAMING },
	{ "Content-Length empty", HDR("Content-Length:"), FRAMING },
	{ "Content-Length +5", HDR("Content-Length: +5"), FRAMING },
	{ "Content-Length -1", HDR("Content-Length: -1"), FRAMING },
	{ "Content-Length 5 5", HDR("Content-Length: 5 5"), FRAMING },
	{ "Content-Length 5,", HDR("Content-Length: 5,"), FRAMING },
	{ "Content-Length ,5", HDR("Content-Length: ,5"), FRAMING },
	{ "Content-Length in hex", HDR("Content-Length: 0x5"), FRAMING },
	{ "CONTENT-LENGTH in capitals", HDR("CONTENT-LENGTH: x"), FRAMING },
	{ "a name longer than content-length", HDR("content-lengthx: x"), OK },
	{ "Transfer-Encoding: chunked", HDR("Transfer-Encoding: chunked"), OK },
	{ "Transfer-Encoding: Chunked", HDR("Transfer-Encoding: Chunked \t"), OK },
	{ "Transfer-Encoding: gzip, chunked", HDR("Transfer-Encoding: gzip, chunked"), FRAMING },
	{ "Transfer-Encoding: chunk d", HDR("Transfer-Encoding: chunk d"), FRAMING },
	{ "Transfer-Encoding: chunked, chunked", HDR("Transfer-Encoding: chunked, chunked"), FRAMING },
	{ "Transfer-Encoding twice", HDR("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"), FRAMING },
	{ "Transfer-Encoding empty", HDR("Transfer-Encoding:"), FRAMING },
	{ "Content-Length and Transfer-Encoding", HDR("Transfer-Encoding: chunked\r\nContent-Length: 5"), FRAMING },
};

static void test_verdicts(void)
{
	size_t i;
	__u32 st;

	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		st = unit_parse_str(&H, &S, verdicts[i].req);
		tap(st == verdicts[i].status, "parse: %s: %s", verdicts[i].what,
		    status_name(verdicts[i].status));
		if (st != verdicts[i].status)
			tap_diag("got %s", status_name(st));
	}
}

static void test_results(void)
{
	const char *req = "PATCH /a/b?x=1?y HTTP/1.1\r\nHost:  Api.Example:8080 \r\n"
			  "X-Multi:  one \r\nx-multi:\ttwo\t\r\nAccept:\r\n\r\nbody";
	size_t n = strlen(req);
	int ok;

	ok = unit_parse_str(&H, &S, req) == OK &&
	     bytes_are(0, H.method_len, "PATCH") && H.minor == 1 &&
	     bytes_are(H.path_off, H.path_len, "/a/b") &&
	     bytes_are(H.path_off, H.target_len, "/a/b?x=1?y") &&
	     H.n_hdrs == 4 && H.host_hdr == 1 &&
	     bytes_are(H.host_off, H.host_len, "Api.Example:8080") &&
	     field_is(0, "host", "Api.Example:8080") &&
	     field_is(1, "x-multi", "one") && field_is(2, "x-multi", "two") &&
	     field_is(3, "accept", "");
	tap(ok, "parse: method, path, target, Host and fields (names as sent, values trimmed)");

	/* Bytes after the head do not change it. */
	ok = unit_parse(&H, &S, req, n - 4) == OK && H.n_hdrs == 4 &&
	     unit_parse(&H, &S, req, n - 5) == TRUNC;
	tap(ok, "parse: the head ends at its empty line; one byte less is truncated");

	ok = unit_parse_str(&H, &S, RL("GET /p HTTP/1.0")) == OK &&
	     H.minor == 0 &&
	     bytes_are(H.path_off, H.path_len, "/p") && H.target_len == 2;
	tap(ok, "parse: HTTP/1.0, a path without query");
}

struct portcase {
	const char *host;
	__u32 port_start;	/* (__u32)-1: host_len */
	__u32 numeric;
};

static const struct portcase ports[] = {
	{ "a.example", -1, 0 },
	{ "a.example:8080", 9, 1 },
	{ "a.example:", 9, 0 },
	{ "a.example:8a", 9, 0 },
	{ "a.example:+80", 9, 1 },
	{ "a.example:-80", 9, 0 },
	{ "a.example: 80 ", 9, 1 },
	{ "a.example:4294967295", 9, 1 },
	{ "a.example:4294967296", 9, 0 },
	{ "a:b:80", 3, 1 },
	{ "[::1]", -1, 0 },
	{ "[::1]:80", 5, 1 },
	{ "[::1]x", -1, 0 },
	{ "::1", 1, 1 },
};

static void test_ports(void)
{
	char req[128];
	size_t i;
	__u32 want;
	int ok;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: %s\r\n\r\n",
			 ports[i].host);
		ok = unit_parse_str(&H, &S, req) == OK;
		want = ports[i].port_start == (__u32)-1 ? H.host_len :
		       ports[i].port_start;
		ok = ok && H.port_start == want &&
		     H.port_numeric == ports[i].numeric;
		tap(ok, "parse: Host %s: port at %u, %snumeric", ports[i].host,
		    want, ports[i].numeric ? "" : "not ");
		if (!ok)
			tap_diag("port_start %u numeric %u", H.port_start,
				 H.port_numeric);
	}
}

/* A request with n fields "x-N: N" after Host, the head padded with a
 * field of pad bytes to exactly len bytes when len is not 0. */
static size_t fields_request(char *buf, size_t cap, int n, size_t len)
{
	size_t o = (size_t)snprintf(buf, cap, "GET / HTTP/1.1\r\nHost: a\r\n");
	int i;

	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o, "x-%d: %d\r\n", i, i);
	if (len) {
		size_t pad = len - o - strlen("p: \r\n\r\n");

		o += (size_t)snprintf(buf + o, cap - o, "p: ");
		memset(buf + o, 'v', pad);
		o += pad;
		o += (size_t)snprintf(buf + o, cap - o, "\r\n");
	}
	o += (size_t)snprintf(buf + o, cap - o, "\r\n");
	return o;
}

static void test_limits(void)
{
	static char buf[2 * KM_HTTP_WINDOW];
	size_t n;
	int ok;

	n = fields_request(buf, sizeof(buf), KM_HTTP_MAX_HDRS - 1, 0);
	ok = unit_parse(&H, &S, buf, n) == OK && H.n_hdrs == KM_HTTP_MAX_HDRS;
	tap(ok, "parse: %d header fields are accepted", KM_HTTP_MAX_HDRS);
	n = fields_request(buf, sizeof(buf), KM_HTTP_MAX_HDRS, 0);
	tap(unit_parse(&H, &S, buf, n) == KM_HTTP_TOO_MANY,
	    "parse: %d header fields are refused", KM_HTTP_MAX_HDRS + 1);

	n = fields_request(buf, sizeof(buf), 0, 4097);
	ok = n == 4097 && unit_parse(&H, &S, buf, n) == OK;
	tap(ok, "parse: a head of 4097 bytes is accepted (no 4 KiB copy)");
	n = fields_request(buf, sizeof(buf), 0, KM_HTTP_WINDOW);
	ok = n == KM_HTTP_WINDOW && unit_parse(&H, &S, buf, n) == OK &&
	     H.head_len == KM_HTTP_WINDOW &&
	     bytes_are(H.hdrs[1].val_off, 3, "vvv") &&
	     H.hdrs[1].val_off + H.hdrs[1].val_len == KM_HTTP_WINDOW - 4;
	tap(ok, "parse: a head of exactly %d bytes (the window) is accepted",
	    KM_HTTP_WINDOW);
	n = fields_request(buf, sizeof(buf), 0, KM_HTTP_WINDOW + 1);
	ok = n == KM_HTTP_WINDOW + 1 && unit_parse(&H, &S, buf, n) == TRUNC;
	tap(ok, "parse: a head of %d bytes is truncated", KM_HTTP_WINDOW + 1);
	n = fields_request(buf, sizeof(buf), 0, 2 * KM_HTTP_WINDOW - 1);
	ok = unit_parse(&H, &S, buf, n - 2) == TRUNC &&
	     unit_parse(&H, &S, buf, n) == TRUNC;
	tap(ok, "parse: a head not ending within the window is truncated, "
	    "however many bytes follow");
}

/*
 * A 10 KiB Cookie (heads over 4096 bytes), Content-Length twice at both
 * ends of it (the second read back against the first), then x-after.
 */
static size_t cookie_request(char *buf, size_t cap)
{
	size_t o, k;

	o = (size_t)snprintf(buf, cap, "POST /c?q HTTP/1.1\r\n"
			     "Content-Length: 1234567\r\nHost: A.Example\r\n"
			     "Cookie: ");
	for (k = 0; k < 10240; k++)
		buf[o++] = "abcdefghijklmnopqrstuvwxyz0123456789"[k % 36];
	o += (size_t)snprintf(buf + o, cap - o, "\r\nContent-Length: "
			      "1234567\r\nX-After: tail\r\n\r\n");
	return o;
}

static void test_long(void)
{
	static char buf[KM_HTTP_WINDOW];
	size_t n = cookie_request(buf, sizeof(buf)), k;
	__u32 reads, st;
	int ok;

	km_src_reads = 0;
	st = unit_parse(&H, &S, buf, n);
	reads = km_src_reads;
	ok = st == OK && H.n_hdrs == 5 && H.head_len == n &&
	     field_is(1, "host", "A.Example") &&
	     H.hdrs[2].val_len == 10240 && field_is(4, "x-after", "tail");
	tap(ok, "parse: a head of %zu bytes with a 10 KiB Cookie", n);
	/* one read per KM_HTTP_WIN bytes, one per digit read back, one for
	 * the scan of the Host (far behind)
	 */
	ok = reads == (n + KM_HTTP_WIN - 1) / KM_HTTP_WIN + 7 + 1;
	tap(ok, "parse: its bytes are read %u times (%zu / %d, 7 digits, "
	    "the Host)", reads, n, KM_HTTP_WIN);
	if (!ok)
		tap_diag("status %u, %u reads", st, reads);

	/*
	 * Sent in pieces, the head is parsed again from its start at each
	 * send: every shorter prefix must ask for more (TRUNCATED), the
	 * whole be this head.
	 */
	ok = 1;
	for (k = 0; k < n && ok; k += 1 + k % 97)
		ok = unit_parse(&H, &S, buf, k) == TRUNC;
	for (k = n - 300; k < n && ok; k++)
		ok = unit_parse(&H, &S, buf, k) == TRUNC;
	ok = ok && unit_parse(&H, &S, buf, n) == OK && H.n_hdrs == 5;
	tap(ok, "parse: every prefix of it is truncated (asks for more)");
	buf[n - 10] = '\x01';
	tap(unit_parse(&H, &S, buf, n) == BAD,
	    "parse: a bad byte near the end of a long head is refused");
	buf[n - 10] = 't';
}

/* Every prefix of a head is TRUNCATED, for heads of each request shape. */
static void test_prefixes(void)
{
	size_t i, k, n;
	int ok = 1;

	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]) && ok; i++) {
		if (verdicts[i].status != OK)
			continue;
		n = strlen(verdicts[i].req);
		for (k = 0; k < n && ok; k++)
			ok = unit_parse(&H, &S, verdicts[i].req, k) == TRUNC;
		if (!ok)
			tap_diag("%s: its first %zu bytes", verdicts[i].what,
				 k - 1);
	}
	tap(ok, "parse: every prefix of every accepted head is truncated");
}

/* The parser writes nothing: the source is const (rodata here). */
static const char rodata_req[] = "GET / HTTP/1.1\r\nHOST: a\r\n"
				 "X-MiXeD: v\r\nContent-LENGTH: 5\r\n\r\n";

static void test_const(void)
{
	char copy[sizeof(rodata_req)];
	int ok;

	memcpy(copy, rodata_req, sizeof(copy));
	ok = unit_parse_str(&H, &S, rodata_req) == OK && H.host_hdr == 1 &&
	     H.cl_seen && bytes_are(H.hdrs[1].name_off, 7, "X-MiXeD") &&
	     !memcmp(copy, rodata_req, sizeof(copy));
	tap(ok, "parse: names are recognized in any case, the bytes stay as sent");
}

void test_parse(void)
{
	test_verdicts();
	test_results();
	test_ports();
	test_limits();
	test_long();
	test_prefixes();
	test_const();
}

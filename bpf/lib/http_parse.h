/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP/1.x request-head parser: pure functions over struct km_http,
 * built into the HTTP stage (http.bpf.c) and into the host tests
 * (bpf/tests/). It reads the bytes sent where they are, through a byte
 * source (lib/bytes.h: the held window's dynptr in BPF, a const buffer
 * on the host), never copying them whole and never writing them: the
 * caller calls km_http_init() with their length (at most
 * KM_HTTP_WINDOW), then km_http_parse(); the route matcher
 * (lib/route_match.h) reads them again the same way.
 *
 * Byte access is km_byte(): one byte of the source through a cache of
 * KM_HTTP_WIN bytes in struct km_http (win[]), refilled by one read of
 * the source when the byte is outside it. Sequential parsing costs one
 * read per KM_HTTP_WIN bytes; the matcher's runs (a domain, a path, a
 * name, a value) one each, or two where a run straddles a refill.
 *
 * Accepted: "METHOD SP /target SP HTTP/1.x CRLF", then header fields
 * "name: value CRLF" (bare LF accepted for CRLF), then an empty line.
 * Header names are compared lowercased (km_lower() of each byte read;
 * the bytes stay as sent); values lose leading and trailing spaces and
 * tabs.
 *
 * Refused (status other than KM_HTTP_OK), as Envoy answers 400/431/501:
 *   - a malformed request line: a method that is not a token, a target
 *     that is not origin-form ("/..."), a version other than HTTP/1.0 or
 *     HTTP/1.1, control characters;
 *   - a malformed field: no colon, whitespace before the colon, an empty
 *     or non-token name, obsolete line folding, control characters other
 *     than tab in a value;
 *   - a head that does not end within len bytes (KM_HTTP_TRUNCATED: the
 *     HTTP stage asks for more while len is below KM_HTTP_WINDOW);
 *   - more than KM_HTTP_MAX_HDRS header fields;
 *   - HTTP/1.1 without Host, two Host fields;
 *   - Content-Length not a list of equal decimal numbers, Transfer-Encoding
 *     other than one "chunked", or both of them.
 */
#ifndef KMESH_BPF_LIB_HTTP_PARSE_H
#define KMESH_BPF_LIB_HTTP_PARSE_H

#include "bytes.h"

#define KM_HTTP_WINDOW		16384	/* the held window, all parsed */
#define KM_HTTP_WIN		256	/* the byte cache, a power of 2 */
#define KM_HTTP_MAX_HDRS	100	/* Envoy's default max_headers_count */
#define KM_HTTP_HDR_SLOTS	128	/* size of hdrs[], a power of two */

enum km_http_status {
	KM_HTTP_PARSING = 0,
	KM_HTTP_OK = 1,		/* a complete, well-formed request head */
	KM_HTTP_BAD = 2,	/* malformed request line or header field */
	KM_HTTP_TRUNCATED = 3,	/* no end of head in the bytes given */
	KM_HTTP_TOO_MANY = 4,	/* more than KM_HTTP_MAX_HDRS fields */
	KM_HTTP_BAD_HOST = 5,	/* HTTP/1.1 without Host, or two Host fields */
	KM_HTTP_BAD_FRAMING = 6, /* Content-Length, Transfer-Encoding */
};

struct km_hdr_ref {
	__u16 name_off;		/* in the source, as sent (any case) */
	__u16 name_len;
	__u16 val_off;		/* without leading and trailing whitespace */
	__u16 val_len;
};

struct km_http {
	/* parser state (KM_HTTP_STATE_SIZE bytes, zeroed per request) */
	__u32 len;		/* bytes of the source, <= KM_HTTP_WINDOW */
	__u32 status;		/* enum km_http_status */
	__u32 state;
	__u32 after_lf;		/* state after the LF of a CR LF */
	__u32 mark;		/* start of the token being read */
	__u32 vend;		/* end of the value, trailing whitespace excluded */
	__u32 hname_off;
	__u32 hname_len;
	__u32 qseen;
	__u32 cand;		/* names the field being read may still be */
	__u32 kind;		/* enum km_field_kind of the field being read */
	__u32 cl_st;		/* Content-Length element: enum km_cl_state */
	__u32 cl_pos;		/* digits of the element so far */
	__u32 cl_first_off;	/* the first element, every one must equal */
	__u32 cl_first_len;
	__u32 cl_seen;		/* a whole Content-Length element was read */
	__u32 te_seen;
	__u32 te_ok;		/* the Transfer-Encoding value so far is "chunked" */
	__u32 host_scan[4];	/* scratch of km_host_scan() */
	/* results */
	__u32 method_len;	/* the method is bytes [0, method_len) */
	__u32 minor;		/* HTTP/1.minor */
	__u32 path_off;		/* request target, origin-form */
	__u32 path_len;		/* up to '?' (exact path match) */
	__u32 target_len;	/* with the query (prefix match) */
	__u32 n_hdrs;
	__u32 host_hdr;		/* index + 1 of the Host field, 0: none */
	__u32 host_off;		/* its value, as sent */
	__u32 host_len;
	__u32 port_start;	/* where its ":port" starts, host_len: none */
	__u32 port_numeric;	/* 1: the port is a number (Envoy's SimpleAtoi) */
	__u32 port_value;	/* that number */
	__u32 head_len;		/* bytes of the head, its empty line included */
	__u32 pad;
	struct km_hdr_ref hdrs[KM_HTTP_HDR_SLOTS];
	/* the byte cache (km_byte()): win[] holds bytes [win_base,
	 * win_base + win_len) of the source; win_len 0: empty
	 */
	__u32 win_base;
	__u32 win_len;
	__u8 win[KM_HTTP_WIN];
};

#define KM_HTTP_STATE_SIZE	__builtin_offsetof(struct km_http, hdrs)

_Static_assert(KM_HTTP_HDR_SLOTS > KM_HTTP_MAX_HDRS &&
	       !(KM_HTTP_HDR_SLOTS & (KM_HTTP_HDR_SLOTS - 1)),
	       "hdrs[] is indexed by a mask");
_Static_assert(!(KM_HTTP_WIN & (KM_HTTP_WIN - 1)) &&
	       KM_HTTP_WIN <= KM_HTTP_WINDOW, "win[] is indexed by a mask");
_Static_assert(KM_HTTP_WINDOW <= 65535, "offsets are __u16");

/*
 * A new request head of len bytes (at most KM_HTTP_WINDOW) of a source:
 * the parser state zeroed, the byte cache emptied.
 */
KM_INLINE void km_http_init(struct km_http *h, __u32 len)
{
	__builtin_memset(h, 0, KM_HTTP_STATE_SIZE);
	h->len = len < KM_HTTP_WINDOW ? len : KM_HTTP_WINDOW;
	h->win_base = 0;
	h->win_len = 0;
}

/*
 * The two reads of the source, global functions in BPF (KM_SUBPROG:
 * verified once each; the dynptr each opens lives in its frame only).
 * They call kfuncs, and the static linker of the stages (libbpf's,
 * bpftool gen object) fails on a kfunc extern that two of the objects
 * it links reference ("failed to resolve size of underlying type"): so
 * one stage defines them (http.bpf.c, which defines
 * KM_HTTP_DEFINE_READS before it includes this file) and the others
 * call them as externs, resolved by that linker.
 */
#if (!defined(__BPF__) && !defined(__bpf__)) || defined(KM_HTTP_DEFINE_READS)

/*
 * Fill the byte cache with bytes [i, i + KM_HTTP_WIN) of s (fewer at the
 * end); returns byte i, or -1 if i is not one of the h->len bytes or the
 * source cannot be read (the cache is then empty).
 */
KM_SUBPROG int km_refill(struct km_http *h, const km_src_t *s, __u32 i)
{
	__u32 n;

	if (!h || !s)
		return -1;
	h->win_len = 0;
	if (i >= h->len || i >= KM_HTTP_WINDOW)
		return -1;
	n = h->len - i;
	/* The mask bounds the size for the verifier whatever clang does
	 * with the comparison (barrier_var() keeps clang from dropping it);
	 * below KM_HTTP_WIN it changes nothing.
	 */
	if (n >= KM_HTTP_WIN)
		n = KM_HTTP_WIN;
	barrier_var(n);
	if (n != KM_HTTP_WIN)
		n &= KM_HTTP_WIN - 1;
	if (km_src_read(h->win, n, s, i))
		return -1;
	h->win_base = i;
	h->win_len = n;
	return h->win[0];
}

/* Byte i of s (0-255) read alone, past the cache, or -1. */
KM_SUBPROG int km_byte_once(const km_src_t *s, __u32 i)
{
	__u8 c;

	if (!s || km_src_read(&c, 1, s, i))
		return -1;
	return c;
}

#else

extern int km_refill(struct km_http *h, const km_src_t *s, __u32 i);
extern int km_byte_once(const km_src_t *s, __u32 i);

#endif

/* Byte i of the source s of h (0-255), or -1 (see km_refill()). */
KM_INLINE int km_byte(struct km_http *h, const km_src_t *s, __u32 i)
{
	__u32 k = i - h->win_base;

	if (k < h->win_len)
		return h->win[k & (KM_HTTP_WIN - 1)];
	return km_refill(h, s, i);
}

enum km_http_state {
	KM_S_METHOD = 0,
	KM_S_TARGET0,		/* first byte of the target */
	KM_S_TARGET,
	KM_S_VERSION,
	KM_S_LF,		/* after a CR: LF, then h->after_lf */
	KM_S_HDR,		/* start of a line in the header section */
	KM_S_NAME,
	KM_S_OWS,		/* spaces after the colon */
	KM_S_VALUE,
};

/* The fields the parser looks into (h->kind); h->cand has one bit each. */
enum km_field_kind {
	KM_F_OTHER = 0,
	KM_F_HOST = 1,
	KM_F_CONTENT_LENGTH = 2,
	KM_F_TRANSFER_ENCODING = 3,
};

/* A Content-Length element (between commas): OWS 1*DIGIT OWS. */
enum km_cl_state {
	KM_CL_START = 0,	/* nothing but whitespace yet */
	KM_CL_DIGITS = 1,
	KM_CL_END = 2,		/* whitespace after the digits */
};

struct km_parse {
	struct km_http *h;
	const km_src_t *s;
};

KM_INLINE int km_tchar(__u8 c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '.': case '^': case '_':
	case '`': case '|': case '~':
		return 1;
	}
	return 0;
}

/* A control character other than tab (RFC 9110 5.5: not in a value). */
KM_INLINE int km_ctl(__u8 c)
{
	return (c < 32 && c != '\t') || c == 127;
}

KM_INLINE int km_bad(struct km_http *h, __u32 status)
{
	h->status = status;
	return 1;
}

/* Byte k (lowercased c) of a field name: drop the candidates it rules out. */
KM_INLINE __u32 km_name_byte(__u32 cand, __u32 k, __u8 c)
{
	if ((cand & (1 << KM_F_HOST)) && (k >= 4 || c != "host"[k]))
		cand &= ~(1 << KM_F_HOST);
	if ((cand & (1 << KM_F_CONTENT_LENGTH)) &&
	    (k >= 14 || c != "content-length"[k]))
		cand &= ~(1 << KM_F_CONTENT_LENGTH);
	if ((cand & (1 << KM_F_TRANSFER_ENCODING)) &&
	    (k >= 17 || c != "transfer-encoding"[k]))
		cand &= ~(1 << KM_F_TRANSFER_ENCODING);
	return cand;
}

KM_INLINE __u32 km_field_kind(__u32 cand, __u32 len)
{
	if ((cand & (1 << KM_F_HOST)) && len == 4)
		return KM_F_HOST;
	if ((cand & (1 << KM_F_CONTENT_LENGTH)) && len == 14)
		return KM_F_CONTENT_LENGTH;
	if ((cand & (1 << KM_F_TRANSFER_ENCODING)) && len == 17)
		return KM_F_TRANSFER_ENCODING;
	return KM_F_OTHER;
}

/* The end of a Content-Length element: it must be the first one's equal. */
KM_INLINE int km_cl_element_end(struct km_http *h)
{
	if (h->cl_st == KM_CL_START)
		return km_bad(h, KM_HTTP_BAD_FRAMING);	/* empty */
	if (!h->cl_seen) {
		h->cl_first_len = h->cl_pos;
		h->cl_seen = 1;
	} else if (h->cl_pos != h->cl_first_len) {
		return km_bad(h, KM_HTTP_BAD_FRAMING);
	}
	h->cl_st = KM_CL_START;
	return 0;
}

/*
 * A non-whitespace byte c at i of the value of the field being read;
 * h->vend is still the end of the value before it.
 */
KM_INLINE int km_value_byte(struct km_http *h, const km_src_t *s, __u32 i,
			    __u8 c)
{
	__u32 k;

	if (h->kind == KM_F_TRANSFER_ENCODING) {
		k = i - h->mark;
		if (i != h->vend || k >= 7 || km_lower(c) != "chunked"[k])
			h->te_ok = 0;
		return 0;
	}
	if (h->kind != KM_F_CONTENT_LENGTH)
		return 0;
	if (c == ',')
		return km_cl_element_end(h);
	if (c < '0' || c > '9' || h->cl_st == KM_CL_END)
		return km_bad(h, KM_HTTP_BAD_FRAMING);
	if (h->cl_st == KM_CL_START) {
		h->cl_st = KM_CL_DIGITS;
		h->cl_pos = 0;
		if (!h->cl_seen)
			h->cl_first_off = i;
	}
	/* The first element's digit is read past the cache (it may be far
	 * behind, and the parse goes on at i): one byte, one read.
	 */
	if (h->cl_seen &&
	    (h->cl_pos >= h->cl_first_len ||
	     km_byte_once(s, h->cl_first_off + h->cl_pos) != c))
		return km_bad(h, KM_HTTP_BAD_FRAMING);
	h->cl_pos++;
	return 0;
}

/* The field just read (name at hname_*, value [mark, vend)). */
KM_INLINE int km_field_end(struct km_http *h, __u8 c)
{
	struct km_hdr_ref *r;
	__u32 n = h->n_hdrs;

	if (h->kind == KM_F_CONTENT_LENGTH && km_cl_element_end(h))
		return 1;
	if (h->kind == KM_F_TRANSFER_ENCODING &&
	    (!h->te_ok || h->vend - h->mark != 7))
		return km_bad(h, KM_HTTP_BAD_FRAMING);
	if (n >= KM_HTTP_MAX_HDRS)
		return km_bad(h, KM_HTTP_TOO_MANY);
	r = &h->hdrs[n & (KM_HTTP_HDR_SLOTS - 1)];
	r->name_off = h->hname_off;
	r->name_len = h->hname_len;
	r->val_off = h->mark;
	r->val_len = h->vend - h->mark;
	if (h->kind == KM_F_HOST) {
		if (h->host_hdr)
			return km_bad(h, KM_HTTP_BAD_HOST);
		h->host_hdr = n + 1;
	}
	h->n_hdrs = n + 1;
	if (c == '\r') {
		h->after_lf = KM_S_HDR;
		h->state = KM_S_LF;
	} else {
		h->state = KM_S_HDR;
	}
	return 0;
}

/* The colon after a field name. */
KM_INLINE int km_name_end(struct km_http *h, __u32 i)
{
	h->hname_off = h->mark;
	h->hname_len = i - h->mark;
	h->kind = km_field_kind(h->cand, h->hname_len);
	h->cl_st = KM_CL_START;
	if (h->kind == KM_F_TRANSFER_ENCODING) {
		if (h->te_seen)
			return km_bad(h, KM_HTTP_BAD_FRAMING);
		h->te_seen = 1;
		h->te_ok = 1;
	}
	h->state = KM_S_OWS;
	return 0;
}

/* The LF at i of the empty line: the head is complete. */
KM_INLINE int km_head_end(struct km_http *h, __u32 i)
{
	if (h->cl_seen && h->te_seen)
		return km_bad(h, KM_HTTP_BAD_FRAMING);
	if (h->minor == 1 && !h->host_hdr)
		return km_bad(h, KM_HTTP_BAD_HOST);
	h->head_len = i + 1;
	h->status = KM_HTTP_OK;
	return 1;
}

KM_INLINE int km_request_line(struct km_http *h, __u32 i, __u8 c)
{
	__u32 k;

	switch (h->state) {
	case KM_S_METHOD:
		if (km_tchar(c))
			return 0;
		if (c != ' ' || i == 0)
			return km_bad(h, KM_HTTP_BAD);
		h->method_len = i;
		h->state = KM_S_TARGET0;
		return 0;
	case KM_S_TARGET0:
		if (c != '/')
			return km_bad(h, KM_HTTP_BAD);
		h->path_off = i;
		h->state = KM_S_TARGET;
		return 0;
	case KM_S_TARGET:
		if (c == ' ') {
			h->target_len = i - h->path_off;
			if (!h->qseen)
				h->path_len = h->target_len;
			h->mark = i + 1;
			h->state = KM_S_VERSION;
		} else if (c == '?' && !h->qseen) {
			h->path_len = i - h->path_off;
			h->qseen = 1;
		} else if (c < 33 || c > 126) {
			return km_bad(h, KM_HTTP_BAD);
		}
		return 0;
	}
	/* KM_S_VERSION */
	k = i - h->mark;
	if (k < 7) {
		if (c != "HTTP/1."[k])
			return km_bad(h, KM_HTTP_BAD);
	} else if (k == 7) {
		if (c != '0' && c != '1')
			return km_bad(h, KM_HTTP_BAD);
		h->minor = c - '0';
	} else if (c == '\r') {
		h->after_lf = KM_S_HDR;
		h->state = KM_S_LF;
	} else if (c == '\n') {
		h->state = KM_S_HDR;
	} else {
		return km_bad(h, KM_HTTP_BAD);
	}
	return 0;
}

/* One byte of the head; 1 stops the loop (done or refused). */
static long km_http_step(__u32 i, void *arg)
{
	struct km_parse *p = arg;
	struct km_http *h = p->h;
	const km_src_t *s = p->s;
	int r;
	__u8 c;

	if (!h || !s)
		return 1;
	if (i >= h->len || i >= KM_HTTP_WINDOW)
		return km_bad(h, KM_HTTP_TRUNCATED);
	r = km_byte(h, s, i);
	if (r < 0)
		return km_bad(h, KM_HTTP_BAD);
	c = (__u8)r;
	switch (h->state) {
	case KM_S_METHOD:
	case KM_S_TARGET0:
	case KM_S_TARGET:
	case KM_S_VERSION:
		return km_request_line(h, i, c);
	case KM_S_LF:
		if (c != '\n')
			return km_bad(h, KM_HTTP_BAD);
		if (h->after_lf != KM_S_HDR)
			return km_head_end(h, i);
		h->state = KM_S_HDR;
		return 0;
	case KM_S_HDR:
		if (c == '\r') {
			h->after_lf = KM_S_METHOD;	/* end of head */
			h->state = KM_S_LF;
			return 0;
		}
		if (c == '\n')
			return km_head_end(h, i);
		if (!km_tchar(c))	/* includes obs-fold */
			return km_bad(h, KM_HTTP_BAD);
		h->mark = i;
		h->cand = km_name_byte(~0U, 0, km_lower(c));
		h->state = KM_S_NAME;
		return 0;
	case KM_S_NAME:
		if (c == ':')
			return km_name_end(h, i);
		if (!km_tchar(c))
			return km_bad(h, KM_HTTP_BAD);
		h->cand = km_name_byte(h->cand, i - h->mark, km_lower(c));
		return 0;
	case KM_S_OWS:
		if (c == ' ' || c == '\t')
			return 0;
		h->mark = i;
		h->vend = i;
		if (c == '\r' || c == '\n')
			return km_field_end(h, c);
		if (km_ctl(c))
			return km_bad(h, KM_HTTP_BAD);
		h->state = KM_S_VALUE;
		r = km_value_byte(h, s, i, c);
		h->vend = i + 1;
		return r;
	case KM_S_VALUE:
		if (c == '\r' || c == '\n')
			return km_field_end(h, c);
		if (c == ' ' || c == '\t') {
			if (h->cl_st == KM_CL_DIGITS)
				h->cl_st = KM_CL_END;
			return 0;
		}
		if (km_ctl(c))
			return km_bad(h, KM_HTTP_BAD);
		r = km_value_byte(h, s, i, c);
		h->vend = i + 1;
		return r;
	}
	return km_bad(h, KM_HTTP_BAD);
}

/*
 * The port of the Host value, as Envoy finds it (getPortStart: the last
 * ':' with no ']' after it) and parses it (SimpleAtoi into a uint32:
 * whitespace around it, an optional '+', decimal digits, no overflow).
 * host_scan: [0] last ':' + 1, [1] last ']' + 1, [2] port state, [3]
 * port value.
 */
enum km_port_state {
	KM_P_LEAD = 0,		/* whitespace before */
	KM_P_SIGN,		/* after '+' */
	KM_P_DIGITS,
	KM_P_TRAIL,		/* whitespace after */
	KM_P_BAD,
};

KM_INLINE __u32 km_port_byte(__u32 st, __u32 *val, __u8 c)
{
	int ws = c == ' ' || c == '\t';

	if (c >= '0' && c <= '9' && st <= KM_P_DIGITS) {
		if (*val > (0xffffffffU - (c - '0')) / 10)
			return KM_P_BAD;
		*val = *val * 10 + (c - '0');
		return KM_P_DIGITS;
	}
	if (ws && (st == KM_P_LEAD || st == KM_P_TRAIL))
		return st;
	if (ws && st == KM_P_DIGITS)
		return KM_P_TRAIL;
	if (c == '+' && st == KM_P_LEAD)
		return KM_P_SIGN;
	return KM_P_BAD;
}

static long km_host_step(__u32 j, void *arg)
{
	struct km_parse *p = arg;
	struct km_http *h = p->h;
	int r;
	__u8 c;

	if (!h || !p->s || j >= h->host_len)
		return 1;
	r = km_byte(h, p->s, h->host_off + j);
	if (r < 0)
		return 1;	/* not after a parse that read it */
	c = (__u8)r;
	if (c == ':') {
		h->host_scan[0] = j + 1;
		h->host_scan[2] = KM_P_LEAD;
		h->host_scan[3] = 0;
		return 0;
	}
	if (c == ']')
		h->host_scan[1] = j + 1;
	h->host_scan[2] = km_port_byte(h->host_scan[2], &h->host_scan[3], c);
	return 0;
}

/* Host value, port start and whether the port is numeric. */
KM_INLINE void km_host_scan(struct km_http *h, struct km_parse *p)
{
	struct km_hdr_ref r;
	__u32 colon;

	h->host_off = 0;
	h->host_len = 0;
	h->port_start = 0;
	if (!h->host_hdr)
		return;
	r = h->hdrs[(h->host_hdr - 1) & (KM_HTTP_HDR_SLOTS - 1)];
	h->host_off = r.val_off;
	h->host_len = r.val_len;
	h->port_start = r.val_len;
	km_loop(KM_HTTP_WINDOW, km_host_step, p);
	colon = h->host_scan[0];
	if (!colon || h->host_scan[1] > colon)
		return;
	h->port_start = colon - 1;
	h->port_numeric = h->host_scan[2] == KM_P_DIGITS ||
			  h->host_scan[2] == KM_P_TRAIL;
	if (h->port_numeric)
		h->port_value = h->host_scan[3];
}

/*
 * Parse bytes [0, h->len) of s (after km_http_init()); returns
 * h->status.
 */
KM_INLINE __u32 km_http_parse(struct km_http *h, const km_src_t *s)
{
	struct km_parse p = { .h = h, .s = s };

	km_loop(KM_HTTP_WINDOW, km_http_step, &p);
	if (h->status == KM_HTTP_PARSING)	/* the whole window read */
		h->status = KM_HTTP_TRUNCATED;
	if (h->status == KM_HTTP_OK)
		km_host_scan(h, &p);
	return h->status;
}

#endif

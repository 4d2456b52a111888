// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP stage (sock_ops, deferred-connect callback only): copy the first
 * bytes the application sent (up to 4096, what the callback exposes as
 * skb_data) into the socket's km_http, parse them as an HTTP/1.x request
 * head and tail-call the route stage.
 *
 * Accepted: "METHOD SP /target SP HTTP/1.x CRLF", then header fields
 * "name: value CRLF" (bare LF accepted for CRLF), then an empty line.
 * Header names are lowercased in place; values lose leading and trailing
 * spaces and tabs. The Host value is lowercased and its ":port" dropped
 * ("[v6]:port" keeps "[v6]").
 *
 * Refused (the first send fails with ECONNREFUSED, the listener counts a
 * refusal), as Envoy answers 400/431 where we cannot answer:
 *   - a malformed request line: a method that is not a token, a target
 *     that is not origin-form ("/..."), a version other than HTTP/1.0 or
 *     HTTP/1.1, control characters;
 *   - a malformed field: no colon, whitespace before the colon, an empty
 *     or non-token name, obsolete line folding, control characters;
 *   - a head that does not end within the first send or its first 4096
 *     bytes (a request split over several sends, or oversize headers);
 *   - more than 64 header fields, two Host fields, a Host over 256 bytes.
 */
#include "http.h"

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

static __always_inline int km_tchar(__u8 c)
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

static __always_inline __u8 km_lower(__u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static __always_inline int km_bad(struct km_http *h, __u32 status)
{
	h->status = status;
	return 1;
}

/* The field just read (name at hname_*, value [mark, vend)). */
static __always_inline int km_field_end(struct km_http *h, __u8 c)
{
	struct km_hdr_ref *r;
	__u32 n = h->n_hdrs, o;

	if (n >= KM_HTTP_MAX_HDRS)
		return km_bad(h, KM_HTTP_TOO_MANY);
	r = &h->hdrs[n & (KM_HTTP_MAX_HDRS - 1)];
	r->name_off = h->hname_off;
	r->name_len = h->hname_len;
	r->val_off = h->mark;
	r->val_len = h->vend - h->mark;
	o = h->hname_off;
	if (h->hname_len == 4 &&
	    h->buf[o & (KM_HTTP_BUF - 1)] == 'h' &&
	    h->buf[(o + 1) & (KM_HTTP_BUF - 1)] == 'o' &&
	    h->buf[(o + 2) & (KM_HTTP_BUF - 1)] == 's' &&
	    h->buf[(o + 3) & (KM_HTTP_BUF - 1)] == 't') {
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

struct km_parse {
	struct km_http *h;
};

/* One byte of the head; 1 stops the loop (done or refused). */
static long km_http_step(__u32 i, void *arg)
{
	struct km_http *h = ((struct km_parse *)arg)->h;
	__u32 k;
	__u8 c;

	if (!h)
		return 1;
	if (i >= h->len || i >= KM_HTTP_BUF)
		return km_bad(h, KM_HTTP_TRUNCATED);
	c = h->buf[i & (KM_HTTP_BUF - 1)];
	switch (h->state) {
	case KM_S_METHOD:
		if (km_tchar(c))
			return 0;
		if (c != ' ' || i == 0)
			return km_bad(h, KM_HTTP_BAD);
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
	case KM_S_VERSION:
		k = i - h->mark;
		if (k < 7) {
			if (c != "HTTP/1."[k])
				return km_bad(h, KM_HTTP_BAD);
		} else if (k == 7) {
			if (c != '0' && c != '1')
				return km_bad(h, KM_HTTP_BAD);
		} else if (c == '\r') {
			h->after_lf = KM_S_HDR;
			h->state = KM_S_LF;
		} else if (c == '\n') {
			h->state = KM_S_HDR;
		} else {
			return km_bad(h, KM_HTTP_BAD);
		}
		return 0;
	case KM_S_LF:
		if (c != '\n')
			return km_bad(h, KM_HTTP_BAD);
		if (h->after_lf != KM_S_HDR) {
			h->status = KM_HTTP_OK;
			return 1;
		}
		h->state = KM_S_HDR;
		return 0;
	case KM_S_HDR:
		if (c == '\r') {
			h->after_lf = KM_S_METHOD;	/* end of head */
			h->state = KM_S_LF;
			return 0;
		}
		if (c == '\n') {
			h->status = KM_HTTP_OK;
			return 1;
		}
		if (!km_tchar(c))	/* includes obs-fold */
			return km_bad(h, KM_HTTP_BAD);
		h->buf[i & (KM_HTTP_BUF - 1)] = km_lower(c);
		h->mark = i;
		h->state = KM_S_NAME;
		return 0;
	case KM_S_NAME:
		if (km_tchar(c)) {
			h->buf[i & (KM_HTTP_BUF - 1)] = km_lower(c);
			return 0;
		}
		if (c != ':')
			return km_bad(h, KM_HTTP_BAD);
		h->hname_off = h->mark;
		h->hname_len = i - h->mark;
		h->state = KM_S_OWS;
		return 0;
	case KM_S_OWS:
		if (c == ' ' || c == '\t')
			return 0;
		h->mark = i;
		h->vend = i;
		if (c == '\r' || c == '\n')
			return km_field_end(h, c);
		if (c < 32 || c == 127)
			return km_bad(h, KM_HTTP_BAD);
		h->vend = i + 1;
		h->state = KM_S_VALUE;
		return 0;
	case KM_S_VALUE:
		if (c == '\r' || c == '\n')
			return km_field_end(h, c);
		if (c == ' ' || c == '\t')
			return 0;
		if (c < 32 || c == 127)
			return km_bad(h, KM_HTTP_BAD);
		h->vend = i + 1;
		return 0;
	}
	return km_bad(h, KM_HTTP_BAD);
}

/* One byte of the Host value into h->host, lowercased. */
static long km_host_step(__u32 j, void *arg)
{
	struct km_http *h = ((struct km_parse *)arg)->h;
	__u8 c;

	if (!h || j >= h->hv_len || j >= KM_HOST_MAX)
		return 1;
	c = km_lower(h->buf[(h->hv_off + j) & (KM_HTTP_BUF - 1)]);
	h->host[j & (KM_HOST_MAX - 1)] = c;
	if (c == ':')
		h->colon = j + 1;
	else if (c == ']')
		h->bracket = j + 1;
	return 0;
}

/* Host, lowercased and without its port, into h->host. */
static __always_inline int km_host(struct km_http *h, struct km_parse *p)
{
	struct km_hdr_ref r;
	__u32 n;

	h->host_len = 0;
	if (!h->host_hdr)
		return 0;
	r = h->hdrs[(h->host_hdr - 1) & (KM_HTTP_MAX_HDRS - 1)];
	n = r.val_len;
	if (n > KM_HOST_MAX)
		return -1;
	h->hv_off = r.val_off;
	h->hv_len = n;
	bpf_loop(KM_HOST_MAX, km_host_step, p, 0);
	if (n && h->host[0] == '[')
		h->host_len = h->bracket ? h->bracket : n;
	else if (h->colon)
		h->host_len = h->colon - 1;
	else
		h->host_len = n;
	return 0;
}

static __always_inline int km_http(void *ctx, int hook)
{
	struct bpf_sock_ops *skops = ctx;
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;
	struct km_parse p;
	struct km_http *h;
	void *data, *end;
	__u32 i;

	if (!sk)
		return km_refuse(ctx, hook);
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return km_refuse(ctx, hook);
	h = bpf_sk_storage_get(&km_sk_http, sk, 0,
			       BPF_SK_STORAGE_GET_F_CREATE);
	if (!h)
		goto refuse;
	__builtin_memset(h, 0, 80);
	data = (void *)(long)skops->skb_data;
	end = (void *)(long)skops->skb_data_end;
	for (i = 0; i < KM_HTTP_BUF; i++) {
		if (data + i + 1 > end)
			break;
		h->buf[i] = *(__u8 *)(data + i);
	}
	h->len = i;
	p.h = h;
	bpf_loop(KM_HTTP_BUF, km_http_step, &p, 0);
	if (h->status != KM_HTTP_OK || km_host(h, &p))
		goto refuse;
	km_next(ctx, hook, KM_STAGE_ROUTE);
refuse:
	return km_http_done(ctx, sk, st);
}

KM_STAGE_OPS(km_http, km_http)

char _license[] SEC("license") = "GPL";

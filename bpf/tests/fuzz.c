// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes through the request-head parser,
 * the route matcher and the filter chain matcher (bpf/lib/), as the BPF
 * stages run them. Besides the sanitizers (ASan, UBSan, every report
 * fatal), it checks what the stages rely on and traps when one fails:
 *   - the status is a known one, and the parse is deterministic;
 *   - an accepted head: every offset and length stays inside the bytes
 *     parsed, the method is a token, names are tokens, values have no
 *     surrounding whitespace, at most KM_HTTP_MAX_HDRS fields, the port
 *     of the Host inside it;
 *   - bytes after an accepted head change nothing, and one byte less
 *     is not a head (it ends at its empty line, head_len);
 *   - every header matcher and domain answers as Envoy's rules written
 *     plainly (the fields joined with ",", memcmp, memmem) answer,
 *     whatever the byte cache holds when it starts;
 *   - the matcher returns a route of the config or none, a weighted
 *     route a cluster it lists, the chain matcher one of the chains;
 *   - the input again with a long field inserted after its first line
 *     (up to the 16 KiB window and past it): all of the above, and an
 *     accepted head stays accepted while it fits in the window.
 *
 *   make -C bpf/tests fuzz && build/bpf-tests/fuzz -max_total_time=60 CORPUS
 */
#define _GNU_SOURCE	/* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host_tables.h"
#include "lib/chain_match.h"

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static struct km_http h1, h2;
static struct km_src s1;

/* One route config with a domain of each kind, routes with a header
 * matcher of each kind, and a weighted route. */
static struct km_domain domains[4];
static struct km_vhost vhosts[2];
static struct km_route routes[6];
static struct km_header headers[8];
static const struct km_route_config rc = {
	.n_vhosts = 2, .n_domains = 4, .n_routes = 6, .n_exact = 1,
};
static const struct km_tables tables = {
	domains, 4, vhosts, 2, routes, 6, headers, 8, &rc, 1,
};

static void put(__u8 *dst, const char *s, size_t *n)
{
	*n = strlen(s);
	memcpy(dst, s, *n);
}

static void domain(int i, __u8 kind, const char *name, __u32 vhost)
{
	size_t n;

	domains[i].kind = kind;
	domains[i].vhost_id = vhost;
	put(domains[i].name, name, &n);
	domains[i].len = (__u16)n;
}

static void header(int i, const char *name, __u8 kind, const char *value,
		   __u8 invert, __u8 flags, __u8 source)
{
	size_t n;

	headers[i].kind = kind;
	headers[i].invert = invert;
	headers[i].flags = flags;
	headers[i].source = source;
	put(headers[i].name, name, &n);
	headers[i].name_len = (__u8)n;
	put(headers[i].value, value, &n);
	headers[i].value_len = (__u16)n;
	km_header_kmp(&headers[i]);
}

static void route(int i, __u8 kind, const char *path, __u32 first_header,
		  __u8 n_headers)
{
	size_t n;

	routes[i].id = (__u32)i;
	routes[i].path_kind = kind;
	put(routes[i].path, path, &n);
	routes[i].path_len = (__u16)n;
	routes[i].first_header = first_header;
	routes[i].n_headers = n_headers;
	routes[i].action = KM_ACT_CLUSTER;
	routes[i].cluster_id = (__u32)i;
}

static void config(void)
{
	domain(0, KM_DOMAIN_EXACT, "a.example", 0);
	domain(1, KM_DOMAIN_SUFFIX, ".example", 0);
	domain(2, KM_DOMAIN_PREFIX, "www.", 1);
	domain(3, KM_DOMAIN_ANY, "", 1);
	vhosts[0] = (struct km_vhost){ .first_route = 0, .n_routes = 3 };
	vhosts[1] = (struct km_vhost){ .first_route = 3, .n_routes = 3 };
	header(0, "x-a", KM_HDR_EXACT, "1,1", 0, 0, KM_HDR_SRC_FIELD);
	header(1, "x-b", KM_HDR_PREFIX, "ab", 1, KM_HDR_F_IGNORE_CASE,
	       KM_HDR_SRC_FIELD);
	header(2, "x-c", KM_HDR_SUFFIX, "yz", 0, KM_HDR_F_MISSING_EMPTY,
	       KM_HDR_SRC_FIELD);
	header(3, "x-d", KM_HDR_PRESENT, "", 0, 0, KM_HDR_SRC_FIELD);
	header(4, "x-e", KM_HDR_PRESENT, "", 1, 0, KM_HDR_SRC_FIELD);
	header(5, "x-f", KM_HDR_CONTAINS, "abab,c", 0, KM_HDR_F_IGNORE_CASE,
	       KM_HDR_SRC_FIELD);
	header(6, ":method", KM_HDR_EXACT, "GET", 0, 0, KM_HDR_SRC_METHOD);
	header(7, "host", KM_HDR_CONTAINS, "example:", 1, 0,
	       KM_HDR_SRC_AUTHORITY);
	route(0, KM_PATH_PREFIX, "/h", 0, 3);
	route(1, KM_PATH_EXACT, "/exact", 3, 5);
	route(2, KM_PATH_PREFIX, "/", 0, 0);
	route(3, KM_PATH_PREFIX, "/w", 0, 0);
	routes[3].action = KM_ACT_WEIGHTED;
	routes[3].n_weighted = 3;
	routes[3].weighted[0] = (struct km_weighted){ 7, 1 };
	routes[3].weighted[1] = (struct km_weighted){ 8, 1 };
	routes[3].weighted[2] = (struct km_weighted){ 9, 4 };
	routes[3].total_weight = 4;
	route(4, KM_PATH_EXACT, "/", 4, 1);
	route(5, KM_PATH_PREFIX, "/x?", 1, 2);
	km_tables = &tables;
}

static __u32 parse(struct km_http *h, struct km_src *s, const uint8_t *data,
		   size_t n)
{
	s->p = data;
	s->len = (__u32)n;
	km_http_init(h, s->len);
	return km_http_parse(h, s);
}

static int within(__u32 off, __u32 len, __u32 end)
{
	return off <= end && len <= end - off;
}

static void check_head(const struct km_http *h, const struct km_src *s)
{
	const __u8 *b = s->p;
	__u32 i, j;

	CHECK(h->len == s->len);
	CHECK(h->method_len > 0 && h->method_len < h->len);
	for (i = 0; i < h->method_len; i++)
		CHECK(km_tchar(b[i]));
	CHECK(h->minor <= 1);
	CHECK(within(h->path_off, h->target_len, h->len));
	CHECK(h->path_len <= h->target_len && h->target_len > 0);
	CHECK(b[h->path_off] == '/');
	CHECK(h->n_hdrs <= KM_HTTP_MAX_HDRS && h->host_hdr <= h->n_hdrs);
	CHECK(h->minor == 0 || h->host_hdr);
	for (i = 0; i < h->n_hdrs; i++) {
		const struct km_hdr_ref *r = &h->hdrs[i];

		CHECK(r->name_len > 0 && within(r->name_off, r->name_len, h->len));
		CHECK(within(r->val_off, r->val_len, h->len));
		for (j = 0; j < r->name_len; j++)
			CHECK(km_tchar(b[r->name_off + j]));
		for (j = 0; j < r->val_len; j++)
			CHECK(!km_ctl(b[r->val_off + j]) &&
			      b[r->val_off + j] != '\r' &&
			      b[r->val_off + j] != '\n');
		if (r->val_len) {
			CHECK(b[r->val_off] != ' ' && b[r->val_off] != '\t');
			j = r->val_off + r->val_len - 1;
			CHECK(b[j] != ' ' && b[j] != '\t');
		}
	}
	CHECK(within(h->host_off, h->host_len, h->len));
	CHECK(h->port_start <= h->host_len);
	CHECK(!h->port_numeric || h->port_start < h->host_len);
}

/* The name at p (n bytes) is m's, case aside? */
static int name_eq(const __u8 *p, __u32 n, const struct km_header *m)
{
	__u32 i;

	if (n != m->name_len)
		return 0;
	for (i = 0; i < n; i++)
		if (km_lower(p[i]) != m->name[i])
			return 0;
	return 1;
}

/* The joined value of matcher m's header, the plain way: *len bytes
 * into buf; 0 when the header is absent. */
static int joined(const struct km_http *h, const struct km_src *s,
		  const struct km_header *m, __u32 host_len, __u8 *buf,
		  size_t *len)
{
	const __u8 *src;
	__u32 i, n, found = 0;

	*len = 0;
	for (i = 0; i < (m->source ? 1 : h->n_hdrs); i++) {
		if (m->source == KM_HDR_SRC_METHOD) {
			src = s->p;
			n = h->method_len;
		} else if (m->source == KM_HDR_SRC_PATH) {
			src = s->p + h->path_off;
			n = h->target_len;
		} else if (m->source == KM_HDR_SRC_AUTHORITY) {
			if (!h->host_hdr)
				break;
			src = s->p + h->host_off;
			n = host_len;
		} else {
			if (!name_eq(s->p + h->hdrs[i].name_off,
				     h->hdrs[i].name_len, m))
				continue;
			src = s->p + h->hdrs[i].val_off;
			n = h->hdrs[i].val_len;
		}
		if (found++)
			buf[(*len)++] = ',';
		memcpy(buf + *len, src, n);
		*len += n;
	}
	return found > 0;
}

/* What km_header_match() must say, from Envoy's rules written plainly. */
static int header_oracle(const struct km_http *h, const struct km_src *s,
			 const struct km_header *m, __u32 host_len)
{
	static __u8 v[2 * KM_HTTP_WINDOW];
	size_t len, i, n = m->value_len;
	int hit;

	if (!joined(h, s, m, host_len, v, &len) &&
	    !(m->flags & KM_HDR_F_MISSING_EMPTY))
		return m->kind == KM_HDR_PRESENT && m->invert;
	if (m->flags & KM_HDR_F_IGNORE_CASE)
		for (i = 0; i < len; i++)
			v[i] = km_lower(v[i]);
	switch (m->kind) {
	case KM_HDR_EXACT:
		hit = len == n && !memcmp(v, m->value, n);
		break;
	case KM_HDR_PREFIX:
		hit = len >= n && !memcmp(v, m->value, n);
		break;
	case KM_HDR_SUFFIX:
		hit = len >= n && !memcmp(v + len - n, m->value, n);
		break;
	case KM_HDR_CONTAINS:
		hit = memmem(v, len, m->value, n) != NULL;
		break;
	default:
		hit = 1;
		break;
	}
	return hit != m->invert;
}

/* The domain match, plainly: the Host's first hl bytes, lowercased. */
static int domain_oracle(const struct km_http *h, const struct km_src *s,
			 __u32 hl, const struct km_domain *d)
{
	const __u8 *host = s->p + h->host_off;
	__u32 i, off = d->kind == KM_DOMAIN_SUFFIX ? hl - d->len : 0;

	if (d->kind == KM_DOMAIN_ANY)
		return 1;
	if (d->kind == KM_DOMAIN_EXACT ? hl != d->len : hl <= d->len)
		return 0;
	for (i = 0; i < d->len; i++)
		if (km_lower(host[off + i]) != d->name[i])
			return 0;
	return 1;
}

/* Empty the byte cache, or fill it somewhere, as a matcher may find it. */
static void prime(struct km_http *h, const struct km_src *s, __u32 *rnd)
{
	*rnd = *rnd * 1103515245 + 12345;
	h->win_len = 0;
	if (*rnd & 0x10000)
		km_byte(h, s, (*rnd >> 17) % (h->len + 1));
}

static void check_match(struct km_http *h, const struct km_src *s,
			const uint8_t *data, size_t n)
{
	struct km_route_config rc_any = rc;
	__u32 id, c, rnd = 0, hl, i, r;

	if (n >= 4)
		memcpy(&rnd, data, 4);
	r = rnd;
	hl = km_host_match_len(h, rnd & 1, (rnd >> 1) & 3, rnd >> 16);
	CHECK(hl <= h->host_len && (hl == h->host_len || hl == h->port_start));
	for (i = 0; i < tables.n_headers; i++) {
		prime(h, s, &r);
		CHECK(km_header_match(h, s, &headers[i], hl) ==
		      header_oracle(h, s, &headers[i], hl));
	}
	for (i = 0; i < tables.n_domains; i++) {
		prime(h, s, &r);
		CHECK(km_domain_match(h, s, hl, &domains[i]) ==
		      domain_oracle(h, s, hl, &domains[i]));
	}
	rc_any.flags = rnd & 1;
	prime(h, s, &r);
	id = km_route_select(h, s, 0, &rc_any, 0, (rnd >> 1) & 3, rnd >> 16);
	CHECK(id == KM_NONE || id < tables.n_routes);
	if (id == KM_NONE)
		return;
	c = km_route_cluster(&routes[id], rnd);
	if (routes[id].action == KM_ACT_WEIGHTED)
		CHECK(c >= 7 && c <= 9 && c != 8);
	else
		CHECK(c == id);
}

/* The first bytes as a destination for the chain matcher. */
static void check_chain(const uint8_t *data, size_t n)
{
	struct km_filter_chain fc[3] = {
		{ .dst_port = 0 },
		{ .dst_port = 80, .n_prefixes = 1,
		  .prefixes = { { .addr = { [10] = 0xff, [11] = 0xff, [12] = 10 },
				  .len = 104, .family = KM_AF_INET } } },
		{ .dst_port = 0, .n_prefixes = 1,
		  .prefixes = { { .addr = { 0x20, 0x01 }, .len = 16,
				  .family = KM_AF_INET6 } } },
	};
	struct km_chain_pick p = KM_CHAIN_PICK;
	struct km_addr dst = { { 0 } };
	__u16 port = 0;
	__u32 i;

	memcpy(dst.b, data, n < 16 ? n : 16);
	if (n >= 18)
		memcpy(&port, data + 16, 2);
	for (i = 0; i < 3; i++)
		km_chain_consider(&p, &fc[i], i, &dst, port);
	i = km_chain_picked(&p);
	/* chain 0 catches all but port 80, where chain 1 is the only one */
	CHECK(port == 80 ? i == 1 || i == (__u32)-1 : i == 0 || i == 2);
}

/* The parser's and matchers' checks on data[0, n) (n <= the window). */
static __u32 check_input(const uint8_t *data, size_t n)
{
	size_t end;
	__u32 st;

	st = parse(&h1, &s1, data, n);
	CHECK(st >= KM_HTTP_OK && st <= KM_HTTP_BAD_FRAMING);
	CHECK(parse(&h2, &s1, data, n) == st &&
	      !memcmp(&h1, &h2, KM_HTTP_STATE_SIZE));
	if (st != KM_HTTP_OK)
		return st;
	check_head(&h1, &s1);
	check_match(&h1, &s1, data, n);
	/* Bytes after the head change nothing; one byte less is not a head. */
	end = h1.head_len;
	CHECK(end > 0 && end <= n);
	CHECK(parse(&h2, &s1, data, end) == KM_HTTP_OK);
	h2.len = h1.len;
	CHECK(!memcmp(&h1, &h2, KM_HTTP_STATE_SIZE) &&
	      !memcmp(h1.hdrs, h2.hdrs, h1.n_hdrs * sizeof(h1.hdrs[0])));
	CHECK(parse(&h2, &s1, data, end - 1) != KM_HTTP_OK);
	parse(&h1, &s1, data, n);	/* as before, for the caller */
	return KM_HTTP_OK;
}

/*
 * The input with the field "x-fill: " and pad bytes inserted after its
 * first line: heads up to the window and past it, from short inputs.
 */
static __u32 check_long(const uint8_t *data, size_t size, __u32 st,
			__u32 n_hdrs, __u32 head_len)
{
	static uint8_t big[KM_HTTP_WINDOW + 64];
	const uint8_t *lf = memchr(data, '\n', size);
	size_t e, pad, o, k, rest;
	__u32 rnd = 0, st2;

	if (!lf || size < 4)
		return 0;
	memcpy(&rnd, data, 4);
	e = (size_t)(lf - data) + 1;
	pad = rnd % (KM_HTTP_WINDOW + 16 - size % KM_HTTP_WINDOW);
	if (e + 10 + pad > sizeof(big))
		pad = sizeof(big) - e - 10;
	memcpy(big, data, e);
	o = e;
	memcpy(big + o, "x-fill: ", 8);
	o += 8;
	for (k = 0; k < pad; k++)
		big[o++] = (uint8_t)('!' + (k * 7 + rnd) % 94);
	big[o++] = '\r';
	big[o++] = '\n';
	rest = size - e < sizeof(big) - o ? size - e : sizeof(big) - o;
	memcpy(big + o, data + e, rest);
	o += rest;
	if (o > KM_HTTP_WINDOW)
		o = KM_HTTP_WINDOW;
	st2 = check_input(big, o);
	/* an accepted head: one field more, while it fits in the window */
	if (st == KM_HTTP_OK && n_hdrs < KM_HTTP_MAX_HDRS &&
	    head_len + 10 + pad <= o)
		CHECK(st2 == KM_HTTP_OK && h1.n_hdrs == n_hdrs + 1 &&
		      h1.head_len == head_len + 10 + pad);
	if (st == KM_HTTP_OK && n_hdrs < KM_HTTP_MAX_HDRS &&
	    head_len + 10 + pad > KM_HTTP_WINDOW)
		CHECK(st2 == KM_HTTP_TRUNCATED);
	return st2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size < KM_HTTP_WINDOW ? size : KM_HTTP_WINDOW;
	__u32 st, n_hdrs = 0, head_len = 0;

	if (!km_tables)
		config();
	check_chain(data, size);
	st = check_input(data, n);
	if (st == KM_HTTP_OK) {
		n_hdrs = h1.n_hdrs;
		head_len = h1.head_len;
	}
	if (size < KM_HTTP_WINDOW)
		check_long(data, size, st, n_hdrs, head_len);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the route matcher (lib/route_match.h). */
#include <stdio.h>
#include <string.h>

#include "host_tables.h"
#include "tap.h"
#include "unit.h"

static struct km_http H;
static struct km_src S;

static void set_str(__u8 *dst, size_t cap, const char *s, size_t *len)
{
	*len = strlen(s);
	memset(dst, 0, cap);
	memcpy(dst, s, *len < cap ? *len : cap);
}

static struct km_domain dom(__u8 kind, const char *name, __u32 vhost)
{
	struct km_domain d = { .vhost_id = vhost, .kind = kind };
	size_t n;

	set_str(d.name, sizeof(d.name), name, &n);
	d.len = (__u16)n;
	return d;
}

/* A matcher as compile makes it: pseudo-header names give the source,
 * the value lowercased under KM_HDR_F_IGNORE_CASE, kmp[] filled. */
static struct km_header hdr_ex(const char *name, __u8 kind, const char *value,
			       __u8 invert, __u8 flags)
{
	struct km_header m = { .kind = kind, .invert = invert, .flags = flags };
	size_t n, i;

	set_str(m.name, sizeof(m.name), name, &n);
	m.name_len = (__u8)n;
	set_str(m.value, sizeof(m.value), value, &n);
	m.value_len = (__u16)n;
	if (flags & KM_HDR_F_IGNORE_CASE)
		for (i = 0; i < n; i++)
			m.value[i] = km_lower(m.value[i]);
	if (!strcmp(name, ":method"))
		m.source = KM_HDR_SRC_METHOD;
	else if (!strcmp(name, ":path"))
		m.source = KM_HDR_SRC_PATH;
	else if (!strcmp(name, ":authority") || !strcmp(name, "host"))
		m.source = KM_HDR_SRC_AUTHORITY;
	km_header_kmp(&m);
	return m;
}

static struct km_header hdr(const char *name, __u8 kind, const char *value,
			    __u8 invert)
{
	return hdr_ex(name, kind, value, invert, 0);
}

static struct km_route route(__u8 kind, const char *path, __u32 first_header,
			     __u8 n_headers, __u32 cluster)
{
	struct km_route r = {
		.path_kind = kind, .first_header = first_header,
		.n_headers = n_headers, .action = KM_ACT_CLUSTER,
		.cluster_id = cluster,
	};
	size_t n;

	set_str(r.path, sizeof(r.path), path, &n);
	r.path_len = (__u16)n;
	return r;
}

/* The request's bytes, which S points at until the next request. */
static char req[KM_HTTP_WINDOW];

static int request(const char *target, const char *host, const char *fields)
{
	if (host)
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n",
			 target, host, fields);
	else
		snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\n%s\r\n", target,
			 fields);
	return unit_parse_str(&H, &S, req) == KM_HTTP_OK;
}

struct dcase {
	const char *host;
	__u8 kind;
	const char *name;
	int match;
	__u32 rc_flags, filter_flags, port;	/* the Host port's treatment */
};

#define IGNORE	KM_RC_F_IGNORE_PORT
#define ANYPORT	KM_FILTER_F_STRIP_ANY_PORT
#define SAMEPORT KM_FILTER_F_STRIP_MATCHING_PORT

static const struct dcase domains[] = {
	{ "api.example", KM_DOMAIN_EXACT, "api.example", 1 },
	{ "API.Example", KM_DOMAIN_EXACT, "api.example", 1 },
	{ "api.example.", KM_DOMAIN_EXACT, "api.example", 0 },
	/* the port is part of the Host unless the config says otherwise */
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example", 0 },
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example:8080", 1 },
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example", 1, IGNORE },
	{ "api.example:x", KM_DOMAIN_EXACT, "api.example", 1, IGNORE },
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example", 1, 0, ANYPORT },
	{ "api.example:x", KM_DOMAIN_EXACT, "api.example", 0, 0, ANYPORT },
	{ "api.example:", KM_DOMAIN_EXACT, "api.example", 0, 0, ANYPORT },
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example", 1, 0, SAMEPORT, 8080 },
	{ "api.example:8080", KM_DOMAIN_EXACT, "api.example", 0, 0, SAMEPORT, 80 },
	{ "[::1]:80", KM_DOMAIN_EXACT, "[::1]", 1, IGNORE },
	{ "[::1]", KM_DOMAIN_EXACT, "[::1]", 1, IGNORE },
	{ "x.api.example", KM_DOMAIN_SUFFIX, ".api.example", 1 },
	{ ".api.example", KM_DOMAIN_SUFFIX, ".api.example", 0 },
	{ "x.api.example:80", KM_DOMAIN_SUFFIX, ".api.example", 0 },
	{ "x.api.example:80", KM_DOMAIN_SUFFIX, ".api.example", 1, IGNORE },
	{ "baz-bar.foo.com", KM_DOMAIN_SUFFIX, "-bar.foo.com", 1 },
	{ "-bar.foo.com", KM_DOMAIN_SUFFIX, "-bar.foo.com", 0 },
	{ "api.x", KM_DOMAIN_PREFIX, "api.", 1 },
	{ "api.", KM_DOMAIN_PREFIX, "api.", 0 },
	{ "foo-bar", KM_DOMAIN_PREFIX, "foo-", 1 },
	{ "api.example:8080", KM_DOMAIN_PREFIX, "api.", 1 },
	{ "anything", KM_DOMAIN_ANY, "", 1 },
	{ "", KM_DOMAIN_ANY, "", 1 },
};

static void test_domains(void)
{
	struct km_domain d;
	size_t i;
	int got;

	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
		const struct dcase *c = &domains[i];

		d = dom(c->kind, c->name, 0);
		got = request("/", c->host, "") &&
		      km_domain_match(&H, &S, km_host_match_len(&H, c->rc_flags,
							    c->filter_flags,
							    c->port), &d);
		tap(got == c->match, "match: Host \"%s\" %s domain kind %u \"%s\"%s%s%s",
		    c->host, c->match ? "matches" : "does not match", c->kind,
		    c->name, c->rc_flags ? " (ignore_port_in_host_matching)" : "",
		    c->filter_flags & ANYPORT ? " (strip_any_host_port)" : "",
		    c->filter_flags & SAMEPORT ? " (strip_matching_host_port)" : "");
	}
}

/* Fields "a: 1\r\nb: 2\r\n" as "a: 1; b: 2" for a test's name. */
static const char *oneline(const char *f)
{
	static char buf[256];
	size_t o = 0;

	for (; *f && o + 3 < sizeof(buf); f++) {
		if (*f == '\r')
			continue;
		if (*f == '\n') {
			if (f[1])
				buf[o++] = ';', buf[o++] = ' ';
			continue;
		}
		buf[o++] = *f;
	}
	buf[o] = 0;
	return buf;
}

struct hcase {
	const char *fields;
	const char *name;
	__u8 kind;
	const char *value;
	__u8 invert;
	int match;
	__u8 flags;
	const char *target, *host;	/* default "/", "a" */
	__u32 filter_flags;
};

#define IC	KM_HDR_F_IGNORE_CASE
#define ME	KM_HDR_F_MISSING_EMPTY

static const struct hcase headers[] = {
	{ "X-Env: prod\r\n", "x-env", KM_HDR_EXACT, "prod", 0, 1 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_EXACT, "Prod", 0, 0 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_EXACT, "pro", 0, 0 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_EXACT, "prod", 1, 0 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_PREFIX, "pr", 0, 1 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_SUFFIX, "od", 0, 1 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_SUFFIX, "xprod", 0, 0 },
	{ "x-env: prod\r\n", "x-env", KM_HDR_PRESENT, "", 0, 1 },
	{ "x-env:\r\n", "x-env", KM_HDR_PRESENT, "", 0, 1 },
	{ "", "x-env", KM_HDR_PRESENT, "", 0, 0 },
	{ "", "x-env", KM_HDR_PRESENT, "", 1, 1 },
	{ "", "x-env", KM_HDR_EXACT, "prod", 1, 0 },
	{ "x-envx: prod\r\n", "x-env", KM_HDR_EXACT, "prod", 0, 0 },
	/* repeated fields are one value, joined with "," */
	{ "x-a: 1\r\nx-b: z\r\nX-A: 2\r\n", "x-a", KM_HDR_EXACT, "1,2", 0, 1 },
	{ "x-a: 1\r\nx-a: 2\r\n", "x-a", KM_HDR_EXACT, "1", 0, 0 },
	{ "x-a: 1\r\nx-a: 2\r\n", "x-a", KM_HDR_EXACT, "2", 0, 0 },
	{ "x-a: 1\r\nx-a: 2\r\n", "x-a", KM_HDR_PREFIX, "1,", 0, 1 },
	{ "x-a: 1\r\nx-a: 2\r\n", "x-a", KM_HDR_SUFFIX, ",2", 0, 1 },
	{ "x-a: ab\r\nx-a: cd\r\nx-a: ef\r\n", "x-a", KM_HDR_EXACT, "ab,cd,ef", 0, 1 },
	{ "x-a: ab\r\nx-a:\r\nx-a: ef\r\n", "x-a", KM_HDR_EXACT, "ab,,ef", 0, 1 },
	{ "x-a: ab\r\nx-a: cd\r\n", "x-a", KM_HDR_SUFFIX, "b,cd", 0, 1 },
	/* contains, with the fall backs of its search */
	{ "x-a: abcabd\r\n", "x-a", KM_HDR_CONTAINS, "abd", 0, 1 },
	{ "x-a: aaab\r\n", "x-a", KM_HDR_CONTAINS, "aab", 0, 1 },
	{ "x-a: abababc\r\n", "x-a", KM_HDR_CONTAINS, "ababc", 0, 1 },
	{ "x-a: abcab\r\n", "x-a", KM_HDR_CONTAINS, "abd", 0, 0 },
	{ "x-a: a\r\nx-a: b\r\n", "x-a", KM_HDR_CONTAINS, "a,b", 0, 1 },
	{ "x-a: xa\r\nx-a: bx\r\n", "x-a", KM_HDR_CONTAINS, "ab", 0, 0 },
	{ "x-a: abc\r\n", "x-a", KM_HDR_CONTAINS, "abc", 1, 0 },
	/* ignore_case */
	{ "x-a: ProD\r\n", "x-a", KM_HDR_EXACT, "pROd", 0, 1, IC },
	{ "x-a: ProD\r\n", "x-a", KM_HDR_PREFIX, "PR", 0, 1, IC },
	{ "x-a: xxProDxx\r\n", "x-a", KM_HDR_CONTAINS, "prod", 0, 1, IC },
	{ "x-a: ProD\r\n", "x-a", KM_HDR_EXACT, "pROd", 0, 0 },
	/* treat_missing_header_as_empty */
	{ "", "x-a", KM_HDR_EXACT, "", 0, 1, ME },
	{ "", "x-a", KM_HDR_PREFIX, "a", 0, 0, ME },
	{ "", "x-a", KM_HDR_EXACT, "x", 1, 1, ME },
	{ "", "x-a", KM_HDR_PRESENT, "", 0, 1, ME },
	/* pseudo-headers */
	{ "", ":method", KM_HDR_EXACT, "GET", 0, 1 },
	{ "", ":method", KM_HDR_EXACT, "POST", 0, 0 },
	{ "", ":path", KM_HDR_EXACT, "/a?b=1", 0, 1, 0, "/a?b=1" },
	{ "", ":path", KM_HDR_SUFFIX, "b=1", 0, 1, 0, "/a?b=1" },
	{ "", ":authority", KM_HDR_EXACT, "Api.Example:8080", 0, 1, 0, "/",
	  "Api.Example:8080" },
	{ "", "host", KM_HDR_EXACT, "Api.Example", 0, 1, 0, "/",
	  "Api.Example:8080", ANYPORT },
	{ "", "host", KM_HDR_EXACT, "api.example", 0, 1, IC, "/",
	  "Api.Example" },
	{ "", ":authority", KM_HDR_PRESENT, "", 1, 1, 0, "/", NULL },
};

static void test_headers(void)
{
	struct km_header m;
	size_t i;
	int got;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		const struct hcase *c = &headers[i];
		const char *host = c->host || c->target ? c->host : "a";

		m = hdr_ex(c->name, c->kind, c->value, c->invert, c->flags);
		got = request(c->target ? c->target : "/", host, c->fields) &&
		      km_header_match(&H, &S, &m,
				      km_host_match_len(&H, 0, c->filter_flags,
							0));
		tap(got == c->match, "match: %s%s%s matcher %s kind %u \"%s\"%s%s%s",
		    *c->fields ? "fields " : "no field", oneline(c->fields),
		    c->match ? " match" : " do not match", c->name, c->kind,
		    c->value, c->invert ? " inverted" : "",
		    c->flags & IC ? " ignore_case" : "",
		    c->flags & ME ? " treat_missing_header_as_empty" : "");
		if (got != c->match)
			tap_diag("request target %s host %s", c->target ? c->target : "/",
				 host ? host : "(none)");
	}
}

struct pathcase {
	const char *target;
	__u8 kind;
	const char *path;
	int match;
};

static const struct pathcase paths[] = {
	{ "/api/v1", KM_PATH_PREFIX, "/api", 1 },
	{ "/ap", KM_PATH_PREFIX, "/api", 0 },
	{ "/API", KM_PATH_PREFIX, "/api", 0 },
	{ "/a?x=1", KM_PATH_PREFIX, "/a?x", 1 },
	{ "/exact", KM_PATH_EXACT, "/exact", 1 },
	{ "/exact?q", KM_PATH_EXACT, "/exact", 1 },
	{ "/exact/", KM_PATH_EXACT, "/exact", 0 },
	{ "/exac", KM_PATH_EXACT, "/exact", 0 },
};

static void test_paths(void)
{
	struct km_route r;
	size_t i;
	int got;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct pathcase *c = &paths[i];

		r = route(c->kind, c->path, 0, 0, 0);
		got = request(c->target, "a", "") && km_path_match(&H, &S, &r);
		tap(got == c->match, "match: target %s %s %s %s", c->target,
		    c->match ? "matches" : "does not match",
		    c->kind == KM_PATH_EXACT ? "path" : "prefix", c->path);
	}
}

/*
 * A route config of two virtual hosts: "api.example" (routes 0-1:
 * prefix /admin with header x-admin: 1, then prefix /) and "*" (route
 * 2: path /only), domains in match order.
 */
static struct km_domain t_domains[2];
static struct km_vhost t_vhosts[2];
static struct km_route t_routes[3];
static struct km_header t_headers[1];
static const struct km_route_config rc = {
	.first_vhost = 0, .n_vhosts = 2, .first_domain = 0, .n_domains = 2,
	.first_route = 0, .n_routes = 3, .n_exact = 1,
};
static struct km_tables tables = {
	t_domains, 2, t_vhosts, 2, t_routes, 3, t_headers, 1, &rc, 1,
};

static void tables_init(void)
{
	t_domains[0] = dom(KM_DOMAIN_EXACT, "api.example", 0);
	t_domains[1] = dom(KM_DOMAIN_ANY, "", 1);
	t_vhosts[0] = (struct km_vhost){ .first_route = 0, .n_routes = 2 };
	t_vhosts[1] = (struct km_vhost){ .first_route = 2, .n_routes = 1 };
	t_routes[0] = route(KM_PATH_PREFIX, "/admin", 0, 1, 10);
	t_routes[1] = route(KM_PATH_PREFIX, "/", 0, 0, 11);
	t_routes[2] = route(KM_PATH_EXACT, "/only", 0, 0, 12);
	t_headers[0] = hdr("x-admin", KM_HDR_EXACT, "1", 0);
	km_tables = &tables;
}

struct rcase {
	const char *target, *host, *fields;
	__u32 route;
};

static const struct rcase routes[] = {
	{ "/admin/x", "api.example", "x-admin: 1\r\n", 0 },
	{ "/admin/x", "api.example", "x-admin: 2\r\n", 1 },
	{ "/other", "API.example", "", 1 },
	{ "/other", "api.example:443", "", KM_NONE },
	{ "/only", "other.example", "", 2 },
	{ "/only?x", NULL, "", 2 },
	{ "/other", "other.example", "", KM_NONE },
};

static void test_select(void)
{
	size_t i;
	__u32 got;

	tables_init();
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct rcase *c = &routes[i];

		got = request(c->target, c->host, c->fields) ?
		      km_route_select(&H, &S, 0, &rc, 0, 0, 0) :
		      KM_NONE - 1;
		tap(got == c->route, "select: %s on %s%s: route %d", c->target,
		    c->host ? c->host : "(no Host)", *c->fields ? " with x-admin" : "",
		    (int)c->route);
		if (got != c->route)
			tap_diag("got %d", (int)got);
	}
	tables.n_headers = 0;	/* a record of the generation is gone */
	got = request("/admin", "api.example", "x-admin: 1\r\n") ?
	      km_route_select(&H, &S, 0, &rc, 0, 0, 0) : 0;
	tap(got == KM_NONE, "select: a missing record refuses");
	tables.n_headers = 1;
}

/*
 * 10 000 virtual hosts, each with the exact domain h<i>.bench, the last
 * also with the suffix "*.wild" and "*" (bench/gen-config.py's vhosts-N,
 * one wildcard more): the exact domain in the middle is one lookup, no
 * domain record read; another Host reads the two wildcards only; and a
 * route config that says it has more exact domains than domains
 * matches nothing.
 */
#define BIG_N	10000

static struct km_domain b_domains[BIG_N + 2];
static struct km_vhost b_vhosts[BIG_N];
static struct km_route b_routes[BIG_N];

static void test_many_vhosts(void)
{
	struct km_route_config brc = {
		.n_vhosts = BIG_N, .n_domains = BIG_N + 2,
		.n_routes = BIG_N, .n_exact = BIG_N,
	};
	struct km_tables bt = {
		b_domains, BIG_N + 2, b_vhosts, BIG_N, b_routes, BIG_N,
		NULL, 0, &brc, 1,
	};
	const struct km_tables *saved = km_tables;
	char name[32];
	__u32 i, got, read;

	for (i = 0; i < BIG_N; i++) {
		snprintf(name, sizeof(name), "h%u.bench", i);
		b_domains[i] = dom(KM_DOMAIN_EXACT, name, i);
		b_vhosts[i] = (struct km_vhost){ .first_route = i, .n_routes = 1 };
		b_routes[i] = route(KM_PATH_PREFIX, "/", 0, 0, i);
	}
	b_domains[BIG_N] = dom(KM_DOMAIN_SUFFIX, ".wild", BIG_N - 2);
	b_domains[BIG_N + 1] = dom(KM_DOMAIN_ANY, "", BIG_N - 1);
	km_tables = &bt;

	km_domains_read = 0;
	got = request("/", "H5000.Bench", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	read = km_domains_read;
	tap(got == 5000 && !read,
	    "select: 10000 exact domains: the middle one by lookup, no domain scanned");
	if (got != 5000 || read)
		tap_diag("route %d, %u domain records read", (int)got, read);

	km_domains_read = 0;
	got = request("/", "x.wild", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	tap(got == BIG_N - 2 && km_domains_read == 1,
	    "select: no exact domain: the wildcards only are scanned, suffix first");
	km_domains_read = 0;
	got = request("/", "other.bench", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	tap(got == BIG_N - 1 && km_domains_read == 2,
	    "select: then \"*\", after reading two domain records");
	got = request("/", "h9999.bench:80", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	tap(got == BIG_N - 1, "select: the port is part of an exact match");

	got = request("/", "h5000.benc", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	tap(got == BIG_N - 1,
	    "select: a Host that is the start of an exact domain is not it");
	brc.n_exact = BIG_N + 3;
	got = request("/", "other.bench", "") ?
	      km_route_select(&H, &S, 7, &brc, 0, 0, 0) : KM_NONE - 1;
	tap(got == KM_NONE, "select: n_exact over n_domains matches nothing");
	km_tables = saved;
}

static void test_weighted(void)
{
	struct km_route r = { .action = KM_ACT_WEIGHTED, .n_weighted = 3 };
	__u32 picks[3] = { 0 }, x, c;
	int ok = 1;

	/* weights 3, 0, 1 */
	r.weighted[0] = (struct km_weighted){ 20, 3 };
	r.weighted[1] = (struct km_weighted){ 21, 3 };
	r.weighted[2] = (struct km_weighted){ 22, 4 };
	r.total_weight = 4;
	for (x = 0; x < 400; x++) {
		c = km_route_cluster(&r, x);
		if (c < 20 || c > 22)
			ok = 0;
		else
			picks[c - 20]++;
	}
	tap(ok && picks[0] == 300 && picks[1] == 0 && picks[2] == 100,
	    "weighted: clusters drawn by weight (3, 0, 1), weight 0 never");
	r.total_weight = 0;
	tap(km_route_cluster(&r, 7) == KM_NONE, "weighted: total 0 picks none");
	r = route(KM_PATH_PREFIX, "/", 0, 0, 5);
	tap(km_route_cluster(&r, 7) == 5, "weighted: a plain cluster");
}

/* A value of n bytes that repeats nowhere within 36 bytes. */
static void fill(char *dst, size_t n, size_t seed)
{
	size_t k;

	for (k = 0; k < n; k++)
		dst[k] = "abcdefghijklmnopqrstuvwxyz0123456789"
			 [(k + seed) % 36];
}

/*
 * A head over 4096 bytes routes: a 10 KiB Cookie, then the field the
 * route's header matcher looks at, past it.
 */
static void test_long_head(void)
{
	static char fields[12000];
	size_t o;
	__u32 got;

	tables_init();
	o = (size_t)snprintf(fields, sizeof(fields), "Cookie: ");
	fill(fields + o, 10240, 0);
	o += 10240;
	snprintf(fields + o, sizeof(fields) - o, "\r\nX-Admin: 1\r\n");
	got = request("/admin/x", "API.example", fields) ?
	      km_route_select(&H, &S, 0, &rc, 0, 0, 0) : KM_NONE - 1;
	tap(got == 0 && H.head_len > 10240,
	    "select: a head of %u bytes (a 10 KiB Cookie) routes on a field past it",
	    H.head_len);
	fields[o + 11] = '2';
	got = request("/admin/x", "API.example", fields) ?
	      km_route_select(&H, &S, 0, &rc, 0, 0, 0) : KM_NONE - 1;
	tap(got == 1, "select: and on its value: x-admin 2 takes the next route");
}

/* Empty the byte cache, then fill it at off (none if off is ~0). */
static void prime(__u32 off)
{
	H.win_len = 0;
	if (off != ~0U)
		km_byte(&H, &S, off);
}

/*
 * Matching reads across refills of the byte cache: values and a name
 * that straddle offsets 256 and 512, whatever the cache holds when the
 * matcher starts (every offset of the head).
 */
static void test_window(void)
{
	static char fields[2048];
	struct km_header m[7];
	char v[320];
	size_t o, base = strlen("GET / HTTP/1.1\r\nHost: a\r\n");
	__u32 off, i, bad = 0, vo, no;
	int want[7] = { 1, 1, 1, 1, 0, 1, 1 };

	/* x-pad, so that x-long's 300-byte value starts at 240 */
	o = (size_t)snprintf(fields, sizeof(fields), "x-pad: ");
	memset(fields + o, 'p', 240 - base - o - 2 - 8);
	o += 240 - base - o - 2 - 8;
	o += (size_t)snprintf(fields + o, sizeof(fields) - o, "\r\nx-long: ");
	fill(v, 300, 5);
	memcpy(fields + o, v, 300);
	o += 300;
	/* then, after x-pad2, a name over offset 768: X-Straddle-Name */
	o += (size_t)snprintf(fields + o, sizeof(fields) - o, "\r\nx-pad2: ");
	memset(fields + o, 'q', 760 - base - o - 2);
	o += 760 - base - o - 2;
	o += (size_t)snprintf(fields + o, sizeof(fields) - o,
			      "\r\nX-Straddle-Name: 1\r\n");
	if (!request("/", "a", fields) || H.n_hdrs != 5) {
		tap(0, "match: the straddling head parses");
		return;
	}
	vo = H.hdrs[2].val_off;
	no = H.hdrs[4].name_off;
	tap(vo == 240 && H.hdrs[2].val_len == 300 && no == 760,
	    "match: x-long's value is [240, 540), X-Straddle-Name at 760");

	m[0] = hdr("x-long", KM_HDR_PREFIX, "", 0);
	memcpy(m[0].value, v, 256);
	m[0].value_len = 256;
	m[1] = m[0];
	memcpy(m[1].value, v + 44, 256);	/* the last 256 bytes */
	m[1].kind = KM_HDR_SUFFIX;
	m[2] = m[0];
	memcpy(m[2].value, v + 10, 20);		/* [250, 270) */
	m[2].value_len = 20;
	m[2].kind = KM_HDR_CONTAINS;
	km_header_kmp(&m[2]);
	m[3] = m[2];
	memcpy(m[3].value, v + 262, 20);	/* [502, 522) */
	km_header_kmp(&m[3]);
	m[4] = m[3];
	m[4].value[19] = '!';			/* not there */
	km_header_kmp(&m[4]);
	m[5] = hdr("x-straddle-name", KM_HDR_EXACT, "1", 0);
	m[6] = hdr_ex("x-long", KM_HDR_PREFIX, "", 0, KM_HDR_F_IGNORE_CASE);
	memcpy(m[6].value, v, 256);
	m[6].value_len = 256;
	for (off = 0; off <= H.len; off++) {
		prime(off == H.len ? ~0U : off);
		for (i = 0; i < 7; i++)
			bad += km_header_match(&H, &S, &m[i], H.host_len) !=
			       want[i];
	}
	tap(!bad, "match: prefix, suffix, contains, a name over the refills "
	    "at 256, 512, 768, from any cache (%u heads)", H.len + 1);
	if (bad)
		tap_diag("%u wrong answers", bad);
}

void test_match(void)
{
	test_domains();
	test_headers();
	test_paths();
	test_select();
	test_many_vhosts();
	test_weighted();
	test_long_head();
	test_window();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Route config stage (sock_ops, after the HTTP stage): match the request
 * head in km_http against the route config, then tail-call the cluster
 * stage with the route's cluster.
 *
 * Virtual host: the first of the route config's domains, stored in match
 * order (exact, then *.suffix and prefix.* longest first, then "*"), that
 * matches the Host (lowercased, no port; a request without Host only
 * matches "*"). Route: the first route of that virtual host whose path
 * (prefix: of the target with its query; path: exact, up to '?') and
 * every header matcher match. A header matcher looks at the first field
 * of that name; a header that is absent fails every matcher except
 * present_match: false (stored as present + invert). Action: the cluster,
 * or for weighted_clusters a draw r < total weight, each cluster taken
 * with probability weight / total.
 *
 * No virtual host or no route: refused (the first send fails with
 * ECONNREFUSED; Envoy would answer 404), counted as a refusal of the
 * listener. No token in the route's HTTP local rate limit (ratelimit.h):
 * refused the same way, counted as rate limited by the route and the
 * listener (Envoy would answer 429).
 */
#include "http.h"
#include "ratelimit.h"

/* Host matches domain d? A global function: verified once. */
__noinline int km_domain_match(const struct km_http *h,
			       const struct km_domain *d)
{
	__u32 n, hl, off = 0, j;

	if (!h || !d)
		return 0;
	n = d->len;
	hl = h->host_len;
	if (n > KM_DOMAIN_LEN || hl > KM_HOST_MAX)
		return 0;
	switch (d->kind) {
	case KM_DOMAIN_ANY:
		return 1;
	case KM_DOMAIN_EXACT:
		if (hl != n)
			return 0;
		break;
	case KM_DOMAIN_SUFFIX:
		if (hl <= n)
			return 0;
		off = hl - n;
		break;
	case KM_DOMAIN_PREFIX:
		if (hl <= n)
			return 0;
		break;
	default:
		return 0;
	}
	for (j = 0; j < KM_DOMAIN_LEN; j++) {
		if (j >= n)
			break;
		if (h->host[(off + j) & (KM_HOST_MAX - 1)] != d->name[j])
			return 0;
	}
	return 1;
}

/* Request field i has the name of matcher m? */
__noinline int km_field_is(const struct km_http *h, __u32 i,
			   const struct km_header *m)
{
	__u32 j, n, off;

	if (!h || !m || i >= KM_HTTP_MAX_HDRS)
		return 0;
	n = m->name_len;
	if (h->hdrs[i].name_len != n || n > KM_HDR_NAME_LEN)
		return 0;
	off = h->hdrs[i].name_off;
	for (j = 0; j < KM_HDR_NAME_LEN; j++) {
		if (j >= n)
			break;
		if (h->buf[(off + j) & (KM_HTTP_BUF - 1)] != m->name[j])
			return 0;
	}
	return 1;
}

/* Value of request field i matches matcher m (exact, prefix, suffix)? */
__noinline int km_value_match(const struct km_http *h, __u32 i,
			      const struct km_header *m)
{
	__u32 j, n, vl, off;

	if (!h || !m || i >= KM_HTTP_MAX_HDRS)
		return 0;
	n = m->value_len;
	vl = h->hdrs[i].val_len;
	off = h->hdrs[i].val_off;
	if (n > KM_HDR_VALUE_LEN)
		return 0;
	switch (m->kind) {
	case KM_HDR_PRESENT:
		return 1;
	case KM_HDR_EXACT:
		if (vl != n)
			return 0;
		break;
	case KM_HDR_PREFIX:
		if (vl < n)
			return 0;
		break;
	case KM_HDR_SUFFIX:
		if (vl < n)
			return 0;
		off += vl - n;
		break;
	default:
		return 0;
	}
	for (j = 0; j < KM_HDR_VALUE_LEN; j++) {
		if (j >= n)
			break;
		if (h->buf[(off + j) & (KM_HTTP_BUF - 1)] != m->value[j])
			return 0;
	}
	return 1;
}

__noinline int km_header_match(const struct km_http *h,
			       const struct km_header *m)
{
	__u32 i, n;
	int hit;

	if (!h || !m)
		return 0;
	n = h->n_hdrs;
	for (i = 0; i < KM_HTTP_MAX_HDRS && i < n; i++) {
		if (!km_field_is(h, i, m))
			continue;
		hit = km_value_match(h, i, m);
		return hit != !!m->invert;
	}
	/* absent */
	return m->kind == KM_HDR_PRESENT && m->invert;
}

/* Request path matches route r? */
__noinline int km_path_match(const struct km_http *h, const struct km_route *r)
{
	__u32 j, n, off;

	if (!h || !r)
		return 0;
	n = r->path_len;
	if (n > KM_PATH_LEN)
		return 0;
	if (r->path_kind == KM_PATH_EXACT) {
		if (h->path_len != n)
			return 0;
	} else if (h->target_len < n) {
		return 0;
	}
	off = h->path_off;
	for (j = 0; j < KM_PATH_LEN; j++) {
		if (j >= n)
			break;
		if (h->buf[(off + j) & (KM_HTTP_BUF - 1)] != r->path[j])
			return 0;
	}
	return 1;
}

struct km_match {
	struct km_http *h;
	__u32 gen;
	__u32 first;
	__u32 found;		/* id, or (__u32)-1 */
	__u32 missing;		/* a record of gen is gone: refuse */
};

static long km_domain_step(__u32 i, void *arg)
{
	struct km_match *m = arg;
	struct km_key k = { m->gen, m->first + i };
	struct km_domain *d = bpf_map_lookup_elem(&km_domains, &k);

	if (!d) {
		m->missing = 1;
		return 1;
	}
	if (!km_domain_match(m->h, d))
		return 0;
	m->found = d->vhost_id;
	return 1;
}

static long km_route_step(__u32 i, void *arg)
{
	struct km_match *m = arg;
	struct km_key k = { m->gen, m->first + i };
	struct km_route *r = bpf_map_lookup_elem(&km_routes, &k);
	__u32 j, n;

	if (!r) {
		m->missing = 1;
		return 1;
	}
	if (!km_path_match(m->h, r))
		return 0;
	n = r->n_headers;
	for (j = 0; j < KM_MAX_HEADERS && j < n; j++) {
		struct km_key hk = { m->gen, r->first_header + j };
		struct km_header *hm = bpf_map_lookup_elem(&km_headers, &hk);

		if (!hm) {
			m->missing = 1;
			return 1;
		}
		if (!km_header_match(m->h, hm))
			return 0;
	}
	m->found = k.id;
	return 1;
}

static __always_inline __u32 km_route_cluster(struct km_route *r)
{
	__u32 i, x;

	if (r->action == KM_ACT_CLUSTER)
		return r->cluster_id;
	if (r->action != KM_ACT_WEIGHTED || !r->total_weight)
		return (__u32)-1;
	x = bpf_get_prandom_u32() % r->total_weight;
	for (i = 0; i < KM_MAX_WEIGHTED && i < r->n_weighted; i++)
		if (x < r->weighted[i].cum_weight)
			return r->weighted[i].cluster_id;
	return (__u32)-1;
}

static __always_inline int km_route(void *ctx, int hook)
{
	struct bpf_sock_ops *skops = ctx;
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;
	struct km_route_config *rc;
	struct km_match m = {};
	struct km_vhost *vh;
	struct km_route *r;
	struct km_http *h;
	struct km_key k;
	__u32 cluster;
	int rl;

	if (!sk)
		return km_refuse(ctx, hook);
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return km_refuse(ctx, hook);
	h = bpf_sk_storage_get(&km_sk_http, sk, 0, 0);
	if (!h)
		goto refuse;
	k.gen = st->gen;
	k.id = st->route_config_id;
	rc = bpf_map_lookup_elem(&km_route_configs, &k);
	if (!rc || rc->n_domains > KM_MAX_RC_DOMAINS)
		goto refuse;
	m.h = h;
	m.gen = st->gen;
	m.first = rc->first_domain;
	m.found = (__u32)-1;
	bpf_loop(rc->n_domains, km_domain_step, &m, 0);
	if (m.missing || m.found == (__u32)-1)
		goto refuse;
	k.id = m.found;
	vh = bpf_map_lookup_elem(&km_vhosts, &k);
	if (!vh || vh->n_routes > KM_MAX_RC_ROUTES)
		goto refuse;
	m.first = vh->first_route;
	m.found = (__u32)-1;
	bpf_loop(vh->n_routes, km_route_step, &m, 0);
	if (m.missing || m.found == (__u32)-1)
		goto refuse;
	k.id = m.found;
	r = bpf_map_lookup_elem(&km_routes, &k);
	if (!r)
		goto refuse;
	rl = km_rl_http(st, r);		/* before the router picks a cluster */
	if (rl < 0)
		goto refuse;
	if (!rl) {
		km_count(&km_route_counters, st->gen, k.id, KM_RATE_LIMITED);
		km_count(&km_listener_counters, st->gen, st->listener_id,
			 KM_RATE_LIMITED);
		bpf_sk_storage_delete(&km_sk_http, sk);
		return km_refuse(ctx, hook);
	}
	cluster = km_route_cluster(r);
	if (cluster == (__u32)-1) {
		km_count(&km_route_counters, st->gen, k.id, 1);
		goto refuse;
	}
	st->route_id = k.id;
	st->cluster_id = cluster;
	km_count(&km_route_counters, st->gen, k.id, 0);
	bpf_sk_storage_delete(&km_sk_http, sk);
	km_next(ctx, hook, KM_STAGE_CLUSTER);
refuse:
	return km_http_done(ctx, sk, st);
}

KM_STAGE_OPS(km_route, km_route)

char _license[] SEC("license") = "GPL";

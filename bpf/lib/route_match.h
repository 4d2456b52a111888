/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route matcher: of a route config, the virtual host whose domain
 * matches the Host, then the first of its routes whose path and header
 * matchers match the request head (struct km_http, http_parse.h); then
 * the route's cluster. Built into the route stage (route.bpf.c) and into
 * the host tests; see include/kmesh/maps.h for the records.
 *
 * The includer provides the lookups below (BPF: the generation's maps;
 * host: arrays), and includes this file from one .bpf.c only (KM_SUBPROG).
 */
#ifndef KMESH_BPF_LIB_ROUTE_MATCH_H
#define KMESH_BPF_LIB_ROUTE_MATCH_H

#include <kmesh/maps.h>

#include "compat.h"
#include "http_parse.h"

/* The record (gen, id) of each table, or NULL when it is missing. */
KM_INLINE const struct km_domain *km_get_domain(__u32 gen, __u32 id);
KM_INLINE const struct km_vhost *km_get_vhost(__u32 gen, __u32 id);
KM_INLINE const struct km_route *km_get_route(__u32 gen, __u32 id);
KM_INLINE const struct km_header *km_get_header(__u32 gen, __u32 id);

#define KM_NONE		((__u32)-1)

/* Host (its first hl bytes, lowercased) matches domain d? */
KM_SUBPROG int km_domain_match(const struct km_http *h, __u32 hl,
			       const struct km_domain *d)
{
	__u32 n, off = 0, j;

	if (!h || !d)
		return 0;
	n = d->len;
	if (n > KM_DOMAIN_LEN || hl > KM_HTTP_BUF)
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
	off += h->host_off;
	for (j = 0; j < KM_DOMAIN_LEN; j++) {
		if (j >= n)
			break;
		if (km_lower(h->buf[(off + j) & (KM_HTTP_BUF - 1)]) !=
		    d->name[j])
			return 0;
	}
	return 1;
}

/* Request field i has the name of matcher m? */
KM_SUBPROG int km_field_is(const struct km_http *h, __u32 i,
			   const struct km_header *m)
{
	__u32 j, n, off;

	if (!h || !m || i >= KM_HTTP_HDR_SLOTS)
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
KM_SUBPROG int km_value_match(const struct km_http *h, __u32 i,
			      const struct km_header *m)
{
	__u32 j, n, vl, off;

	if (!h || !m || i >= KM_HTTP_HDR_SLOTS)
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

/* The request matches header matcher m? It looks at the first field of
 * the name; an absent header fails all but present_match: false. */
KM_SUBPROG int km_header_match(const struct km_http *h,
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

/* Request path matches route r (prefix: the target with its query;
 * path: exact, up to '?')? */
KM_SUBPROG int km_path_match(const struct km_http *h, const struct km_route *r)
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
	const struct km_http *h;
	__u32 gen;
	__u32 first;
	__u32 host_len;		/* bytes of the Host the domains look at */
	__u32 found;		/* id, or KM_NONE */
	__u32 missing;		/* a record of gen is gone: refuse */
};

static long km_domain_step(__u32 i, void *arg)
{
	struct km_match *m = arg;
	const struct km_domain *d = km_get_domain(m->gen, m->first + i);

	if (!d) {
		m->missing = 1;
		return 1;
	}
	if (!km_domain_match(m->h, m->host_len, d))
		return 0;
	m->found = d->vhost_id;
	return 1;
}

static long km_route_step(__u32 i, void *arg)
{
	struct km_match *m = arg;
	const struct km_route *r = km_get_route(m->gen, m->first + i);
	const struct km_header *hm;
	__u32 j, n;

	if (!r) {
		m->missing = 1;
		return 1;
	}
	if (!km_path_match(m->h, r))
		return 0;
	n = r->n_headers;
	for (j = 0; j < KM_MAX_HEADERS && j < n; j++) {
		hm = km_get_header(m->gen, r->first_header + j);
		if (!hm) {
			m->missing = 1;
			return 1;
		}
		if (!km_header_match(m->h, hm))
			return 0;
	}
	m->found = m->first + i;
	return 1;
}

/* The Host bytes domains are matched against: without the port. */
KM_INLINE __u32 km_host_match_len(const struct km_http *h)
{
	return h->host_hdr ? h->port_start : 0;
}

/*
 * The id of the route of rc that the request h matches under generation
 * gen, or KM_NONE (no virtual host, no route, or a record missing).
 */
KM_INLINE __u32 km_route_select(const struct km_http *h, __u32 gen,
				const struct km_route_config *rc)
{
	struct km_match m = {
		.h = h, .gen = gen, .first = rc->first_domain,
		.host_len = km_host_match_len(h), .found = KM_NONE,
	};
	const struct km_vhost *vh;

	if (rc->n_domains > KM_MAX_RC_DOMAINS)
		return KM_NONE;
	km_loop(rc->n_domains, km_domain_step, &m);
	if (m.missing || m.found == KM_NONE)
		return KM_NONE;
	vh = km_get_vhost(gen, m.found);
	if (!vh || vh->n_routes > KM_MAX_RC_ROUTES)
		return KM_NONE;
	m.first = vh->first_route;
	m.found = KM_NONE;
	km_loop(vh->n_routes, km_route_step, &m);
	if (m.missing)
		return KM_NONE;
	return m.found;
}

/* The cluster of route r for the random number rnd, or KM_NONE. */
KM_INLINE __u32 km_route_cluster(const struct km_route *r, __u32 rnd)
{
	__u32 i, x;

	if (r->action == KM_ACT_CLUSTER)
		return r->cluster_id;
	if (r->action != KM_ACT_WEIGHTED || !r->total_weight)
		return KM_NONE;
	x = rnd % r->total_weight;
	for (i = 0; i < KM_MAX_WEIGHTED && i < r->n_weighted; i++)
		if (x < r->weighted[i].cum_weight)
			return r->weighted[i].cluster_id;
	return KM_NONE;
}

#endif

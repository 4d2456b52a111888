/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The route matcher: of a route config, the virtual host whose domain
 * matches the Host (an exact one by hash, the wildcards in order), then
 * the first of its routes whose path and header
 * matchers match the request head (struct km_http, http_parse.h); then
 * the route's cluster. Built into the route stage (route.bpf.c) and into
 * the host tests; see include/kmesh/maps.h for the records. The bytes of
 * the head are read from its source (lib/bytes.h) with km_byte(), whose
 * cache is in the struct km_http (so it is not const here); header names
 * are compared lowercased, as the parser left them as sent.
 *
 * A global subprogram takes at most 5 arguments, h and s two of them:
 * where it needs more, an offset and a length go as one KM_SPAN().
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
/* The virtual host id of an EXACT domain (km_exact_domains), or NULL. */
KM_INLINE const __u32 *km_get_exact(const struct km_domain_key *k);

#define KM_NONE		((__u32)-1)

/* Bytes [off, off + len) of the head in one argument (both < 65536). */
#define KM_SPAN(off, len)	((__u32)(off) | (__u32)(len) << 16)
#define KM_SPAN_OFF(span)	((span) & 0xffff)
#define KM_SPAN_LEN(span)	((span) >> 16)

/* Host (its first hl bytes, lowercased) matches domain d? */
KM_SUBPROG int km_domain_match(struct km_http *h, const km_src_t *s,
			       __u32 hl, const struct km_domain *d)
{
	__u32 n, off = 0, j;
	int c;

	if (!h || !s || !d)
		return 0;
	n = d->len;
	if (n > KM_DOMAIN_LEN || hl > KM_HTTP_WINDOW)
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
		c = km_byte(h, s, off + j);
		if (c < 0 || km_lower((__u8)c) != d->name[j])
			return 0;
	}
	return 1;
}

/* Request field i has the name of matcher m (lowercase, as compiled)? */
KM_SUBPROG int km_field_is(struct km_http *h, const km_src_t *s, __u32 i,
			   const struct km_header *m)
{
	__u32 j, n, off;
	int c;

	if (!h || !s || !m || i >= KM_HTTP_HDR_SLOTS)
		return 0;
	n = m->name_len;
	if (h->hdrs[i].name_len != n || n > KM_HDR_NAME_LEN)
		return 0;
	off = h->hdrs[i].name_off;
	for (j = 0; j < KM_HDR_NAME_LEN; j++) {
		if (j >= n)
			break;
		c = km_byte(h, s, off + j);
		if (c < 0 || km_lower((__u8)c) != m->name[j])
			return 0;
	}
	return 1;
}

/*
 * A header matcher's walk over the header's value: its segments (the
 * fields of the name, or one pseudo-header) joined with ",", as Envoy
 * joins a header of several fields before matching.
 */
struct km_hdr_walk {
	struct km_http *h;
	const km_src_t *s;
	const struct km_header *m;
	__u32 host_len;		/* of the Host, for KM_HDR_SRC_AUTHORITY */
	__u32 n;		/* bytes of m->value */
	__u32 total;		/* bytes of the joined value */
	__u32 segs;		/* segments found (count), walked (walk) */
	__u32 pos;		/* bytes of the joined value walked */
	__u32 start;		/* where the compared window starts */
	__u32 j;		/* CONTAINS: bytes of value matched */
	__u32 seg_off;		/* the segment found */
	__u32 seg_len;
	__u32 done;		/* the walk can stop: */
	__u32 hit;		/* with this result */
};

/* Segment i of the header: its offset and length into w->seg_*. */
KM_INLINE int km_hdr_segment(struct km_hdr_walk *w, __u32 i)
{
	struct km_http *h = w->h;

	switch (w->m->source) {
	case KM_HDR_SRC_METHOD:
		w->seg_off = 0;
		w->seg_len = h->method_len;
		return i == 0;
	case KM_HDR_SRC_PATH:
		w->seg_off = h->path_off;
		w->seg_len = h->target_len;
		return i == 0;
	case KM_HDR_SRC_AUTHORITY:
		w->seg_off = h->host_off;
		w->seg_len = w->host_len;
		return i == 0 && h->host_hdr;
	}
	if (i >= KM_HTTP_HDR_SLOTS || !km_field_is(h, w->s, i, w->m))
		return 0;
	w->seg_off = h->hdrs[i].val_off;
	w->seg_len = h->hdrs[i].val_len;
	return 1;
}

static long km_hdr_count_step(__u32 i, void *arg)
{
	struct km_hdr_walk *w = arg;

	if (km_hdr_segment(w, i)) {
		w->total += (w->segs ? 1 : 0) + w->seg_len;
		w->segs++;
	}
	return 0;
}

KM_INLINE __u8 km_hdr_byte(const struct km_header *m, __u8 c)
{
	return m->flags & KM_HDR_F_IGNORE_CASE ? km_lower(c) : c;
}

/*
 * Knuth-Morris-Pratt: j bytes of m->value matched, then byte c; returns
 * the bytes matched now. A subprogram: its bounded loop is verified once.
 */
KM_SUBPROG __u32 km_kmp_step(const struct km_header *m, __u32 j, __u32 c)
{
	__u32 k;

	if (!m || j >= KM_HDR_VALUE_LEN)
		return 0;
	for (k = 0; k < KM_HDR_VALUE_LEN; k++) {
		if (!j || c == m->value[j & (KM_HDR_VALUE_LEN - 1)])
			break;
		j = m->kmp[(j - 1) & (KM_HDR_VALUE_LEN - 1)];
	}
	return c == m->value[j & (KM_HDR_VALUE_LEN - 1)] ? j + 1 : j;
}

/*
 * KMP over the bytes of span (KM_SPAN(), the length at most
 * KM_KMP_CHUNK) from j bytes matched; returns the bytes matched after
 * it, or m->value_len as soon as value occurs. Chunks keep each verified
 * path short (the verifier allows 8192 jumps in one). A byte that cannot
 * be read (none can fail after the parse read them) matches nothing.
 */
#define KM_KMP_CHUNK	256

KM_SUBPROG __u32 km_kmp_chunk(struct km_http *h, const km_src_t *s,
			      const struct km_header *m, __u32 span, __u32 j)
{
	__u32 k, off = KM_SPAN_OFF(span), len = KM_SPAN_LEN(span);
	int c;

	if (!h || !s || !m)
		return 0;
	for (k = 0; k < KM_KMP_CHUNK; k++) {
		if (k >= len || j >= m->value_len)
			break;
		c = km_byte(h, s, off + k);
		j = c < 0 ? 0 : km_kmp_step(m, j, km_hdr_byte(m, (__u8)c));
	}
	return j;
}

/* KMP over the bytes of span, chunk by chunk; as km_kmp_chunk(). */
KM_SUBPROG __u32 km_kmp_segment(struct km_http *h, const km_src_t *s,
				const struct km_header *m, __u32 span, __u32 j)
{
	__u32 c, k, n, off = KM_SPAN_OFF(span), len = KM_SPAN_LEN(span);

	if (!h || !s || !m)
		return 0;
	for (c = 0; c < KM_HTTP_WINDOW / KM_KMP_CHUNK; c++) {
		k = c * KM_KMP_CHUNK;
		if (k >= len || j >= m->value_len)
			break;
		n = len - k < KM_KMP_CHUNK ? len - k : KM_KMP_CHUNK;
		j = km_kmp_chunk(h, s, m, KM_SPAN(off + k, n), j);
	}
	return j;
}

/*
 * The bytes of span (KM_SPAN(), the length at most KM_HDR_VALUE_LEN)
 * equal m->value[voff, voff + length)?
 */
KM_SUBPROG int km_segment_equal(struct km_http *h, const km_src_t *s,
				const struct km_header *m, __u32 span,
				__u32 voff)
{
	__u32 k, off = KM_SPAN_OFF(span), len = KM_SPAN_LEN(span);
	int c;

	if (!h || !s || !m)
		return 0;
	for (k = 0; k < KM_HDR_VALUE_LEN; k++) {
		if (k >= len)
			break;
		c = km_byte(h, s, off + k);
		if (c < 0 || km_hdr_byte(m, (__u8)c) !=
		    m->value[(voff + k) & (KM_HDR_VALUE_LEN - 1)])
			return 0;
	}
	return 1;
}

/*
 * The window [start, start + n) of the joined value against m->value,
 * over the piece of the head [off, off + len) at w->pos (off ~0: the ","
 * between two fields). Sets w->done (and w->hit) once decided.
 */
KM_INLINE void km_hdr_window(struct km_hdr_walk *w, __u32 off, __u32 len)
{
	__u32 a = w->pos > w->start ? w->pos : w->start;
	__u32 b = w->pos + len < w->start + w->n ? w->pos + len :
		  w->start + w->n;
	int eq;

	if (a < b) {
		if (off == ~0U)
			eq = w->m->value[(a - w->start) & (KM_HDR_VALUE_LEN - 1)] == ',';
		else
			eq = km_segment_equal(w->h, w->s, w->m,
					      KM_SPAN(off + a - w->pos, b - a),
					      a - w->start);
		if (!eq)
			w->done = 1;
	}
	w->pos += len;
	if (!w->done && w->pos >= w->start + w->n) {
		w->hit = 1;
		w->done = 1;
	}
}

/* The piece [off, off + len) of the head in the joined value (~0: ","). */
KM_INLINE void km_hdr_piece(struct km_hdr_walk *w, __u32 off, __u32 len)
{
	if (w->m->kind != KM_HDR_CONTAINS) {
		km_hdr_window(w, off, len);
		return;
	}
	if (off == ~0U)
		w->j = km_kmp_step(w->m, w->j, ',');
	else
		w->j = km_kmp_segment(w->h, w->s, w->m, KM_SPAN(off, len),
				      w->j);
	if (w->j >= w->n)
		w->hit = w->done = 1;
}

static long km_hdr_walk_step(__u32 i, void *arg)
{
	struct km_hdr_walk *w = arg;

	if (!km_hdr_segment(w, i))
		return 0;
	if (w->segs++)
		km_hdr_piece(w, ~0U, 1);
	if (!w->done)
		km_hdr_piece(w, w->seg_off, w->seg_len);
	return w->done ? 1 : 0;
}

/* Does the joined value (w->total bytes) match; segs: the walk's bound. */
KM_INLINE int km_hdr_value_match(struct km_hdr_walk *w, __u32 segs)
{
	switch (w->m->kind) {
	case KM_HDR_PRESENT:
		return 1;
	case KM_HDR_EXACT:
		if (w->total != w->n)
			return 0;
		break;
	case KM_HDR_PREFIX:
	case KM_HDR_CONTAINS:
		if (w->total < w->n)
			return 0;
		break;
	case KM_HDR_SUFFIX:
		if (w->total < w->n)
			return 0;
		w->start = w->total - w->n;
		break;
	default:
		return 0;
	}
	if (!w->n)
		return 1;
	w->segs = 0;
	km_loop(segs, km_hdr_walk_step, w);
	return w->hit;
}

/*
 * The request matches header matcher m (Envoy's HeaderMatcher, see struct
 * km_header)? host_len: the Host bytes that count (the port as for
 * domains, km_host_match_len()).
 */
KM_SUBPROG int km_header_match(struct km_http *h, const km_src_t *s,
			       const struct km_header *m, __u32 host_len)
{
	struct km_hdr_walk w = {};
	__u32 segs;

	if (!h || !s || !m)
		return 0;
	w.h = h;
	w.s = s;
	w.m = m;
	w.host_len = host_len;
	w.n = m->value_len;
	if (w.n > KM_HDR_VALUE_LEN || host_len > KM_HTTP_WINDOW)
		return 0;
	segs = m->source == KM_HDR_SRC_FIELD ? h->n_hdrs : 1;
	if (segs > KM_HTTP_MAX_HDRS)
		return 0;
	km_loop(segs, km_hdr_count_step, &w);
	if (!w.segs && !(m->flags & KM_HDR_F_MISSING_EMPTY))
		return m->kind == KM_HDR_PRESENT && m->invert;	/* absent */
	return km_hdr_value_match(&w, segs) != !!m->invert;
}

/*
 * Request path matches route r (prefix: the target with its query;
 * path: exact, up to '?')?
 */
KM_SUBPROG int km_path_match(struct km_http *h, const km_src_t *s,
			     const struct km_route *r)
{
	__u32 j, n, off;
	int c;

	if (!h || !s || !r)
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
		c = km_byte(h, s, off + j);
		if (c < 0 || c != r->path[j])
			return 0;
	}
	return 1;
}

/*
 * The Host bytes domains look at: the port stays unless the route config
 * ignores it (rc_flags, KM_RC_F_*) or the HCM strips it (filter_flags,
 * KM_FILTER_F_*; port: the listener's). Header matchers see the Host as
 * the HCM leaves it: rc_flags 0 (Envoy ignores the port in virtual host
 * selection only).
 */
KM_INLINE __u32 km_host_match_len(const struct km_http *h, __u32 rc_flags,
				  __u32 filter_flags, __u32 port)
{
	if (!h->host_hdr)
		return 0;
	if (rc_flags & KM_RC_F_IGNORE_PORT)
		return h->port_start;
	if (h->port_numeric && ((filter_flags & KM_FILTER_F_STRIP_ANY_PORT) ||
				((filter_flags & KM_FILTER_F_STRIP_MATCHING_PORT) &&
				 h->port_value == port)))
		return h->port_start;
	return h->host_len;
}

/* The key of the Host's EXACT domain being built (km_exact_vhost()). */
struct km_exact {
	struct km_http *h;
	const km_src_t *s;
	__u32 off;		/* the Host, in the head */
	__u32 bad;		/* a byte could not be read: no key */
	struct km_domain_key k;
};

static long km_exact_step(__u32 i, void *arg)
{
	struct km_exact *x = arg;
	int c;

	if (i >= KM_DOMAIN_LEN || !x->h || !x->s)
		return 1;
	c = km_byte(x->h, x->s, x->off + i);
	if (c < 0) {
		x->bad = 1;
		return 1;
	}
	x->k.name[i] = km_lower((__u8)c);
	return 0;
}

/*
 * The virtual host of route config rc_id whose EXACT domain is the Host
 * (its first hl bytes, lowercased), or KM_NONE: one hash lookup,
 * whatever the number of domains. A subprogram, so that its key (264
 * bytes) is on a stack of its own, not on the stages' frames.
 */
KM_SUBPROG __u32 km_exact_vhost(struct km_http *h, const km_src_t *s,
				__u32 hl, __u32 gen, __u32 rc_id)
{
	struct km_exact x;
	const __u32 *v;

	if (!h || !s || !hl || hl > KM_DOMAIN_LEN)
		return KM_NONE;
	__builtin_memset(&x, 0, sizeof(x));
	x.h = h;
	x.s = s;
	x.off = h->host_off;
	x.k.gen = gen;
	x.k.route_config_id = rc_id;
	x.k.len = (__u16)hl;
	km_loop(hl, km_exact_step, &x);
	if (x.bad)
		return KM_NONE;
	v = km_get_exact(&x.k);
	return v ? *v : KM_NONE;
}

struct km_match {
	struct km_http *h;
	const km_src_t *s;
	__u32 gen;
	__u32 first;
	__u32 host_len;		/* bytes of the Host the domains look at */
	__u32 hdr_host_len;	/* and the header matchers */
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
	if (!km_domain_match(m->h, m->s, m->host_len, d))
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
	if (!km_path_match(m->h, m->s, r))
		return 0;
	n = r->n_headers;
	for (j = 0; j < KM_MAX_HEADERS && j < n; j++) {
		hm = km_get_header(m->gen, r->first_header + j);
		if (!hm) {
			m->missing = 1;
			return 1;
		}
		if (!km_header_match(m->h, m->s, hm, m->hdr_host_len))
			return 0;
	}
	m->found = m->first + i;
	return 1;
}

/*
 * The virtual host of rc under generation gen of the first domain of rc
 * other than the EXACT ones (SUFFIX and PREFIX longest first, then ANY)
 * that the Host's first hl bytes match, scanned; KM_NONE when there is
 * none or a record is missing. A subprogram: the stage's own paths do
 * not multiply with its branches.
 */
KM_SUBPROG __u32 km_vhost_find(struct km_http *h, const km_src_t *s,
			       __u32 gen, const struct km_route_config *rc,
			       __u32 hl)
{
	struct km_match m = {
		.h = h, .s = s, .gen = gen, .host_len = hl, .found = KM_NONE,
	};
	__u32 n;

	if (!h || !s || !rc || rc->n_exact > rc->n_domains)
		return KM_NONE;
	n = rc->n_domains - rc->n_exact;
	if (n > KM_MAX_RC_WILDCARDS)
		return KM_NONE;
	m.first = rc->first_domain + rc->n_exact;
	km_loop(n, km_domain_step, &m);
	return m.missing ? KM_NONE : m.found;
}

/*
 * The first route of virtual host vh_id under generation gen whose path
 * and header matchers (seeing hdr_hl bytes of the Host) match; KM_NONE
 * when there is none or a record is missing. A subprogram, as above.
 */
KM_SUBPROG __u32 km_vhost_route(struct km_http *h, const km_src_t *s,
				__u32 gen, __u32 vh_id, __u32 hdr_hl)
{
	struct km_match m = {
		.h = h, .s = s, .gen = gen, .hdr_host_len = hdr_hl,
		.found = KM_NONE,
	};
	const struct km_vhost *vh;

	if (!h || !s)
		return KM_NONE;
	vh = km_get_vhost(gen, vh_id);
	if (!vh || vh->n_routes > KM_MAX_VHOST_ROUTES)
		return KM_NONE;
	m.first = vh->first_route;
	km_loop(vh->n_routes, km_route_step, &m);
	return m.missing ? KM_NONE : m.found;
}

/*
 * The id of the route of rc (id rc_id) that the request h (its bytes in
 * s) matches under generation gen, or KM_NONE (no virtual host, no
 * route, or a record missing); the HCM's filter_flags (KM_FILTER_F_*)
 * and the listener's port say what becomes of the Host port. The
 * virtual host is Envoy's pick: an EXACT domain (looked up), else the
 * first wildcard (scanned). The lookup is called from here, not from a
 * subprogram of the scans: its key is the deepest stack of the stage
 * (some 120 + 304 bytes of 512).
 */
KM_INLINE __u32 km_route_select(struct km_http *h, const km_src_t *s,
				__u32 gen, const struct km_route_config *rc,
				__u32 rc_id, __u32 filter_flags, __u32 port)
{
	__u32 hl = km_host_match_len(h, rc->flags, filter_flags, port);
	__u32 hdr_hl = km_host_match_len(h, 0, filter_flags, port);
	__u32 id = KM_NONE;

	if (rc->n_exact > rc->n_domains ||
	    rc->n_domains - rc->n_exact > KM_MAX_RC_WILDCARDS)
		return KM_NONE;
	if (rc->n_exact)
		id = km_exact_vhost(h, s, hl, gen, rc_id);
	if (id == KM_NONE)
		id = km_vhost_find(h, s, gen, rc, hl);
	if (id == KM_NONE)
		return KM_NONE;
	return km_vhost_route(h, s, gen, id, hdr_hl);
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

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Decompiling a route config: virtual hosts with their domains, routes,
 * header matchers and actions. See decompile_int.h. */
#include <string.h>

#include "decompile_int.h"

#define HMS(x) KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define SMP(x) KMESH__STRING_MATCHER__MATCH_PATTERN_##x

/* The string_match of a matcher the flat fields cannot say: ignore_case,
 * or an empty exact (exact_match "" means any value). */
static void string_match(struct dctx *x, const struct km_header *v,
			 Kmesh__HeaderMatcher *m, char *value)
{
	Kmesh__StringMatcher *s = dnew_msg(x, &kmesh__string_matcher__descriptor);

	if (!s)
		return;
	m->string_match = s;
	m->header_match_specifier_case = HMS(STRING_MATCH);
	s->ignore_case = (v->flags & KM_HDR_F_IGNORE_CASE) != 0;
	switch (v->kind) {
	case KM_HDR_EXACT:
		s->match_pattern_case = SMP(EXACT);
		s->exact = value;
		break;
	case KM_HDR_PREFIX:
		s->match_pattern_case = SMP(PREFIX);
		s->prefix = value;
		break;
	case KM_HDR_SUFFIX:
		s->match_pattern_case = SMP(SUFFIX);
		s->suffix = value;
		break;
	default:
		s->match_pattern_case = SMP(CONTAINS);
		s->contains = value;
		break;
	}
}

static Kmesh__HeaderMatcher *header(struct dctx *x, size_t id)
{
	const struct km_header *v = &x->c->headers[id];
	Kmesh__HeaderMatcher *m =
		dnew_msg(x, &kmesh__header_matcher__descriptor);
	char *value;

	if (!m)
		return NULL;
	m->name = dstrndup(x, v->name, v->name_len);
	m->treat_missing_header_as_empty =
		(v->flags & KM_HDR_F_MISSING_EMPTY) != 0;
	if (v->kind == KM_HDR_PRESENT) {
		/* stored as PRESENT, inverted for present_match: false */
		m->header_match_specifier_case = HMS(PRESENT_MATCH);
		m->present_match = !v->invert;
		return m;
	}
	m->invert_match = v->invert != 0;
	value = dstrndup(x, v->value, v->value_len);
	if (!value)
		return m;
	if ((v->flags & KM_HDR_F_IGNORE_CASE) || !v->value_len) {
		string_match(x, v, m, value);
		return m;
	}
	switch (v->kind) {
	case KM_HDR_EXACT:
		m->header_match_specifier_case = HMS(EXACT_MATCH);
		m->exact_match = value;
		break;
	case KM_HDR_PREFIX:
		m->header_match_specifier_case = HMS(PREFIX_MATCH);
		m->prefix_match = value;
		break;
	case KM_HDR_SUFFIX:
		m->header_match_specifier_case = HMS(SUFFIX_MATCH);
		m->suffix_match = value;
		break;
	default:
		m->header_match_specifier_case = HMS(CONTAINS_MATCH);
		m->contains_match = value;
		break;
	}
	return m;
}

static Kmesh__RouteMatch *route_match(struct dctx *x, const struct km_route *v)
{
	Kmesh__RouteMatch *m = dnew_msg(x, &kmesh__route_match__descriptor);
	char *path;
	size_t i;

	if (!m)
		return NULL;
	path = dstrndup(x, v->path, v->path_len);
	if (!path)
		return m;
	if (v->path_kind == KM_PATH_PREFIX) {
		m->path_specifier_case = KMESH__ROUTE_MATCH__PATH_SPECIFIER_PREFIX;
		m->prefix = path;
	} else {
		m->path_specifier_case = KMESH__ROUTE_MATCH__PATH_SPECIFIER_PATH;
		m->path = path;
	}
	if (!REPEATED(x, m, headers, v->n_headers))
		return m;
	for (i = 0; i < v->n_headers && !x->oom; i++)
		if ((m->headers[i] = header(x, v->first_header + i)))
			m->n_headers++;
	return m;
}

static Kmesh__RouteAction *route_action(struct dctx *x,
					const struct km_route *v)
{
	Kmesh__RouteAction *m = dnew_msg(x, &kmesh__route_action__descriptor);
	Kmesh__WeightedCluster *wc;
	Kmesh__WeightedCluster__ClusterWeight *cw;
	size_t i;

	if (!m)
		return NULL;
	if (v->action == KM_ACT_CLUSTER) {
		m->cluster = dstrdup(x, x->clusters[v->cluster_id]);
		if (m->cluster)
			m->cluster_specifier_case =
				KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER;
		return m;
	}
	wc = dnew_msg(x, &kmesh__weighted_cluster__descriptor);
	if (!wc)
		return m;
	m->weighted_clusters = wc;
	m->cluster_specifier_case =
		KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_WEIGHTED_CLUSTERS;
	if (!REPEATED(x, wc, clusters, v->n_weighted))
		return m;
	for (i = 0; i < v->n_weighted && !x->oom; i++) {
		cw = dnew_msg(x,
			      &kmesh__weighted_cluster__cluster_weight__descriptor);
		if (!cw)
			break;
		wc->clusters[wc->n_clusters++] = cw;
		cw->name = dstrdup(x, x->clusters[v->weighted[i].cluster_id]);
		cw->weight = v->weighted[i].cum_weight -
			     (i ? v->weighted[i - 1].cum_weight : 0);
	}
	return m;
}

static Kmesh__Route *route(struct dctx *x, size_t id)
{
	const struct km_route *v = &x->c->routes[id];
	Kmesh__Route *m = dnew_msg(x, &kmesh__route__descriptor);
	const char *name = dgiven(x->c->routes_names, id);

	if (!m)
		return NULL;
	if (name)
		m->name = dstrdup(x, name);
	m->match = route_match(x, v);
	m->route = route_action(x, v);
	m->local_ratelimit = drate_limit(x, x->rl_route[id]);
	return m;
}

/* A domain as configured: "*.suffix", "prefix.*", "*" or exact. */
static char *domain(struct dctx *x, const struct km_domain *d)
{
	char *s = dalloc(x, d->len + 2u, 1);
	size_t off = d->kind == KM_DOMAIN_SUFFIX;

	if (!s)
		return NULL;
	if (d->kind == KM_DOMAIN_ANY) {
		s[0] = '*';
		return s;
	}
	if (off)
		s[0] = '*';		/* ".suffix" -> "*.suffix" */
	memcpy(s + off, d->name, d->len);
	if (d->kind == KM_DOMAIN_PREFIX)
		s[d->len] = '*';	/* "prefix." -> "prefix.*" */
	return s;
}

static Kmesh__VirtualHost *vhost(struct dctx *x,
				 const struct km_route_config *rc,
				 size_t id)
{
	const struct km_vhost *v = &x->c->vhosts[id];
	Kmesh__VirtualHost *m = dnew_msg(x, &kmesh__virtual_host__descriptor);
	size_t i, n = 0;

	if (!m)
		return NULL;
	m->name = dstrdup(x, x->vhosts[id]);
	m->local_ratelimit = drate_limit(x, x->rl_vhost[id]);
	/* the route config's domains in match order, this host's ones */
	for (i = 0; i < rc->n_domains; i++)
		n += x->c->domains[rc->first_domain + i].vhost_id == id;
	if (!REPEATED(x, m, domains, n))
		return m;
	for (i = 0; i < rc->n_domains && !x->oom; i++) {
		const struct km_domain *d =
			&x->c->domains[rc->first_domain + i];

		if (d->vhost_id != id)
			continue;
		m->domains[m->n_domains] = domain(x, d);
		if (m->domains[m->n_domains])
			m->n_domains++;
	}
	if (!REPEATED(x, m, routes, v->n_routes))
		return m;
	for (i = 0; i < v->n_routes && !x->oom; i++)
		if ((m->routes[i] = route(x, v->first_route + i)))
			m->n_routes++;
	return m;
}

Kmesh__RouteConfiguration *decompile_route_config(struct dctx *x, size_t id)
{
	const struct km_route_config *v = &x->c->route_configs[id];
	Kmesh__RouteConfiguration *m =
		dnew_msg(x, &kmesh__route_configuration__descriptor);
	size_t i;

	if (!m)
		return NULL;
	m->name = dstrdup(x, x->route_configs[id]);
	m->ignore_port_in_host_matching = (v->flags & KM_RC_F_IGNORE_PORT) != 0;
	m->local_ratelimit = drate_limit(x, x->rl_rc[id]);
	if (!REPEATED(x, m, virtual_hosts, v->n_vhosts))
		return m;
	for (i = 0; i < v->n_vhosts && !x->oom; i++)
		if ((m->virtual_hosts[i] = vhost(x, v, v->first_vhost + i)))
			m->n_virtual_hosts++;
	return m;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Before decompiling tables that came from the maps: do they hang
 * together? Every child range and reference inside its table, every kind
 * known, every length within its field, no NUL inside a string. What
 * validation would refuse (a listener without chains, equal names) is
 * left to `kmeshctl validate` of the output. See decompile.h.
 */
#include <stdlib.h>
#include <string.h>

#include "decompile.h"

/* Child range [first, first + n) inside a table of total records. */
static void range(struct diag *d, const char *what, size_t i,
		  const char *child, __u32 first, __u32 n, size_t total)
{
	if ((size_t)first + n > total)
		diag_add(d, "%s[%zu]: %s [%u,%llu) outside the %zu %s", what, i,
			 child, first, (unsigned long long)first + n, total,
			 child);
}

static void ref(struct diag *d, const char *what, size_t i, const char *to,
		__u32 id, size_t total)
{
	if (id >= total)
		diag_add(d, "%s[%zu]: %s %u outside the %zu %ss", what, i, to,
			 id, total, to);
}

static void text(struct diag *d, const char *what, size_t i,
		 const char *field, const __u8 *s, size_t len, size_t max)
{
	if (len > max)
		diag_add(d, "%s[%zu]: %s length %zu over %zu", what, i, field,
			 len, max);
	else if (memchr(s, 0, len))
		diag_add(d, "%s[%zu]: %s holds a NUL byte", what, i, field);
}

static void kind(struct diag *d, const char *what, size_t i,
		 const char *field, unsigned v, unsigned lo, unsigned hi)
{
	if (v < lo || v > hi)
		diag_add(d, "%s[%zu]: unknown %s %u", what, i, field, v);
}

static void listeners(const struct kmesh_compiled *c, struct diag *d)
{
	size_t i, k;

	for (i = 0; i < c->n_listeners; i++)
		range(d, "listeners", i, "filter chains",
		      c->listeners[i].value.first_chain,
		      c->listeners[i].value.n_chains, c->n_chains);
	for (i = 0; i < c->n_chains; i++) {
		const struct km_filter_chain *v = &c->chains[i];

		range(d, "filter_chains", i, "filters", v->first_filter,
		      v->n_filters, c->n_filters);
		if (v->n_prefixes > KM_MAX_PREFIX_RANGES)
			diag_add(d, "filter_chains[%zu]: %u prefixes, over %d",
				 i, v->n_prefixes, KM_MAX_PREFIX_RANGES);
		for (k = 0; k < v->n_prefixes && k < KM_MAX_PREFIX_RANGES; k++) {
			const struct km_cidr *p = &v->prefixes[k];

			if (p->len > 128)
				diag_add(d, "filter_chains[%zu]: prefix length %u over 128",
					 i, p->len);
			if (p->family == KM_AF_INET && p->len < 96)
				diag_add(d, "filter_chains[%zu]: IPv4 prefix of length %u, under 96",
					 i, p->len);
			if (p->family && p->family != KM_AF_INET &&
			    p->family != KM_AF_INET6)
				diag_add(d, "filter_chains[%zu]: prefix family %u",
					 i, p->family);
		}
	}
	for (i = 0; i < c->n_filters; i++) {
		const struct km_filter *v = &c->filters[i];

		kind(d, "filters", i, "type", v->type, KM_FILTER_HCM,
		     KM_FILTER_LOCAL_RATELIMIT);
		if (v->type == KM_FILTER_HCM)
			ref(d, "filters", i, "route config", v->target,
			    c->n_route_configs);
		else if (v->type == KM_FILTER_TCP_PROXY)
			ref(d, "filters", i, "cluster", v->target,
			    c->n_clusters);
		else if (v->type == KM_FILTER_LOCAL_RATELIMIT)
			ref(d, "filters", i, "rate limit", v->target,
			    c->n_ratelimits);
		if (v->type == KM_FILTER_HCM && v->rl)
			ref(d, "filters", i, "rate limit", v->rl - 1,
			    c->n_ratelimits);
	}
}

/* The tables each kind of owner is in, by enum km_rl_owner. */
static size_t owners(const struct kmesh_compiled *c, __u8 owner)
{
	switch (owner) {
	case KM_RL_ROUTE_CONFIG:
		return c->n_route_configs;
	case KM_RL_VHOST:
		return c->n_vhosts;
	case KM_RL_ROUTE:
		return c->n_routes;
	default:
		return c->n_filters;
	}
}

static void ratelimits(const struct kmesh_compiled *c, struct diag *d)
{
	size_t i, n = c->n_route_configs + c->n_vhosts + c->n_routes, at;
	unsigned char *owned = calloc(n + 1, 1);

	if (!owned) {
		diag_add(d, "out of memory checking the rate limits");
		return;
	}
	for (i = 0; i < c->n_ratelimits; i++) {
		const struct km_ratelimit *v = &c->ratelimits[i];

		kind(d, "rate_limits", i, "owner", v->owner, KM_RL_FILTER,
		     KM_RL_ROUTE);
		ref(d, "rate_limits", i, "owner", v->owner_id,
		    owners(c, v->owner));
		if (v->max_tokens && (v->fill_ns < KM_MIN_FILL_NS ||
				      v->fill_ns > KM_MAX_FILL_NS ||
				      !v->tokens_per_fill))
			diag_add(d, "rate_limits[%zu]: a bucket without a fill interval of 50 ms .. 365 days or tokens per fill",
				 i);
		/* one each at most: a route config, virtual host or route
		 * has one local_ratelimit */
		if (v->owner < KM_RL_ROUTE_CONFIG || v->owner > KM_RL_ROUTE ||
		    v->owner_id >= owners(c, v->owner))
			continue;
		at = v->owner_id + (v->owner > KM_RL_ROUTE_CONFIG ?
				    c->n_route_configs : 0) +
		     (v->owner > KM_RL_VHOST ? c->n_vhosts : 0);
		if (owned[at]++)
			diag_add(d, "rate_limits[%zu]: its owner has another one",
				 i);
	}
	free(owned);
	for (i = 0; i < c->n_routes; i++)
		if (c->routes[i].rl)
			ref(d, "routes", i, "rate limit", c->routes[i].rl - 1,
			    c->n_ratelimits);
}

/* Route config i's n_exact: its EXACT domains, all of them first (BPF
 * looks those up in km_exact_domains instead of scanning them). */
static void exact(struct diag *d, const struct kmesh_compiled *c, size_t i)
{
	const struct km_route_config *v = &c->route_configs[i];
	size_t k, lead = 0, all = 0;

	if ((size_t)v->first_domain + v->n_domains > c->n_domains)
		return;		/* reported as a bad range */
	for (k = 0; k < v->n_domains; k++) {
		if (c->domains[v->first_domain + k].kind != KM_DOMAIN_EXACT)
			continue;
		lead += lead == k;
		all++;
	}
	if (lead != all || all != v->n_exact)
		diag_add(d, "route_configs[%zu]: %u exact domains, but %zu of its domains are exact, %zu of them first",
			 i, v->n_exact, all, lead);
}

static void route_configs(const struct kmesh_compiled *c, struct diag *d)
{
	size_t i;

	for (i = 0; i < c->n_route_configs; i++) {
		const struct km_route_config *v = &c->route_configs[i];

		range(d, "route_configs", i, "virtual hosts", v->first_vhost,
		      v->n_vhosts, c->n_vhosts);
		range(d, "route_configs", i, "domains", v->first_domain,
		      v->n_domains, c->n_domains);
		exact(d, c, i);
	}
	for (i = 0; i < c->n_vhosts; i++)
		range(d, "virtual_hosts", i, "routes", c->vhosts[i].first_route,
		      c->vhosts[i].n_routes, c->n_routes);
	for (i = 0; i < c->n_domains; i++) {
		const struct km_domain *v = &c->domains[i];

		ref(d, "domains", i, "virtual host", v->vhost_id, c->n_vhosts);
		kind(d, "domains", i, "kind", v->kind, KM_DOMAIN_EXACT,
		     KM_DOMAIN_ANY);
		text(d, "domains", i, "name", v->name, v->len, KM_DOMAIN_LEN);
	}
}

static void routes(const struct kmesh_compiled *c, struct diag *d)
{
	size_t i, k;

	for (i = 0; i < c->n_routes; i++) {
		const struct km_route *v = &c->routes[i];

		kind(d, "routes", i, "path kind", v->path_kind, KM_PATH_PREFIX,
		     KM_PATH_EXACT);
		text(d, "routes", i, "path", v->path, v->path_len, KM_PATH_LEN);
		range(d, "routes", i, "header matchers", v->first_header,
		      v->n_headers, c->n_headers);
		kind(d, "routes", i, "action", v->action, KM_ACT_CLUSTER,
		     KM_ACT_WEIGHTED);
		if (v->action == KM_ACT_CLUSTER)
			ref(d, "routes", i, "cluster", v->cluster_id,
			    c->n_clusters);
		if (v->action != KM_ACT_WEIGHTED)
			continue;
		if (!v->n_weighted || v->n_weighted > KM_MAX_WEIGHTED) {
			diag_add(d, "routes[%zu]: %u weighted clusters, not 1..%d",
				 i, v->n_weighted, KM_MAX_WEIGHTED);
			continue;
		}
		for (k = 0; k < v->n_weighted; k++) {
			ref(d, "routes", i, "cluster", v->weighted[k].cluster_id,
			    c->n_clusters);
			if (v->weighted[k].cum_weight <
			    (k ? v->weighted[k - 1].cum_weight : 0))
				diag_add(d, "routes[%zu]: cumulative weights decreasing at %zu",
					 i, k);
		}
		if (!v->total_weight ||
		    v->total_weight != v->weighted[v->n_weighted - 1].cum_weight)
			diag_add(d, "routes[%zu]: total weight %u, not the last cumulative weight",
				 i, v->total_weight);
	}
	for (i = 0; i < c->n_headers; i++) {
		const struct km_header *v = &c->headers[i];

		kind(d, "header_matchers", i, "kind", v->kind, KM_HDR_EXACT,
		     KM_HDR_CONTAINS);
		kind(d, "header_matchers", i, "source", v->source,
		     KM_HDR_SRC_FIELD, KM_HDR_SRC_AUTHORITY);
		if (v->flags & ~(KM_HDR_F_IGNORE_CASE | KM_HDR_F_MISSING_EMPTY))
			diag_add(d, "header_matchers[%zu]: unknown flags 0x%x", i,
				 v->flags);
		text(d, "header_matchers", i, "name", v->name, v->name_len,
		     KM_HDR_NAME_LEN);
		text(d, "header_matchers", i, "value", v->value, v->value_len,
		     KM_HDR_VALUE_LEN);
	}
}

static void clusters(const struct kmesh_compiled *c, struct diag *d)
{
	size_t i;

	for (i = 0; i < c->n_clusters; i++) {
		range(d, "clusters", i, "endpoints",
		      c->clusters[i].first_endpoint,
		      c->clusters[i].n_endpoints, c->n_endpoints);
		kind(d, "clusters", i, "lb_policy", c->clusters[i].lb_policy,
		     KM_LB_ROUND_ROBIN, KM_LB_LEAST_REQUEST);
	}
}

size_t kmesh_decompile_check(const struct kmesh_compiled *c, struct diag *d)
{
	size_t before = d->total;

	listeners(c, d);
	route_configs(c, d);
	routes(c, d);
	clusters(c, d);
	ratelimits(c, d);
	return d->total - before;
}

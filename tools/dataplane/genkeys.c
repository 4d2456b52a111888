// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The records of a generation, map by map, see genkeys.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "genkeys.h"

static const struct gk_map_info info[GK_MAPS] = {
	[GK_LISTENERS] = { "km_listeners", sizeof(struct km_listener_key),
			   sizeof(struct km_listener) },
	[GK_CHAINS] = { "km_chains", sizeof(struct km_key),
			sizeof(struct km_filter_chain) },
	[GK_FILTERS] = { "km_filters", sizeof(struct km_key),
			 sizeof(struct km_filter) },
	[GK_ROUTE_CONFIGS] = { "km_route_configs", sizeof(struct km_key),
			       sizeof(struct km_route_config) },
	[GK_VHOSTS] = { "km_vhosts", sizeof(struct km_key),
			sizeof(struct km_vhost) },
	[GK_DOMAINS] = { "km_domains", sizeof(struct km_key),
			 sizeof(struct km_domain) },
	[GK_EXACT_DOMAINS] = { "km_exact_domains", sizeof(struct km_domain_key),
			       sizeof(__u32) },
	[GK_ROUTES] = { "km_routes", sizeof(struct km_key),
			sizeof(struct km_route) },
	[GK_HEADERS] = { "km_headers", sizeof(struct km_key),
			 sizeof(struct km_header) },
	[GK_CLUSTERS] = { "km_clusters", sizeof(struct km_key),
			  sizeof(struct km_cluster) },
	[GK_ENDPOINTS] = { "km_endpoints", sizeof(struct km_key),
			   sizeof(struct km_endpoint) },
	[GK_RATELIMITS] = { "km_ratelimits", sizeof(struct km_key),
			    sizeof(struct km_ratelimit) },
	[GK_NAMES] = { "km_names", sizeof(struct km_name_key),
		       sizeof(struct km_name) },
};

const struct gk_map_info *gk_map_info(enum gk_map m)
{
	return m < GK_MAPS ? &info[m] : NULL;
}

/* A (gen, id) table of n records of size sz. */
static int each_table(const void *recs, size_t sz, size_t n, __u32 gen,
		      gk_fn fn, void *arg)
{
	struct km_key k = { .gen = gen };
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		k.id = (__u32)i;
		rc = fn(&k, (const char *)recs + i * sz, arg);
		if (rc)
			return rc;
	}
	return 0;
}

static int each_listener(const struct kmesh_compiled *c, __u32 gen, gk_fn fn,
			 void *arg)
{
	struct km_listener_key k;
	size_t i;
	int rc;

	for (i = 0; i < c->n_listeners; i++) {
		k = c->listeners[i].key;
		k.gen = gen;
		rc = fn(&k, &c->listeners[i].value, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* The first n_exact domains of each route config (maps.h). */
static int each_exact(const struct kmesh_compiled *c, __u32 gen, gk_fn fn,
		      void *arg)
{
	struct km_domain_key k;
	size_t i, j;
	int rc;

	for (i = 0; i < c->n_route_configs; i++) {
		const struct km_route_config *rc_ = &c->route_configs[i];

		for (j = 0; j < rc_->n_exact; j++) {
			const struct km_domain *d;

			if ((size_t)rc_->first_domain + j >= c->n_domains)
				break;
			d = &c->domains[rc_->first_domain + j];
			km_domain_key_of(&k, gen, (__u32)i, d);
			rc = fn(&k, &d->vhost_id, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}

bool gk_kind_counted(__u32 kind)
{
	return kind == KM_KIND_LISTENER || kind == KM_KIND_ROUTE ||
	       kind == KM_KIND_CLUSTER;
}

void gk_names_of(const struct kmesh_compiled *c,
		 struct gk_names out[GK_NAME_KINDS])
{
	const struct gk_names kinds[GK_NAME_KINDS] = {
		{ KM_KIND_LISTENER, c->listeners_names, c->n_listeners },
		{ KM_KIND_ROUTE, c->routes_names, c->n_routes },
		{ KM_KIND_CLUSTER, c->clusters_names, c->n_clusters },
		{ KM_KIND_ROUTE_CONFIG, c->route_configs_names,
		  c->n_route_configs },
		{ KM_KIND_VHOST, c->vhosts_names, c->n_vhosts },
		{ KM_KIND_CHAIN, c->chains_names, c->n_chains },
		{ KM_KIND_FILTER, c->filters_names, c->n_filters },
	};

	memcpy(out, kinds, sizeof(kinds));
}

/* The names of one kind: every object's of a counted kind (empty when it
 * has none), only the non-empty ones of the others. */
static int each_name(__u32 kind, char **names, size_t n, __u32 gen, gk_fn fn,
		     void *arg, size_t *count)
{
	struct km_name_key k = { .gen = gen, .kind = kind };
	struct km_name nm;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!gk_kind_counted(kind) && !(names && names[i] && names[i][0]))
			continue;
		if (count) {
			++*count;
			continue;
		}
		memset(&nm, 0, sizeof(nm));
		if (names && names[i])
			snprintf(nm.name, sizeof(nm.name), "%s", names[i]);
		k.id = (__u32)i;
		rc = fn(&k, &nm, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* Every name of c (count: only how many). */
static int each_names(const struct kmesh_compiled *c, __u32 gen, gk_fn fn,
		      void *arg, size_t *count)
{
	struct gk_names kinds[GK_NAME_KINDS];
	size_t i;
	int rc;

	gk_names_of(c, kinds);
	for (i = 0; i < GK_NAME_KINDS; i++) {
		rc = each_name(kinds[i].kind, kinds[i].names, kinds[i].n, gen,
			       fn, arg, count);
		if (rc)
			return rc;
	}
	return 0;
}

#define TABLE(field) \
	each_table(c->field, sizeof(*c->field), c->n_##field, gen, fn, arg)

int gk_each(const struct kmesh_compiled *c, __u32 gen, enum gk_map m,
	    gk_fn fn, void *arg)
{
	switch (m) {
	case GK_LISTENERS:
		return each_listener(c, gen, fn, arg);
	case GK_CHAINS:
		return TABLE(chains);
	case GK_FILTERS:
		return TABLE(filters);
	case GK_ROUTE_CONFIGS:
		return TABLE(route_configs);
	case GK_VHOSTS:
		return TABLE(vhosts);
	case GK_DOMAINS:
		return TABLE(domains);
	case GK_EXACT_DOMAINS:
		return each_exact(c, gen, fn, arg);
	case GK_ROUTES:
		return TABLE(routes);
	case GK_HEADERS:
		return TABLE(headers);
	case GK_CLUSTERS:
		return TABLE(clusters);
	case GK_ENDPOINTS:
		return TABLE(endpoints);
	case GK_RATELIMITS:
		return TABLE(ratelimits);
	case GK_NAMES:
		return each_names(c, gen, fn, arg, NULL);
	default:
		return 0;
	}
}

static int count_one(const void *key, const void *value, void *arg)
{
	(void)key;
	(void)value;
	++*(size_t *)arg;
	return 0;
}

size_t gk_count(const struct kmesh_compiled *c, enum gk_map m)
{
	size_t n = 0;

	if (m == GK_NAMES)
		each_names(c, 0, NULL, NULL, &n);
	else
		gk_each(c, 0, m, count_one, &n);
	return n;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The compile stage entry point (see compile.h): size the tables, then
 * compile listeners (compile_listener.c), route configs (compile_route.c,
 * compile_domain.c) and clusters (compile_cluster.c) in document order.
 * Their helpers are in compile_util.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

/* Keys are hashed bytewise and values copied as is: no hidden padding. */
_Static_assert(sizeof(struct km_key) == 8, "km_key padding");
_Static_assert(sizeof(struct km_listener_key) == 24, "listener key padding");
_Static_assert(sizeof(struct km_listener) == 16, "km_listener padding");
_Static_assert(sizeof(struct km_filter_chain) == 16 + 20 * KM_MAX_PREFIX_RANGES,
	       "km_filter_chain padding");
_Static_assert(sizeof(struct km_filter) == 16, "km_filter padding");
_Static_assert(sizeof(struct km_ratelimit) == 32, "km_ratelimit padding");
_Static_assert(sizeof(struct km_domain) == 8 + KM_DOMAIN_LEN + 3,
	       "km_domain padding");
_Static_assert(sizeof(struct km_route) == 32 + KM_PATH_LEN + 8 * KM_MAX_WEIGHTED,
	       "km_route padding");
_Static_assert(sizeof(struct km_header) ==
	       12 + KM_HDR_NAME_LEN + 2 * KM_HDR_VALUE_LEN, "km_header padding");
_Static_assert(sizeof(struct km_route_config) == 32, "km_route_config padding");
_Static_assert(sizeof(struct km_cluster) == 32, "km_cluster padding");
_Static_assert(sizeof(struct km_endpoint) == 32, "km_endpoint padding");
_Static_assert(sizeof(struct km_loader) == 24, "km_loader padding");

/* Table sizes: each total, capped at the table's capacity (ctable_room()
 * refuses the rest). */
struct totals {
	size_t n[CT_RATELIMITS + 1];
};

/* Rate limit records of a filter chain's filters. */
static size_t count_rl(const Kmesh__FilterChain *fc)
{
	size_t n = 0, i;

	for (i = 0; i < fc->n_filters; i++) {
		const Kmesh__Filter *f = fc->filters[i];

		n += f->config_case == KMESH__FILTER__CONFIG_LOCAL_RATELIMIT ||
		     (f->config_case ==
		      KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER &&
		      f->http_connection_manager->local_ratelimit);
	}
	return n;
}

static void count(const Kmesh__Config *cfg, struct totals *t)
{
	size_t i, j, k;

	memset(t, 0, sizeof(*t));
	t->n[CT_LISTENERS] = cfg->n_listeners;
	for (i = 0; i < cfg->n_listeners; i++) {
		t->n[CT_CHAINS] += cfg->listeners[i]->n_filter_chains;
		for (j = 0; j < cfg->listeners[i]->n_filter_chains; j++) {
			t->n[CT_FILTERS] +=
				cfg->listeners[i]->filter_chains[j]->n_filters;
			t->n[CT_RATELIMITS] +=
				count_rl(cfg->listeners[i]->filter_chains[j]);
		}
	}
	t->n[CT_ROUTE_CONFIGS] = cfg->n_route_configs;
	for (i = 0; i < cfg->n_route_configs; i++) {
		const Kmesh__RouteConfiguration *rc = cfg->route_configs[i];

		t->n[CT_VHOSTS] += rc->n_virtual_hosts;
		t->n[CT_RATELIMITS] += rc->local_ratelimit != NULL;
		for (j = 0; j < rc->n_virtual_hosts; j++) {
			const Kmesh__VirtualHost *vh = rc->virtual_hosts[j];

			t->n[CT_DOMAINS] += vh->n_domains;
			t->n[CT_ROUTES] += vh->n_routes;
			t->n[CT_RATELIMITS] += vh->local_ratelimit != NULL;
			for (k = 0; k < vh->n_routes; k++) {
				if (vh->routes[k]->match)
					t->n[CT_HEADERS] +=
						vh->routes[k]->match->n_headers;
				t->n[CT_RATELIMITS] +=
					vh->routes[k]->local_ratelimit != NULL;
			}
		}
	}
	t->n[CT_CLUSTERS] = cfg->n_clusters;
	for (i = 0; i < cfg->n_clusters; i++)
		t->n[CT_ENDPOINTS] += cfg->clusters[i]->n_endpoints;
	for (i = 0; i <= CT_RATELIMITS; i++)
		if (t->n[i] > ctable_cap(i))
			t->n[i] = ctable_cap(i);
}

#define ALLOC(c, field, n, named) do {					\
	(c)->field = calloc((n) + 1, sizeof(*(c)->field));		\
	if (named)							\
		(c)->field##_names = calloc((n) + 1, sizeof(char *));	\
	if (!(c)->field || ((named) && !(c)->field##_names))		\
		ok = false;						\
} while (0)

static bool alloc_tables(struct kmesh_compiled *c, const struct totals *t)
{
	bool ok = true;

	ALLOC(c, listeners, t->n[CT_LISTENERS], true);
	ALLOC(c, chains, t->n[CT_CHAINS], true);
	ALLOC(c, filters, t->n[CT_FILTERS], true);
	ALLOC(c, route_configs, t->n[CT_ROUTE_CONFIGS], true);
	ALLOC(c, vhosts, t->n[CT_VHOSTS], true);
	ALLOC(c, domains, t->n[CT_DOMAINS], false);
	ALLOC(c, routes, t->n[CT_ROUTES], true);
	ALLOC(c, headers, t->n[CT_HEADERS], false);
	ALLOC(c, clusters, t->n[CT_CLUSTERS], true);
	ALLOC(c, endpoints, t->n[CT_ENDPOINTS], false);
	ALLOC(c, ratelimits, t->n[CT_RATELIMITS], false);
	return ok;
}

static int index_names(struct nameset *set, size_t n, const void *const *objs,
		       size_t name_off)
{
	size_t i;

	if (nameset_init(set, n))
		return -1;
	for (i = 0; i < n; i++)
		nameset_add(set, *(const char *const *)((const char *)objs[i] +
							 name_off), i);
	return 0;
}

size_t kmesh_compile(const Kmesh__Config *cfg, struct kmesh_compiled *out,
		     struct diag *d)
{
	size_t errors = d->total, i;
	struct totals t;
	struct cctx x;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	x.cfg = cfg;
	x.c = out;
	x.d = d;
	path_init(&x.path);
	count(cfg, &t);
	if (!alloc_tables(out, &t) ||
	    index_names(&x.route_configs, cfg->n_route_configs,
			(const void *const *)cfg->route_configs,
			offsetof(Kmesh__RouteConfiguration, name)) ||
	    index_names(&x.clusters, cfg->n_clusters,
			(const void *const *)cfg->clusters,
			offsetof(Kmesh__Cluster, name))) {
		x.oom = true;
		goto out;
	}
	compile_listeners(&x);
	for (i = 0; i < cfg->n_route_configs; i++) {
		path_field(&x.path, "route_configs");
		path_index(&x.path, i);
		compile_route_config(&x, cfg->route_configs[i]);
		path_init(&x.path);
	}
	for (i = 0; i < cfg->n_clusters; i++) {
		path_field(&x.path, "clusters");
		path_index(&x.path, i);
		compile_cluster(&x, cfg->clusters[i], i);
		path_init(&x.path);
	}
out:
	if (x.oom)
		diag_add(d, "out of memory compiling the config");
	nameset_free(&x.route_configs);
	nameset_free(&x.clusters);
	if (d->total != errors)
		kmesh_compiled_free(out);
	return d->total - errors;
}

void kmesh_names_free(char **names, size_t n)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

#define FREE_TABLE(c, field) do {					\
	free((c)->field);						\
	kmesh_names_free((c)->field##_names, (c)->n_##field);		\
} while (0)

void kmesh_compiled_free(struct kmesh_compiled *c)
{
	FREE_TABLE(c, listeners);
	FREE_TABLE(c, chains);
	FREE_TABLE(c, filters);
	FREE_TABLE(c, route_configs);
	FREE_TABLE(c, vhosts);
	FREE_TABLE(c, domains);
	FREE_TABLE(c, routes);
	FREE_TABLE(c, headers);
	FREE_TABLE(c, clusters);
	FREE_TABLE(c, endpoints);
	FREE_TABLE(c, ratelimits);
	memset(c, 0, sizeof(*c));
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Config validation entry point: top-level limits, the name tables that
 * references resolve against, then each listener, route config and
 * cluster in document order (validate_listener.c, validate_route.c,
 * validate_cluster.c).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "validate.h"
#include "validate_int.h"

/* First index of every name (empty names are left out). */
static int index_names(struct nameset *set, size_t n, const void *const *objs,
		       const char *(*name_of)(const void *))
{
	size_t i;

	if (nameset_init(set, n))
		return -1;
	for (i = 0; i < n; i++)
		if (*name_of(objs[i]))
			nameset_add(set, name_of(objs[i]), i);
	return 0;
}

static const char *listener_name(const void *o)
{
	return ((const Kmesh__Listener *)o)->name;
}

static const char *route_config_name(const void *o)
{
	return ((const Kmesh__RouteConfiguration *)o)->name;
}

static const char *cluster_name(const void *o)
{
	return ((const Kmesh__Cluster *)o)->name;
}

static size_t first_index(const struct nameset *set, const char *name)
{
	size_t first = (size_t)-1;

	if (*name)
		nameset_find(set, name, &first);
	return first;
}

size_t config_validate(const Kmesh__Config *cfg, struct diag *d)
{
	struct vctx v;
	size_t errors = d->total, i;

	memset(&v, 0, sizeof(v));
	v.d = d;
	path_init(&v.path);
	check_count(&v, "listeners", cfg->n_listeners, KM_MAX_LISTENERS,
		    "listeners");
	check_count(&v, "route_configs", cfg->n_route_configs,
		    KM_MAX_ROUTE_CONFIGS, "route configs");
	check_count(&v, "clusters", cfg->n_clusters, KM_MAX_CLUSTERS, "clusters");

	v.addr_keys = calloc(cfg->n_listeners + 1, sizeof(*v.addr_keys));
	if (!v.addr_keys || nameset_init(&v.addresses, cfg->n_listeners) ||
	    index_names(&v.listeners, cfg->n_listeners,
			(const void *const *)cfg->listeners, listener_name) ||
	    index_names(&v.route_configs, cfg->n_route_configs,
			(const void *const *)cfg->route_configs,
			route_config_name) ||
	    index_names(&v.clusters, cfg->n_clusters,
			(const void *const *)cfg->clusters, cluster_name)) {
		diag_add(d, "out of memory validating the config");
		goto out;
	}

	for (i = 0; i < cfg->n_listeners; i++) {
		const Kmesh__Listener *l = cfg->listeners[i];

		path_field(&v.path, "listeners");
		path_index(&v.path, i);
		check_unique(&v, "listener", "listeners", l->name, i,
			     first_index(&v.listeners, l->name));
		validate_listener(&v, l, i);
		path_init(&v.path);
	}
	for (i = 0; i < cfg->n_route_configs; i++) {
		const Kmesh__RouteConfiguration *rc = cfg->route_configs[i];

		path_field(&v.path, "route_configs");
		path_index(&v.path, i);
		check_unique(&v, "route config", "route_configs", rc->name, i,
			     first_index(&v.route_configs, rc->name));
		validate_route_config(&v, rc);
		path_init(&v.path);
	}
	for (i = 0; i < cfg->n_clusters; i++) {
		const Kmesh__Cluster *c = cfg->clusters[i];

		path_field(&v.path, "clusters");
		path_index(&v.path, i);
		check_unique(&v, "cluster", "clusters", c->name, i,
			     first_index(&v.clusters, c->name));
		validate_cluster(&v, c);
		path_init(&v.path);
	}
out:
	nameset_free(&v.listeners);
	nameset_free(&v.route_configs);
	nameset_free(&v.clusters);
	nameset_free(&v.addresses);
	free(v.addr_keys);
	return d->total - errors;
}

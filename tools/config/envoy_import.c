// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Envoy -> kmesh.Config entry point (see envoy_import.h): the policy walk,
 * then the Bootstrap or lone resource, and the helpers of
 * envoy_import_int.h. Listeners: envoy_import_listener.c; route configs:
 * envoy_import_route.c; clusters: envoy_import_cluster.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_import_int.h"
#include "pbyaml/pballoc.h"

void imp_err(struct imp *x, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd_at(x->d, &x->path, field, fmt, ap);
	va_end(ap);
}

void imp_map(struct imp *x, const char *kfield, const char *field)
{
	size_t km = kfield ? path_field(&x->kp, kfield) : x->kp.len;
	size_t m = field ? path_field(&x->path, field) : x->path.len;

	pathmap_add(x->map, x->kp.buf, x->path.buf);
	path_pop(&x->kp, km);
	path_pop(&x->path, m);
}

void *imp_new(struct imp *x, const ProtobufCMessageDescriptor *desc)
{
	return pb_alloc_msg(&x->oom, desc);
}

char *imp_str(struct imp *x, const char *s)
{
	return pb_alloc_str(&x->oom, s);
}

void *imp_array(struct imp *x, size_t n, size_t *count)
{
	return pb_alloc_array(&x->oom, n, count);
}

size_t imp_add_route_config(struct imp *x, Kmesh__RouteConfiguration *rc)
{
	Kmesh__Config *cfg = x->cfg;
	size_t n = cfg->n_route_configs;

	if (n == x->rc_cap) {
		size_t cap = x->rc_cap ? 2 * x->rc_cap : 16;
		Kmesh__RouteConfiguration **v;

		v = realloc(cfg->route_configs, cap * sizeof(*v));
		if (!v) {
			x->oom = true;
			kmesh__route_configuration__free_unpacked(rc, NULL);
			return n;
		}
		cfg->route_configs = v;
		x->rc_cap = cap;
	}
	if (x->rc_names.n == x->rc_names.max &&
	    nameset_reserve(&x->rc_names, 2 * x->rc_names.max)) {
		x->oom = true;
		kmesh__route_configuration__free_unpacked(rc, NULL);
		return n;
	}
	nameset_add(&x->rc_names, rc->name, n);
	cfg->route_configs[n] = rc;
	return cfg->n_route_configs++;
}

bool imp_has_route_config(const struct imp *x, const char *name)
{
	return nameset_find(&x->rc_names, name, NULL);
}

Kmesh__Address *imp_address(struct imp *x, const EAddress *a)
{
	const ESocketAddress *sa;
	Kmesh__Address *k;

	if (!a || a->address_case !=
		  ENVOY__CONFIG__CORE__V3__ADDRESS__ADDRESS_SOCKET_ADDRESS)
		return NULL;
	sa = a->socket_address;
	k = imp_new(x, &kmesh__address__descriptor);
	if (!k)
		return NULL;
	k->address = imp_str(x, sa->address);
	if (sa->port_specifier_case ==
	    ENVOY__CONFIG__CORE__V3__SOCKET_ADDRESS__PORT_SPECIFIER_PORT_VALUE)
		k->port_value = sa->port_value;
	return k;
}

/* The top-level lists, each entry at its path (name[i]), in kmesh order:
 * route configs from RDS first (inline ones follow as listeners are
 * read), then listeners, then clusters. */
static void imp_bootstrap(struct imp *x, const EBootstrap *b)
{
	const EStatic *s = b->static_resources;
	Kmesh__Config *cfg = x->cfg;
	size_t i, n;

	for (i = 0; i < b->n_route_configurations; i++) {
		Kmesh__RouteConfiguration *rc;

		path_field(&x->path, "route_configurations");
		path_index(&x->path, i);
		path_field(&x->kp, "route_configs");
		path_index(&x->kp, cfg->n_route_configs);
		rc = imp_route_config(x, b->route_configurations[i],
				      b->route_configurations[i]->name);
		if (rc)
			imp_add_route_config(x, rc);
		path_init(&x->path);
		path_init(&x->kp);
	}
	if (!s)
		return;
	cfg->listeners = imp_array(x, s->n_listeners, &n);
	for (i = 0; i < n; i++) {
		path_field(&x->path, "static_resources");
		path_field(&x->path, "listeners");
		path_index(&x->path, i);
		path_field(&x->kp, "listeners");
		path_index(&x->kp, i);
		cfg->n_listeners = i + 1;
		imp_listener(x, s->listeners[i], &cfg->listeners[i]);
		path_init(&x->path);
		path_init(&x->kp);
	}
	cfg->clusters = imp_array(x, s->n_clusters, &n);
	for (i = 0; i < n; i++) {
		path_field(&x->path, "static_resources");
		path_field(&x->path, "clusters");
		path_index(&x->path, i);
		path_field(&x->kp, "clusters");
		path_index(&x->kp, i);
		cfg->n_clusters = i + 1;
		imp_cluster(x, s->clusters[i], &cfg->clusters[i]);
		path_init(&x->path);
		path_init(&x->kp);
	}
}

/* A lone resource: the one entry of its kmesh list, at the top level. */
static void imp_one(struct imp *x, const ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;
	Kmesh__Config *cfg = x->cfg;
	size_t n;

	if (desc == &envoy__config__listener__v3__listener__descriptor) {
		path_field(&x->kp, "listeners[0]");
		cfg->listeners = imp_array(x, 1, &n);
		cfg->n_listeners = n;
		if (n)
			imp_listener(x, (const EListener *)msg, &cfg->listeners[0]);
	} else if (desc == &envoy__config__route__v3__route_configuration__descriptor) {
		Kmesh__RouteConfiguration *rc;

		path_field(&x->kp, "route_configs[0]");
		rc = imp_route_config(x, (const ERouteConfig *)msg,
				      ((const ERouteConfig *)msg)->name);
		if (rc)
			imp_add_route_config(x, rc);
	} else if (desc == &envoy__config__cluster__v3__cluster__descriptor) {
		path_field(&x->kp, "clusters[0]");
		cfg->clusters = imp_array(x, 1, &n);
		cfg->n_clusters = n;
		if (n)
			imp_cluster(x, (const ECluster *)msg, &cfg->clusters[0]);
	} else {	/* ClusterLoadAssignment: its cluster's endpoints */
		const ECla *cla = (const ECla *)msg;
		Kmesh__Cluster *k;

		path_field(&x->kp, "clusters[0]");
		imp_map(x, NULL, NULL);
		cfg->clusters = imp_array(x, 1, &n);
		cfg->n_clusters = n;
		if (!n)
			return;
		k = cfg->clusters[0] = imp_new(x, &kmesh__cluster__descriptor);
		if (!k)
			return;
		k->name = imp_str(x, cla->cluster_name);
		imp_map(x, "name", "cluster_name");
		imp_endpoints(x, cla, k, NULL);
	}
}

Kmesh__Config *envoy_import(const ProtobufCMessage *msg, bool resolve,
			    struct pathmap *map, struct envoy_notes *notes,
			    struct diag *d)
{
	struct imp x;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.map = map;
	x.resolve = resolve;
	path_init(&x.path);
	path_init(&x.kp);
	envoy_policy_walk(msg, &x.path, d, notes);
	x.cfg = imp_new(&x, &kmesh__config__descriptor);
	if (!x.cfg || nameset_init(&x.rc_names, 16) ||
	    nameset_init(&x.inline_next, 16)) {
		x.oom = true;
		goto out;
	}
	if (msg->descriptor == &envoy__config__bootstrap__v3__bootstrap__descriptor) {
		x.b = (const EBootstrap *)msg;
		imp_bootstrap(&x, x.b);
	} else {
		imp_one(&x, msg);
	}
out:
	nameset_free(&x.rc_names);
	nameset_free(&x.inline_next);
	while (x.n_bases)
		free(x.bases[--x.n_bases]);
	free(x.bases);
	if (x.cfg && (x.oom || map->oom)) {
		kmesh__config__free_unpacked(x.cfg, NULL);
		return NULL;
	}
	return x.cfg;
}

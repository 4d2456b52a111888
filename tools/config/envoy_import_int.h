/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Internals of the Envoy import, shared by envoy_import*.c. */
#ifndef KMESH_TOOLS_ENVOY_IMPORT_INT_H
#define KMESH_TOOLS_ENVOY_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "pbyaml/envoy.h"
#include "envoy_import.h"
#include "lib/nameset.h"
#include "lib/path.h"

struct imp {
	struct diag *d;
	struct pathmap *map;
	struct kpath path;		/* input path of the current object */
	struct kpath kp;		/* its kmesh.Config path */
	Kmesh__Config *cfg;
	const EBootstrap *b;		/* NULL for a lone resource */
	bool resolve;
	bool oom;
	size_t rc_cap;			/* room in cfg->route_configs */
	struct nameset rc_names;	/* the names of cfg->route_configs */
	struct nameset inline_next;	/* inline_name(): per base name, the
					 * next ~N to try; the names in: */
	char **bases;
	size_t n_bases;
};

/* "PATH[.field]: message" at the current input path. */
void imp_err(struct imp *x, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The current kmesh path (kfield appended, if set) stands for the current
 * input path (field appended, if set). */
void imp_map(struct imp *x, const char *kfield, const char *field);
/* A new, initialized kmesh message (NULL and x->oom when out of memory). */
void *imp_new(struct imp *x, const ProtobufCMessageDescriptor *desc);
/* A copy of s ("" for NULL). */
char *imp_str(struct imp *x, const char *s);
/* An array of n pointers, zeroed, with *count = n (0 when n is 0). */
void *imp_array(struct imp *x, size_t n, size_t *count);
/* Append a route config to x->cfg; returns its index. */
size_t imp_add_route_config(struct imp *x, Kmesh__RouteConfiguration *rc);
/* Whether a route config of x->cfg has that name. */
bool imp_has_route_config(const struct imp *x, const char *name);
/* A kmesh Address from an Envoy one (NULL if it has no socket address). */
Kmesh__Address *imp_address(struct imp *x, const EAddress *a);

/* Local rate limits (envoy_import_ratelimit.c), at the current paths:
 * the network filter's; the HTTP filter's (per_route: in a
 * typed_per_filter_config, which needs a token bucket); and the
 * typed_per_filter_config map of a route config, virtual host or route
 * (its n entries), NULL when it has no local rate limit. */
Kmesh__LocalRateLimit *imp_net_rate_limit(struct imp *x, const ENetRateLimit *r);
Kmesh__LocalRateLimit *imp_http_rate_limit(struct imp *x,
					   const EHttpRateLimit *r,
					   bool per_route);
Kmesh__LocalRateLimit *imp_per_filter(struct imp *x,
				      ProtobufCMessage *const *entries,
				      size_t n);

void imp_listener(struct imp *x, const EListener *l, Kmesh__Listener **out);
/* The route config at the current paths (x->kp: route_configs[N]). */
Kmesh__RouteConfiguration *imp_route_config(struct imp *x,
					    const ERouteConfig *rc,
					    const char *name);
void imp_cluster(struct imp *x, const ECluster *c, Kmesh__Cluster **out);
/* The endpoints of cla (found at input path at) into k; dns: the name of
 * the DNS cluster type, when names are refused as such. */
void imp_endpoints(struct imp *x, const ECla *cla, Kmesh__Cluster *k,
		   const char *dns);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Internals of the Envoy export, shared by envoy_export*.c. */
#ifndef KMESH_TOOLS_ENVOY_EXPORT_INT_H
#define KMESH_TOOLS_ENVOY_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "envoy_export.h"

struct exp {
	const Kmesh__Config *cfg;
	size_t *uses;		/* per route config: HCMs naming it */
	bool *inlined;		/* per route config: written inline */
	bool oom;
};

void *exp_new(struct exp *x, const ProtobufCMessageDescriptor *desc);
char *exp_str(struct exp *x, const char *s);
void *exp_array(struct exp *x, size_t n, size_t *count);
EU32 *exp_u32(struct exp *x, uint32_t v);
/* Pack msg into a new Any and free msg (NULL when out of memory). */
EAny *exp_any(struct exp *x, ProtobufCMessage *msg);
EAddress *exp_address(struct exp *x, const Kmesh__Address *a);
/* The index of the route config named name, or cfg->n_route_configs. */
size_t exp_find_rc(const struct exp *x, const char *name);

/* Local rate limits (envoy_export_ratelimit.c): the network filter's
 * config; the HTTP filter; and the one-entry typed_per_filter_config map
 * (entries of type entry) of k, NULL with *n 0 for no k. */
ProtobufCMessage *exp_net_rate_limit(struct exp *x, const Kmesh__LocalRateLimit *k);
EHttpFilter *exp_http_rate_limit(struct exp *x, const Kmesh__LocalRateLimit *k);
void *exp_per_filter(struct exp *x, const ProtobufCMessageDescriptor *entry,
		     const Kmesh__LocalRateLimit *k, size_t *n);

EListener *exp_listener(struct exp *x, const Kmesh__Listener *l);
ERouteConfig *exp_route_config(struct exp *x, const Kmesh__RouteConfiguration *rc);
ECluster *exp_cluster(struct exp *x, const Kmesh__Cluster *c);

#endif

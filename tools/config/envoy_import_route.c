// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Envoy route configurations -> kmesh, see envoy_import_int.h. */
#include <inttypes.h>
#include <string.h>

#include "envoy_import_int.h"

#define HM(x) ENVOY__CONFIG__ROUTE__V3__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define SM(x) ENVOY__TYPE__MATCHER__V3__STRING_MATCHER__MATCH_PATTERN_##x

/* string_match: kmesh's StringMatcher, the same fields. */
static void imp_string_match(struct imp *x, const EStringMatcher *s,
			     Kmesh__HeaderMatcher *k)
{
	Kmesh__StringMatcher *m;

	if (s->match_pattern_case == SM(_NOT_SET)) {
		imp_err(x, "string_match", "no exact, prefix, suffix or contains");
		return;
	}
	m = k->string_match = imp_new(x, &kmesh__string_matcher__descriptor);
	if (!m)
		return;
	k->header_match_specifier_case =
		KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_STRING_MATCH;
	m->ignore_case = s->ignore_case;
	switch (s->match_pattern_case) {
	case SM(EXACT):
		m->exact = imp_str(x, s->exact);
		m->match_pattern_case = KMESH__STRING_MATCHER__MATCH_PATTERN_EXACT;
		break;
	case SM(PREFIX):
		m->prefix = imp_str(x, s->prefix);
		m->match_pattern_case = KMESH__STRING_MATCHER__MATCH_PATTERN_PREFIX;
		break;
	case SM(SUFFIX):
		m->suffix = imp_str(x, s->suffix);
		m->match_pattern_case = KMESH__STRING_MATCHER__MATCH_PATTERN_SUFFIX;
		break;
	case SM(CONTAINS):
		m->contains = imp_str(x, s->contains);
		m->match_pattern_case = KMESH__STRING_MATCHER__MATCH_PATTERN_CONTAINS;
		break;
	default:
		break;	/* refused by the policy */
	}
}

static void imp_header(struct imp *x, const EHeaderMatcher *h,
		       Kmesh__HeaderMatcher **out)
{
	Kmesh__HeaderMatcher *k;

	k = *out = imp_new(x, &kmesh__header_matcher__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, h->name);
	k->invert_match = h->invert_match;
	k->treat_missing_header_as_empty = h->treat_missing_header_as_empty;
	switch (h->header_match_specifier_case) {
	case HM(EXACT_MATCH):
		k->exact_match = imp_str(x, h->exact_match);
		k->header_match_specifier_case =
			KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_EXACT_MATCH;
		break;
	case HM(PREFIX_MATCH):
		k->prefix_match = imp_str(x, h->prefix_match);
		k->header_match_specifier_case =
			KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_PREFIX_MATCH;
		break;
	case HM(SUFFIX_MATCH):
		k->suffix_match = imp_str(x, h->suffix_match);
		k->header_match_specifier_case =
			KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_SUFFIX_MATCH;
		break;
	case HM(CONTAINS_MATCH):
		k->contains_match = imp_str(x, h->contains_match);
		k->header_match_specifier_case =
			KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_CONTAINS_MATCH;
		break;
	case HM(PRESENT_MATCH):
		k->present_match = h->present_match;
		k->header_match_specifier_case =
			KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_PRESENT_MATCH;
		break;
	case HM(STRING_MATCH):
		imp_string_match(x, h->string_match, k);
		break;
	default:
		break;	/* none: present (Envoy's default), or refused */
	}
}

static void imp_match(struct imp *x, const ERouteMatch *m,
		      Kmesh__RouteMatch **out)
{
	Kmesh__RouteMatch *k;
	size_t i, n;

	if (!m)
		return;
	k = *out = imp_new(x, &kmesh__route_match__descriptor);
	if (!k)
		return;
	if (m->path_specifier_case ==
	    ENVOY__CONFIG__ROUTE__V3__ROUTE_MATCH__PATH_SPECIFIER_PREFIX) {
		k->prefix = imp_str(x, m->prefix);
		k->path_specifier_case = KMESH__ROUTE_MATCH__PATH_SPECIFIER_PREFIX;
	} else if (m->path_specifier_case ==
		   ENVOY__CONFIG__ROUTE__V3__ROUTE_MATCH__PATH_SPECIFIER_PATH) {
		k->path = imp_str(x, m->path);
		k->path_specifier_case = KMESH__ROUTE_MATCH__PATH_SPECIFIER_PATH;
	}
	if (m->case_sensitive && !m->case_sensitive->value)
		imp_err(x, "case_sensitive", "false is not supported: kmesh matches paths case-sensitively");
	k->headers = imp_array(x, m->n_headers, &n);
	k->n_headers = n;
	for (i = 0; i < n; i++) {
		size_t mk = path_field(&x->path, "headers");
		size_t km = path_field(&x->kp, "headers");

		path_index(&x->path, i);
		path_index(&x->kp, i);
		imp_header(x, m->headers[i], &k->headers[i]);
		path_pop(&x->path, mk);
		path_pop(&x->kp, km);
	}
}

static void imp_weighted(struct imp *x, const EWeighted *w,
			 Kmesh__WeightedCluster **out)
{
	Kmesh__WeightedCluster *k;
	uint64_t sum = 0;
	size_t i, n;

	k = *out = imp_new(x, &kmesh__weighted_cluster__descriptor);
	if (!k)
		return;
	k->clusters = imp_array(x, w->n_clusters, &n);
	k->n_clusters = n;
	for (i = 0; i < n; i++) {
		const EClusterWeight *cw = w->clusters[i];
		Kmesh__WeightedCluster__ClusterWeight *c;

		c = k->clusters[i] = imp_new(x,
			&kmesh__weighted_cluster__cluster_weight__descriptor);
		if (!c)
			return;
		c->name = imp_str(x, cw->name);
		c->weight = cw->weight ? cw->weight->value : 0;
		sum += c->weight;
	}
	/* Envoy: "must equal this value, if this is greater than 0" */
	if (w->total_weight && w->total_weight->value &&
	    w->total_weight->value != sum)
		imp_err(x, "total_weight", "%" PRIu32 " is not the sum of the weights (%" PRIu64 ")",
			w->total_weight->value, sum);
}

static void imp_action(struct imp *x, const ERouteAction *a,
		       Kmesh__RouteAction **out)
{
	Kmesh__RouteAction *k;

	k = *out = imp_new(x, &kmesh__route_action__descriptor);
	if (!k)
		return;
	switch (a->cluster_specifier_case) {
	case ENVOY__CONFIG__ROUTE__V3__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER:
		k->cluster = imp_str(x, a->cluster);
		k->cluster_specifier_case =
			KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER;
		break;
	case ENVOY__CONFIG__ROUTE__V3__ROUTE_ACTION__CLUSTER_SPECIFIER_WEIGHTED_CLUSTERS: {
		size_t m = path_field(&x->path, "weighted_clusters");

		k->cluster_specifier_case =
			KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_WEIGHTED_CLUSTERS;
		imp_weighted(x, a->weighted_clusters, &k->weighted_clusters);
		path_pop(&x->path, m);
		break;
	}
	default:
		break;	/* none (validation says so) or refused */
	}
}

static void imp_route(struct imp *x, const ERoute *r, Kmesh__Route **out)
{
	Kmesh__Route *k;
	size_t m, km;

	k = *out = imp_new(x, &kmesh__route__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, r->name);
	m = path_field(&x->path, "match");
	km = path_field(&x->kp, "match");
	imp_match(x, r->match, &k->match);
	path_pop(&x->path, m);
	path_pop(&x->kp, km);
	if (r->action_case == ENVOY__CONFIG__ROUTE__V3__ROUTE__ACTION_ROUTE) {
		m = path_field(&x->path, "route");
		imp_action(x, r->route, &k->route);
		path_pop(&x->path, m);
	}
	k->local_ratelimit = imp_per_filter(x,
		(ProtobufCMessage *const *)r->typed_per_filter_config,
		r->n_typed_per_filter_config);
}

static void imp_vhost(struct imp *x, const EVirtualHost *vh,
		      Kmesh__VirtualHost **out)
{
	Kmesh__VirtualHost *k;
	size_t i, n;

	k = *out = imp_new(x, &kmesh__virtual_host__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, vh->name);
	k->local_ratelimit = imp_per_filter(x,
		(ProtobufCMessage *const *)vh->typed_per_filter_config,
		vh->n_typed_per_filter_config);
	k->domains = imp_array(x, vh->n_domains, &n);
	k->n_domains = n;
	for (i = 0; i < n; i++)
		k->domains[i] = imp_str(x, vh->domains[i]);
	k->routes = imp_array(x, vh->n_routes, &n);
	k->n_routes = n;
	for (i = 0; i < n; i++) {
		size_t m = path_field(&x->path, "routes");
		size_t km = path_field(&x->kp, "routes");

		path_index(&x->path, i);
		path_index(&x->kp, i);
		imp_route(x, vh->routes[i], &k->routes[i]);
		path_pop(&x->path, m);
		path_pop(&x->kp, km);
	}
}

Kmesh__RouteConfiguration *imp_route_config(struct imp *x,
					    const ERouteConfig *rc,
					    const char *name)
{
	Kmesh__RouteConfiguration *k;
	size_t i, n;

	k = imp_new(x, &kmesh__route_configuration__descriptor);
	if (!k)
		return NULL;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, name);
	k->ignore_port_in_host_matching = rc->ignore_port_in_host_matching;
	k->local_ratelimit = imp_per_filter(x,
		(ProtobufCMessage *const *)rc->typed_per_filter_config,
		rc->n_typed_per_filter_config);
	k->virtual_hosts = imp_array(x, rc->n_virtual_hosts, &n);
	k->n_virtual_hosts = n;
	for (i = 0; i < n; i++) {
		size_t m = path_field(&x->path, "virtual_hosts");
		size_t km = path_field(&x->kp, "virtual_hosts");

		path_index(&x->path, i);
		path_index(&x->kp, i);
		imp_vhost(x, rc->virtual_hosts[i], &k->virtual_hosts[i]);
		path_pop(&x->path, m);
		path_pop(&x->kp, km);
	}
	return k;
}

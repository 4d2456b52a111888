// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmesh route configs and clusters -> Envoy, see envoy_export_int.h. */
#include <stdlib.h>

#include "envoy_export_int.h"

#define KH(x) KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define EH(x) ENVOY__CONFIG__ROUTE__V3__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define SM(x) ENVOY__TYPE__MATCHER__V3__STRING_MATCHER__MATCH_PATTERN_##x

/* A kmesh StringMatcher as Envoy's. */
static EStringMatcher *string_match(struct exp *x, const Kmesh__StringMatcher *k)
{
	EStringMatcher *s = exp_new(x, &envoy__type__matcher__v3__string_matcher__descriptor);

	if (!s)
		return NULL;
	s->ignore_case = k->ignore_case;
	switch (k->match_pattern_case) {
	case KMESH__STRING_MATCHER__MATCH_PATTERN_EXACT:
		s->exact = exp_str(x, k->exact);
		s->match_pattern_case = SM(EXACT);
		break;
	case KMESH__STRING_MATCHER__MATCH_PATTERN_PREFIX:
		s->prefix = exp_str(x, k->prefix);
		s->match_pattern_case = SM(PREFIX);
		break;
	case KMESH__STRING_MATCHER__MATCH_PATTERN_SUFFIX:
		s->suffix = exp_str(x, k->suffix);
		s->match_pattern_case = SM(SUFFIX);
		break;
	case KMESH__STRING_MATCHER__MATCH_PATTERN_CONTAINS:
		s->contains = exp_str(x, k->contains);
		s->match_pattern_case = SM(CONTAINS);
		break;
	default:
		break;
	}
	return s;
}

/* The string_match of a flat matcher (exact_match and the others are
 * deprecated in Envoy), of value v and pattern p. */
static EStringMatcher *flat_match(struct exp *x, const char *v, uint32_t p)
{
	Kmesh__StringMatcher k = KMESH__STRING_MATCHER__INIT;

	k.match_pattern_case = p;
	k.exact = k.prefix = k.suffix = k.contains = (char *)v;
	return string_match(x, &k);
}

/*
 * A kmesh header matcher as Envoy's. exact_match "" (any value) becomes
 * present_match: string_match.exact "" would be the empty value only.
 */
static EHeaderMatcher *header(struct exp *x, const Kmesh__HeaderMatcher *k)
{
	EHeaderMatcher *h = exp_new(x, &envoy__config__route__v3__header_matcher__descriptor);
	EStringMatcher *s = NULL;

	if (!h)
		return NULL;
	h->name = exp_str(x, k->name);
	h->invert_match = k->invert_match;
	h->treat_missing_header_as_empty = k->treat_missing_header_as_empty;
	switch (k->header_match_specifier_case) {
	case KH(PRESENT_MATCH):
		h->present_match = k->present_match;
		h->header_match_specifier_case = EH(PRESENT_MATCH);
		return h;
	case KH(EXACT_MATCH):
		if (!*k->exact_match) {
			h->present_match = 1;
			h->header_match_specifier_case = EH(PRESENT_MATCH);
			return h;
		}
		s = flat_match(x, k->exact_match, KMESH__STRING_MATCHER__MATCH_PATTERN_EXACT);
		break;
	case KH(PREFIX_MATCH):
		s = flat_match(x, k->prefix_match, KMESH__STRING_MATCHER__MATCH_PATTERN_PREFIX);
		break;
	case KH(SUFFIX_MATCH):
		s = flat_match(x, k->suffix_match, KMESH__STRING_MATCHER__MATCH_PATTERN_SUFFIX);
		break;
	case KH(CONTAINS_MATCH):
		s = flat_match(x, k->contains_match, KMESH__STRING_MATCHER__MATCH_PATTERN_CONTAINS);
		break;
	case KH(STRING_MATCH):
		s = string_match(x, k->string_match);
		break;
	default:	/* only a name: present */
		return h;
	}
	if (s) {
		h->string_match = s;
		h->header_match_specifier_case = EH(STRING_MATCH);
	}
	return h;
}

static ERouteAction *action(struct exp *x, const Kmesh__RouteAction *k)
{
	ERouteAction *a;
	EWeighted *w;
	size_t i, n;

	if (!k)
		return NULL;
	a = exp_new(x, &envoy__config__route__v3__route_action__descriptor);
	if (!a)
		return NULL;
	if (k->cluster_specifier_case == KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER) {
		a->cluster = exp_str(x, k->cluster);
		a->cluster_specifier_case = ENVOY__CONFIG__ROUTE__V3__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER;
		return a;
	}
	if (k->cluster_specifier_case != KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_WEIGHTED_CLUSTERS)
		return a;
	w = a->weighted_clusters = exp_new(x, &envoy__config__route__v3__weighted_cluster__descriptor);
	if (!w)
		return a;
	a->cluster_specifier_case = ENVOY__CONFIG__ROUTE__V3__ROUTE_ACTION__CLUSTER_SPECIFIER_WEIGHTED_CLUSTERS;
	w->clusters = exp_array(x, k->weighted_clusters ? k->weighted_clusters->n_clusters : 0, &n);
	for (i = 0; i < n; i++) {
		const Kmesh__WeightedCluster__ClusterWeight *kc = k->weighted_clusters->clusters[i];
		EClusterWeight *c = exp_new(x, &envoy__config__route__v3__weighted_cluster__cluster_weight__descriptor);

		w->clusters[i] = c;
		w->n_clusters = i + 1;
		if (!c)
			break;
		c->name = exp_str(x, kc->name);
		if (kc->weight)
			c->weight = exp_u32(x, kc->weight);
	}
	return a;
}

static ERoute *route(struct exp *x, const Kmesh__Route *k)
{
	ERoute *r = exp_new(x, &envoy__config__route__v3__route__descriptor);
	const Kmesh__RouteMatch *km = k->match;
	ERouteMatch *m;
	size_t i, n;

	if (!r)
		return NULL;
	r->name = exp_str(x, k->name);
	r->route = action(x, k->route);
	if (r->route)
		r->action_case = ENVOY__CONFIG__ROUTE__V3__ROUTE__ACTION_ROUTE;
	r->typed_per_filter_config = exp_per_filter(x,
		&envoy__config__route__v3__route__typed_per_filter_config_entry__descriptor,
		k->local_ratelimit, &r->n_typed_per_filter_config);
	if (!km)
		return r;
	m = r->match = exp_new(x, &envoy__config__route__v3__route_match__descriptor);
	if (!m)
		return r;
	if (km->path_specifier_case == KMESH__ROUTE_MATCH__PATH_SPECIFIER_PREFIX) {
		m->prefix = exp_str(x, km->prefix);
		m->path_specifier_case = ENVOY__CONFIG__ROUTE__V3__ROUTE_MATCH__PATH_SPECIFIER_PREFIX;
	} else if (km->path_specifier_case == KMESH__ROUTE_MATCH__PATH_SPECIFIER_PATH) {
		m->path = exp_str(x, km->path);
		m->path_specifier_case = ENVOY__CONFIG__ROUTE__V3__ROUTE_MATCH__PATH_SPECIFIER_PATH;
	}
	m->headers = exp_array(x, km->n_headers, &n);
	for (i = 0; i < n; i++) {
		m->headers[i] = header(x, km->headers[i]);
		m->n_headers = i + 1;
	}
	return r;
}

ERouteConfig *exp_route_config(struct exp *x, const Kmesh__RouteConfiguration *k)
{
	ERouteConfig *rc = exp_new(x, &envoy__config__route__v3__route_configuration__descriptor);
	size_t i, j, n, nr;

	if (!rc)
		return NULL;
	rc->name = exp_str(x, k->name);
	rc->ignore_port_in_host_matching = k->ignore_port_in_host_matching;
	rc->typed_per_filter_config = exp_per_filter(x,
		&envoy__config__route__v3__route_configuration__typed_per_filter_config_entry__descriptor,
		k->local_ratelimit, &rc->n_typed_per_filter_config);
	rc->virtual_hosts = exp_array(x, k->n_virtual_hosts, &n);
	for (i = 0; i < n; i++) {
		const Kmesh__VirtualHost *kv = k->virtual_hosts[i];
		EVirtualHost *v = exp_new(x, &envoy__config__route__v3__virtual_host__descriptor);

		rc->virtual_hosts[i] = v;
		rc->n_virtual_hosts = i + 1;
		if (!v)
			break;
		v->name = exp_str(x, kv->name);
		v->typed_per_filter_config = exp_per_filter(x,
			&envoy__config__route__v3__virtual_host__typed_per_filter_config_entry__descriptor,
			kv->local_ratelimit, &v->n_typed_per_filter_config);
		v->domains = exp_array(x, kv->n_domains, &nr);
		for (j = 0; j < nr; j++) {
			v->domains[j] = exp_str(x, kv->domains[j]);
			v->n_domains = j + 1;
		}
		v->routes = exp_array(x, kv->n_routes, &nr);
		for (j = 0; j < nr; j++) {
			v->routes[j] = route(x, kv->routes[j]);
			v->n_routes = j + 1;
		}
	}
	return rc;
}

static int lb_policy(Kmesh__Cluster__LbPolicy p)
{
	switch (p) {
	case KMESH__CLUSTER__LB_POLICY__RANDOM:
		return ENVOY__CONFIG__CLUSTER__V3__CLUSTER__LB_POLICY__RANDOM;
	case KMESH__CLUSTER__LB_POLICY__LEAST_REQUEST:
		return ENVOY__CONFIG__CLUSTER__V3__CLUSTER__LB_POLICY__LEAST_REQUEST;
	default:
		return ENVOY__CONFIG__CLUSTER__V3__CLUSTER__LB_POLICY__ROUND_ROBIN;
	}
}

static ECla *endpoints(struct exp *x, const Kmesh__Cluster *k)
{
	ECla *cla = exp_new(x, &envoy__config__endpoint__v3__cluster_load_assignment__descriptor);
	ELocality *loc;
	size_t i, n;

	if (!cla)
		return NULL;
	cla->cluster_name = exp_str(x, k->name);
	cla->endpoints = exp_array(x, 1, &n);
	if (!n)
		return cla;
	loc = cla->endpoints[0] = exp_new(x, &envoy__config__endpoint__v3__locality_lb_endpoints__descriptor);
	cla->n_endpoints = 1;
	if (!loc)
		return cla;
	loc->lb_endpoints = exp_array(x, k->n_endpoints, &n);
	for (i = 0; i < n; i++) {
		const Kmesh__Endpoint *ke = k->endpoints[i];
		ELbEndpoint *lb = exp_new(x, &envoy__config__endpoint__v3__lb_endpoint__descriptor);
		EEndpoint *e = exp_new(x, &envoy__config__endpoint__v3__endpoint__descriptor);

		loc->lb_endpoints[i] = lb;
		loc->n_lb_endpoints = i + 1;
		if (!lb || !e) {
			free(e);
			break;
		}
		lb->endpoint = e;
		lb->host_identifier_case = ENVOY__CONFIG__ENDPOINT__V3__LB_ENDPOINT__HOST_IDENTIFIER_ENDPOINT;
		e->address = exp_address(x, ke->address);
		if (ke->weight)
			lb->load_balancing_weight = exp_u32(x, ke->weight);
	}
	return cla;
}

ECluster *exp_cluster(struct exp *x, const Kmesh__Cluster *k)
{
	ECluster *c = exp_new(x, &envoy__config__cluster__v3__cluster__descriptor);
	EThresholds *t;
	size_t n;

	if (!c)
		return NULL;
	c->name = exp_str(x, k->name);
	c->cluster_discovery_type_case = ENVOY__CONFIG__CLUSTER__V3__CLUSTER__CLUSTER_DISCOVERY_TYPE_TYPE;
	c->type = ENVOY__CONFIG__CLUSTER__V3__CLUSTER__DISCOVERY_TYPE__STATIC;
	c->lb_policy = lb_policy(k->lb_policy);
	if (k->circuit_breakers) {
		c->circuit_breakers = exp_new(x, &envoy__config__cluster__v3__circuit_breakers__descriptor);
		if (c->circuit_breakers) {
			c->circuit_breakers->thresholds = exp_array(x, 1, &n);
			c->circuit_breakers->n_thresholds = n;
			if (n) {
				t = c->circuit_breakers->thresholds[0] = exp_new(x, &envoy__config__cluster__v3__circuit_breakers__thresholds__descriptor);
				if (t)
					t->max_connections = exp_u32(x, k->circuit_breakers->max_connections);
			}
		}
	}
	if (k->n_endpoints)
		c->load_assignment = endpoints(x, k);
	return c;
}

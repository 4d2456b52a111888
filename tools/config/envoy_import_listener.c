// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Envoy listeners, filter chains and network filters -> kmesh, see
 * envoy_import_int.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envoy_import_int.h"
#include "pbyaml/pbwkt.h"

#define ROUTER "envoy.filters.http.router"

/* A name for an inline route config: its own, unless empty or taken by
 * another route config (inline route configs are private to their
 * connection manager in Envoy, so two may share a name); then one made
 * from the listener's. */
/* Remember that base~k is the last name inline_name() made of base (a
 * copy of base: the message it is in is freed before the import ends). */
static void remember(struct imp *x, const char *base, size_t k)
{
	struct nameset *s = &x->inline_next;
	char **v, *copy;

	/* x->bases has room for s->max names */
	if (s->n == s->max || !x->bases) {
		if (s->n == s->max && nameset_reserve(s, 2 * s->max))
			return;		/* later names take longer to find */
		v = realloc(x->bases, s->max * sizeof(*v));
		if (!v)
			return;
		x->bases = v;
	}
	copy = strdup(base);
	if (!copy)
		return;
	x->bases[x->n_bases++] = copy;
	nameset_add(s, copy, k);
}

static char *inline_name(struct imp *x, const char *name, const char *listener)
{
	const char *base = *name ? name : listener;
	size_t *next = nameset_index(&x->inline_next, base);
	char buf[320];
	size_t k = next ? *next : 1;

	if (*name && !imp_has_route_config(x, name))
		return imp_str(x, name);
	/* names are only added: every base~N below k is taken */
	for (;; k++) {
		snprintf(buf, sizeof(buf), "%s~%zu", base, k);
		if (!imp_has_route_config(x, buf))
			break;
	}
	if (next)
		*next = k;
	else
		remember(x, base, k);
	return imp_str(x, buf);
}

static bool is_router(const EHttpFilter *f)
{
	const char *url;

	if (f->config_type_case !=
	    ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_FILTER__CONFIG_TYPE_TYPED_CONFIG)
		return !strcmp(f->name, ROUTER);
	url = f->typed_config->type_url;
	return pbwkt_find_type(url) ==
	       &envoy__extensions__filters__http__router__v3__router__descriptor;
}

/* The HTTP local rate limit filter f, after the router if router is
 * set, into m (the one before it: seen). */
static void imp_http_filter_rl(struct imp *x, const EHttpFilter *f,
			       Kmesh__HttpConnectionManager *m, bool router,
			       bool seen)
{
	const ProtobufCMessageDescriptor *td;
	ProtobufCMessage *inner;
	size_t km, mark;

	/* each one reported, and the config read on for its own problems */
	if (router)
		imp_err(x, NULL, "after the router: it would never run");
	if (seen)
		imp_err(x, NULL, "a second local rate limit: kmesh implements one per connection manager");
	if (strcmp(f->name, ENVOY_HTTP_RATE_LIMIT))
		imp_err(x, "name", "\"%s\": kmesh needs the name " ENVOY_HTTP_RATE_LIMIT
			", under which routes' typed_per_filter_config name it",
			f->name);
	inner = pbwkt_unpack(&f->typed_config->base, &td);
	if (!inner)
		return;		/* broken: reported by the policy */
	km = path_field(&x->kp, "http_connection_manager");
	path_field(&x->kp, "local_ratelimit");
	mark = path_field(&x->path, "typed_config");
	imp_map(x, NULL, NULL);
	if (m->local_ratelimit)		/* a second one: read, not kept */
		kmesh__local_rate_limit__free_unpacked(
			imp_http_rate_limit(x, (const EHttpRateLimit *)inner,
					    false), NULL);
	else
		m->local_ratelimit =
			imp_http_rate_limit(x, (const EHttpRateLimit *)inner,
					    false);
	path_pop(&x->path, mark);
	path_pop(&x->kp, km);
	protobuf_c_message_free_unpacked(inner, NULL);
}

static bool is_rate_limit(const EHttpFilter *f)
{
	return f->config_type_case ==
	       ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_FILTER__CONFIG_TYPE_TYPED_CONFIG &&
	       pbwkt_find_type(f->typed_config->type_url) ==
	       &envoy__extensions__filters__http__local_ratelimit__v3__local_rate_limit__descriptor;
}

/* The router, and at most one local rate limit before it. */
static void imp_http_filters(struct imp *x, const EHcm *h,
			     Kmesh__HttpConnectionManager *m)
{
	bool router = false, seen = false;
	size_t i, m2;

	for (i = 0; i < h->n_http_filters; i++) {
		const EHttpFilter *f = h->http_filters[i];

		m2 = path_field(&x->path, "http_filters");
		path_index(&x->path, i);
		if (is_router(f)) {
			router = true;
		} else if (is_rate_limit(f)) {
			imp_http_filter_rl(x, f, m, router, seen);
			seen = true;
		} else if (!strcmp(f->name, ENVOY_HTTP_RATE_LIMIT)) {
			imp_err(x, "typed_config", "required (a LocalRateLimit)");
		} else {
			imp_err(x, NULL, "only the router (" ROUTER ") and the local rate limit (" ENVOY_HTTP_RATE_LIMIT ") are supported among HTTP filters, not \"%s\"",
				f->name);
		}
		path_pop(&x->path, m2);
	}
}

static void imp_hcm(struct imp *x, const EHcm *h, Kmesh__Filter *k,
		    const char *listener)
{
	Kmesh__HttpConnectionManager *m;
	size_t mark, km;

	m = k->http_connection_manager =
		imp_new(x, &kmesh__http_connection_manager__descriptor);
	if (!m)
		return;
	k->config_case = KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER;
	imp_map(x, "http_connection_manager", "typed_config");
	mark = path_field(&x->path, "typed_config");
	m->stat_prefix = imp_str(x, h->stat_prefix);
	imp_http_filters(x, h, m);
	m->strip_any_host_port = h->strip_port_mode_case ==
		ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__STRIP_PORT_MODE_STRIP_ANY_HOST_PORT &&
		h->strip_any_host_port;
	m->strip_matching_host_port = h->strip_matching_host_port;
	switch (h->route_specifier_case) {
	case ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__ROUTE_SPECIFIER_RDS:
		m->route_config_name = imp_str(x, h->rds->route_config_name);
		km = path_field(&x->kp, "http_connection_manager");
		imp_map(x, "route_config_name", "rds.route_config_name");
		path_pop(&x->kp, km);
		break;
	case ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__ROUTE_SPECIFIER_ROUTE_CONFIG: {
		struct kpath kp = x->kp;
		Kmesh__RouteConfiguration *rc;
		size_t m2 = path_field(&x->path, "route_config");

		m->route_config_name = inline_name(x, h->route_config->name,
						   listener);
		path_init(&x->kp);
		path_field(&x->kp, "route_configs");
		path_index(&x->kp, x->cfg->n_route_configs);
		rc = imp_route_config(x, h->route_config, m->route_config_name);
		if (rc)
			imp_add_route_config(x, rc);
		x->kp = kp;
		path_pop(&x->path, m2);
		break;
	}
	case ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__ROUTE_SPECIFIER__NOT_SET:
		imp_err(x, NULL, "no rds or route_config");
		break;
	default:
		break;	/* scoped_routes: refused by the policy */
	}
	path_pop(&x->path, mark);
}

static void imp_tcp(struct imp *x, const ETcpProxy *t, Kmesh__Filter *k)
{
	Kmesh__TcpProxy *p;

	p = k->tcp_proxy = imp_new(x, &kmesh__tcp_proxy__descriptor);
	if (!p)
		return;
	k->config_case = KMESH__FILTER__CONFIG_TCP_PROXY;
	imp_map(x, "tcp_proxy", "typed_config");
	p->stat_prefix = imp_str(x, t->stat_prefix);
	if (t->cluster_specifier_case ==
	    ENVOY__EXTENSIONS__FILTERS__NETWORK__TCP_PROXY__V3__TCP_PROXY__CLUSTER_SPECIFIER_CLUSTER)
		p->cluster = imp_str(x, t->cluster);
}

static void imp_net_rl(struct imp *x, const ENetRateLimit *r, Kmesh__Filter *k)
{
	size_t km = path_field(&x->kp, "local_ratelimit");
	size_t mark = path_field(&x->path, "typed_config");

	imp_map(x, NULL, NULL);
	k->local_ratelimit = imp_net_rate_limit(x, r);
	if (k->local_ratelimit)
		k->config_case = KMESH__FILTER__CONFIG_LOCAL_RATELIMIT;
	path_pop(&x->path, mark);
	path_pop(&x->kp, km);
}

static void imp_filter(struct imp *x, const EFilter *f, Kmesh__Filter **out,
		       const char *listener)
{
	const ProtobufCMessageDescriptor *td;
	ProtobufCMessage *inner;
	Kmesh__Filter *k;

	k = *out = imp_new(x, &kmesh__filter__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, f->name);
	if (f->config_type_case ==
	    ENVOY__CONFIG__LISTENER__V3__FILTER__CONFIG_TYPE_CONFIG_DISCOVERY)
		return;		/* refused by the policy */
	if (f->config_type_case !=
	    ENVOY__CONFIG__LISTENER__V3__FILTER__CONFIG_TYPE_TYPED_CONFIG) {
		imp_err(x, "typed_config", "required (an HttpConnectionManager, a TcpProxy or a LocalRateLimit)");
		return;
	}
	inner = pbwkt_unpack(&f->typed_config->base, &td);
	if (!inner)
		return;		/* unknown or broken: reported by the policy */
	if (td == &envoy__extensions__filters__network__http_connection_manager__v3__http_connection_manager__descriptor)
		imp_hcm(x, (const EHcm *)inner, k, listener);
	else if (td == &envoy__extensions__filters__network__tcp_proxy__v3__tcp_proxy__descriptor)
		imp_tcp(x, (const ETcpProxy *)inner, k);
	else if (td == &envoy__extensions__filters__network__local_ratelimit__v3__local_rate_limit__descriptor)
		imp_net_rl(x, (const ENetRateLimit *)inner, k);
	else
		imp_err(x, "typed_config", "%s is not a network filter kmesh implements (HttpConnectionManager, TcpProxy or LocalRateLimit)",
			td->name);
	protobuf_c_message_free_unpacked(inner, NULL);
}

static void imp_match(struct imp *x, const EFilterChainMatch *m,
		      Kmesh__FilterChainMatch **out)
{
	Kmesh__FilterChainMatch *k;
	size_t i, n;

	if (!m)
		return;
	k = *out = imp_new(x, &kmesh__filter_chain_match__descriptor);
	if (!k)
		return;
	if (m->destination_port)
		k->destination_port = m->destination_port->value;
	k->prefix_ranges = imp_array(x, m->n_prefix_ranges, &n);
	for (i = 0; i < n; i++) {
		const ECidrRange *r = m->prefix_ranges[i];
		Kmesh__CidrRange *c;

		c = k->prefix_ranges[i] = imp_new(x, &kmesh__cidr_range__descriptor);
		k->n_prefix_ranges = i + 1;
		if (!c)
			return;
		c->address_prefix = imp_str(x, r->address_prefix);
		if (r->prefix_len)
			c->prefix_len = r->prefix_len->value;
	}
}

static void imp_chain(struct imp *x, const EFilterChain *fc,
		      Kmesh__FilterChain **out, const char *listener)
{
	Kmesh__FilterChain *k;
	size_t i, n;

	k = *out = imp_new(x, &kmesh__filter_chain__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, fc->name);
	imp_match(x, fc->filter_chain_match, &k->filter_chain_match);
	k->filters = imp_array(x, fc->n_filters, &n);
	k->n_filters = n;
	for (i = 0; i < n; i++) {
		size_t m = path_field(&x->path, "filters");
		size_t km = path_field(&x->kp, "filters");

		path_index(&x->path, i);
		path_index(&x->kp, i);
		imp_filter(x, fc->filters[i], &k->filters[i], listener);
		path_pop(&x->path, m);
		path_pop(&x->kp, km);
	}
}

void imp_listener(struct imp *x, const EListener *l, Kmesh__Listener **out)
{
	Kmesh__Listener *k;
	size_t i, n;

	k = *out = imp_new(x, &kmesh__listener__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, l->name);
	k->address = imp_address(x, l->address);
	if (k->address)
		imp_map(x, "address", "address.socket_address");
	k->filter_chains = imp_array(x, l->n_filter_chains, &n);
	k->n_filter_chains = n;
	for (i = 0; i < n; i++) {
		size_t m = path_field(&x->path, "filter_chains");
		size_t km = path_field(&x->kp, "filter_chains");

		path_index(&x->path, i);
		path_index(&x->kp, i);
		imp_chain(x, l->filter_chains[i], &k->filter_chains[i], l->name);
		path_pop(&x->path, m);
		path_pop(&x->kp, km);
	}
}

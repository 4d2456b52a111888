// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmesh listeners -> Envoy, see envoy_export_int.h. */
#include "envoy_export_int.h"

#define ROUTER "envoy.filters.http.router"

static EHttpFilter *router(struct exp *x)
{
	EHttpFilter *f = exp_new(x, &envoy__extensions__filters__network__http_connection_manager__v3__http_filter__descriptor);

	if (!f)
		return NULL;
	f->name = exp_str(x, ROUTER);
	f->typed_config = exp_any(x, exp_new(x, &envoy__extensions__filters__http__router__v3__router__descriptor));
	if (f->typed_config)
		f->config_type_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_FILTER__CONFIG_TYPE_TYPED_CONFIG;
	return f;
}

static ProtobufCMessage *hcm(struct exp *x, const Kmesh__HttpConnectionManager *k)
{
	EHcm *h = exp_new(x, &envoy__extensions__filters__network__http_connection_manager__v3__http_connection_manager__descriptor);
	size_t r, n;

	if (!h)
		return NULL;
	h->stat_prefix = exp_str(x, k->stat_prefix);
	if (k->strip_any_host_port) {
		h->strip_any_host_port = 1;
		h->strip_port_mode_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__STRIP_PORT_MODE_STRIP_ANY_HOST_PORT;
	}
	h->strip_matching_host_port = k->strip_matching_host_port;
	r = exp_find_rc(x, k->route_config_name);
	if (r < x->cfg->n_route_configs && x->uses[r] == 1) {
		x->inlined[r] = true;
		h->route_config = exp_route_config(x, x->cfg->route_configs[r]);
		if (h->route_config)
			h->route_specifier_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__ROUTE_SPECIFIER_ROUTE_CONFIG;
	} else {
		h->rds = exp_new(x, &envoy__extensions__filters__network__http_connection_manager__v3__rds__descriptor);
		if (h->rds) {
			h->rds->route_config_name = exp_str(x, k->route_config_name);
			h->route_specifier_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_CONNECTION_MANAGER__ROUTE_SPECIFIER_RDS;
		}
	}
	h->http_filters = exp_array(x, k->local_ratelimit ? 2 : 1, &n);
	if (n == 2)
		h->http_filters[h->n_http_filters++] =
			exp_http_rate_limit(x, k->local_ratelimit);
	if (n)
		h->http_filters[h->n_http_filters++] = router(x);
	return &h->base;
}

static ProtobufCMessage *tcp(struct exp *x, const Kmesh__TcpProxy *k)
{
	ETcpProxy *t = exp_new(x, &envoy__extensions__filters__network__tcp_proxy__v3__tcp_proxy__descriptor);

	if (!t)
		return NULL;
	t->stat_prefix = exp_str(x, k->stat_prefix);
	if (*k->cluster) {
		t->cluster = exp_str(x, k->cluster);
		t->cluster_specifier_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__TCP_PROXY__V3__TCP_PROXY__CLUSTER_SPECIFIER_CLUSTER;
	}
	return &t->base;
}

static EFilter *filter(struct exp *x, const Kmesh__Filter *k)
{
	EFilter *f = exp_new(x, &envoy__config__listener__v3__filter__descriptor);
	ProtobufCMessage *m = NULL;

	if (!f)
		return NULL;
	f->name = exp_str(x, k->name);
	if (k->config_case == KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER)
		m = hcm(x, k->http_connection_manager);
	else if (k->config_case == KMESH__FILTER__CONFIG_TCP_PROXY)
		m = tcp(x, k->tcp_proxy);
	else if (k->config_case == KMESH__FILTER__CONFIG_LOCAL_RATELIMIT)
		m = exp_net_rate_limit(x, k->local_ratelimit);
	f->typed_config = exp_any(x, m);
	if (f->typed_config)
		f->config_type_case = ENVOY__CONFIG__LISTENER__V3__FILTER__CONFIG_TYPE_TYPED_CONFIG;
	return f;
}

static EFilterChainMatch *match(struct exp *x, const Kmesh__FilterChainMatch *k)
{
	EFilterChainMatch *m;
	size_t i, n;

	if (!k)
		return NULL;
	m = exp_new(x, &envoy__config__listener__v3__filter_chain_match__descriptor);
	if (!m)
		return NULL;
	if (k->destination_port)
		m->destination_port = exp_u32(x, k->destination_port);
	m->prefix_ranges = exp_array(x, k->n_prefix_ranges, &n);
	for (i = 0; i < n; i++) {
		ECidrRange *r = exp_new(x, &envoy__config__core__v3__cidr_range__descriptor);

		m->prefix_ranges[i] = r;
		m->n_prefix_ranges = i + 1;
		if (!r)
			break;
		r->address_prefix = exp_str(x, k->prefix_ranges[i]->address_prefix);
		if (k->prefix_ranges[i]->prefix_len)
			r->prefix_len = exp_u32(x, k->prefix_ranges[i]->prefix_len);
	}
	return m;
}

EListener *exp_listener(struct exp *x, const Kmesh__Listener *k)
{
	EListener *l = exp_new(x, &envoy__config__listener__v3__listener__descriptor);
	size_t i, j, n, nf;

	if (!l)
		return NULL;
	l->name = exp_str(x, k->name);
	l->address = exp_address(x, k->address);
	l->filter_chains = exp_array(x, k->n_filter_chains, &n);
	for (i = 0; i < n; i++) {
		const Kmesh__FilterChain *kc = k->filter_chains[i];
		EFilterChain *fc = exp_new(x, &envoy__config__listener__v3__filter_chain__descriptor);

		l->filter_chains[i] = fc;
		l->n_filter_chains = i + 1;
		if (!fc)
			break;
		fc->name = exp_str(x, kc->name);
		fc->filter_chain_match = match(x, kc->filter_chain_match);
		fc->filters = exp_array(x, kc->n_filters, &nf);
		for (j = 0; j < nf; j++) {
			fc->filters[j] = filter(x, kc->filters[j]);
			fc->n_filters = j + 1;
		}
	}
	return l;
}

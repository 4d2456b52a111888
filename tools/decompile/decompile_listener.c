// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Decompiling listeners, their filter chains and filters, see
 * decompile_int.h. */
#include "decompile_int.h"

static Kmesh__Filter *filter(struct dctx *x, size_t id)
{
	const struct km_filter *v = &x->c->filters[id];
	Kmesh__Filter *m = dnew_msg(x, &kmesh__filter__descriptor);
	const char *name = dgiven(x->c->filters_names, id);

	if (!m)
		return NULL;
	if (name)
		m->name = dstrdup(x, name);
	if (v->type == KM_FILTER_HCM) {
		m->http_connection_manager =
			dnew_msg(x, &kmesh__http_connection_manager__descriptor);
		if (!m->http_connection_manager)
			return m;
		m->config_case = KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER;
		m->http_connection_manager->route_config_name =
			dstrdup(x, x->route_configs[v->target]);
		m->http_connection_manager->strip_any_host_port =
			(v->flags & KM_FILTER_F_STRIP_ANY_PORT) != 0;
		m->http_connection_manager->strip_matching_host_port =
			(v->flags & KM_FILTER_F_STRIP_MATCHING_PORT) != 0;
		m->http_connection_manager->local_ratelimit =
			drate_limit(x, v->rl);
	} else if (v->type == KM_FILTER_LOCAL_RATELIMIT) {
		m->local_ratelimit = drate_limit(x, v->target + 1);
		if (m->local_ratelimit)
			m->config_case = KMESH__FILTER__CONFIG_LOCAL_RATELIMIT;
	} else {
		m->tcp_proxy = dnew_msg(x, &kmesh__tcp_proxy__descriptor);
		if (!m->tcp_proxy)
			return m;
		m->config_case = KMESH__FILTER__CONFIG_TCP_PROXY;
		m->tcp_proxy->cluster = dstrdup(x, x->clusters[v->target]);
	}
	return m;
}

static Kmesh__CidrRange *prefix(struct dctx *x, const struct km_cidr *p)
{
	Kmesh__CidrRange *m = dnew_msg(x, &kmesh__cidr_range__descriptor);
	bool v4 = p->family ? p->family == KM_AF_INET :
		  dis_v4(p->addr) && p->len >= 96;	/* by an older kmeshctl */

	if (m) {
		m->address_prefix = daddr_text(x, p->addr, v4);
		m->prefix_len = v4 ? p->len - 96u : p->len;
	}
	return m;
}

static Kmesh__FilterChain *chain(struct dctx *x, size_t id)
{
	const struct km_filter_chain *v = &x->c->chains[id];
	Kmesh__FilterChain *m = dnew_msg(x, &kmesh__filter_chain__descriptor);
	Kmesh__FilterChainMatch *fm;
	const char *name = dgiven(x->c->chains_names, id);
	size_t i;

	if (!m)
		return NULL;
	if (name)
		m->name = dstrdup(x, name);
	if (v->dst_port || v->n_prefixes) {
		fm = m->filter_chain_match =
			dnew_msg(x, &kmesh__filter_chain_match__descriptor);
		if (!fm)
			return m;
		fm->destination_port = v->dst_port;
		if (!REPEATED(x, fm, prefix_ranges, v->n_prefixes))
			return m;
		for (i = 0; i < v->n_prefixes && !x->oom; i++)
			if ((fm->prefix_ranges[i] = prefix(x, &v->prefixes[i])))
				fm->n_prefix_ranges++;
	}
	if (!REPEATED(x, m, filters, v->n_filters))
		return m;
	for (i = 0; i < v->n_filters && !x->oom; i++)
		if ((m->filters[i] = filter(x, v->first_filter + i)))
			m->n_filters++;
	return m;
}

Kmesh__Listener *decompile_listener(struct dctx *x, size_t id)
{
	const struct km_listener_entry *e = &x->c->listeners[id];
	Kmesh__Listener *m = dnew_msg(x, &kmesh__listener__descriptor);
	size_t i;

	if (!m)
		return NULL;
	m->name = dstrdup(x, x->listeners[id]);
	m->address = daddress(x, e->key.addr, e->key.port);
	if (!REPEATED(x, m, filter_chains, e->value.n_chains))
		return m;
	for (i = 0; i < e->value.n_chains && !x->oom; i++)
		if ((m->filter_chains[i] = chain(x, e->value.first_chain + i)))
			m->n_filter_chains++;
	return m;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Compiling listeners, their filter chains and filters, see compile_int.h. */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

static void compile_prefix(struct km_cidr *p, const Kmesh__CidrRange *r)
{
	/* an IPv6 literal (even v4-mapped) has an IPv6 length */
	__u32 len = r->prefix_len + (strchr(r->address_prefix, ':') ? 0 : 96);
	__u32 i;

	caddr(r->address_prefix, p->addr);
	p->len = (__u8)len;
	p->family = strchr(r->address_prefix, ':') ? KM_AF_INET6 : KM_AF_INET;
	for (i = 0; i < 16; i++, len = len >= 8 ? len - 8 : 0)
		if (len < 8)
			p->addr[i] &= (__u8)(0xff00 >> len);
}

static void compile_filter(struct cctx *x, const Kmesh__Filter *f, __u32 chain)
{
	struct kmesh_compiled *c = x->c;
	struct km_filter *v;
	size_t mark;
	__u32 id;

	if (!ctable_room(x, CT_FILTERS, c->n_filters))
		return;
	id = (__u32)c->n_filters;
	v = &c->filters[id];
	v->chain_id = chain;
	switch (f->config_case) {
	case KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER:
		v->type = KM_FILTER_HCM;
		v->target = cref(&x->route_configs,
				 f->http_connection_manager->route_config_name);
		if (f->http_connection_manager->strip_any_host_port)
			v->flags |= KM_FILTER_F_STRIP_ANY_PORT;
		if (f->http_connection_manager->strip_matching_host_port)
			v->flags |= KM_FILTER_F_STRIP_MATCHING_PORT;
		mark = path_field(&x->path, "http_connection_manager");
		v->rl = crate_limit(x, f->http_connection_manager->local_ratelimit,
				    KM_RL_HCM, id);
		path_pop(&x->path, mark);
		break;
	case KMESH__FILTER__CONFIG_LOCAL_RATELIMIT:
		v->type = KM_FILTER_LOCAL_RATELIMIT;
		v->target = crate_limit(x, f->local_ratelimit, KM_RL_FILTER, id);
		v->target = v->target ? v->target - 1 : 0;
		break;
	default:
		v->type = KM_FILTER_TCP_PROXY;
		v->target = cref(&x->clusters, f->tcp_proxy->cluster);
		break;
	}
	c->filters_names[c->n_filters++] = cname(x, f->name);
}

static void compile_chain(struct cctx *x, const Kmesh__FilterChain *fc,
			  __u32 listener)
{
	struct kmesh_compiled *c = x->c;
	const Kmesh__FilterChainMatch *m = fc->filter_chain_match;
	struct km_filter_chain *v;
	size_t i, mark;
	__u32 id;

	if (!ctable_room(x, CT_CHAINS, c->n_chains))
		return;
	id = (__u32)c->n_chains;
	v = &c->chains[id];
	v->listener_id = listener;
	v->first_filter = (__u32)c->n_filters;
	v->n_filters = (__u8)fc->n_filters;
	if (m) {
		v->dst_port = (__u16)m->destination_port;
		v->n_prefixes = (__u8)m->n_prefix_ranges;
		for (i = 0; i < m->n_prefix_ranges; i++)
			compile_prefix(&v->prefixes[i], m->prefix_ranges[i]);
	}
	c->chains_names[c->n_chains++] = cname(x, fc->name);
	for (i = 0; i < fc->n_filters; i++) {
		mark = path_field(&x->path, "filters");
		path_index(&x->path, i);
		compile_filter(x, fc->filters[i], id);
		path_pop(&x->path, mark);
	}
}

static int key_cmp(const void *a, const void *b, void *keys)
{
	const struct km_listener_entry *e = keys;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = memcmp(&e[i].key, &e[j].key, sizeof(e[i].key));

	return r ? r : (i > j) - (i < j);
}

/* Validation compared addresses as text, so "1.2.3.4" and
 * "::ffff:1.2.3.4" passed; as keys they are the same. */
static void check_keys(struct cctx *x)
{
	struct kmesh_compiled *c = x->c;
	size_t n = c->n_listeners, i, *order, *first;

	order = calloc(n + 1, sizeof(*order));
	first = calloc(n + 1, sizeof(*first));
	if (!order || !first) {
		x->oom = true;
		goto out;
	}
	for (i = 0; i < n; i++)
		order[i] = first[i] = i;
	qsort_r(order, n, sizeof(*order), key_cmp, c->listeners);
	for (i = 1; i < n; i++)
		if (!memcmp(&c->listeners[order[i]].key,
			    &c->listeners[order[i - 1]].key,
			    sizeof(c->listeners[0].key)))
			first[order[i]] = first[order[i - 1]];
	for (i = 0; i < n; i++) {
		if (first[i] == i)
			continue;
		path_field(&x->path, "listeners");
		path_index(&x->path, i);
		cerr(x, "address", "same address and port as listeners[%zu] once IPv4 is v4-mapped",
		     first[i]);
		path_init(&x->path);
	}
out:
	free(order);
	free(first);
}

void compile_listeners(struct cctx *x)
{
	struct kmesh_compiled *c = x->c;
	size_t i, j, mark;

	for (i = 0; i < x->cfg->n_listeners; i++) {
		const Kmesh__Listener *l = x->cfg->listeners[i];
		struct km_listener_entry *e;

		path_field(&x->path, "listeners");
		path_index(&x->path, i);
		if (!ctable_room(x, CT_LISTENERS, c->n_listeners)) {
			path_init(&x->path);
			break;
		}
		e = &c->listeners[c->n_listeners];
		caddr(l->address->address, e->key.addr);
		e->key.port = (__u16)l->address->port_value;
		e->key.protocol = KM_PROTO_TCP;
		e->value.id = (__u32)i;
		e->value.first_chain = (__u32)c->n_chains;
		e->value.n_chains = (__u32)l->n_filter_chains;
		c->listeners_names[c->n_listeners++] = cname(x, l->name);
		for (j = 0; j < l->n_filter_chains; j++) {
			mark = path_field(&x->path, "filter_chains");
			path_index(&x->path, j);
			compile_chain(x, l->filter_chains[j], (__u32)i);
			path_pop(&x->path, mark);
		}
		path_init(&x->path);
	}
	check_keys(x);
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmesh.Config -> Envoy Bootstrap (see envoy_export.h) and the helpers of
 * envoy_export_int.h. Listeners: envoy_export_listener.c; route configs
 * and clusters: envoy_export_route.c.
 */
#include <stdlib.h>
#include <string.h>

#include "envoy_export_int.h"
#include "pbyaml/pballoc.h"
#include "pbyaml/pbwkt.h"

void *exp_new(struct exp *x, const ProtobufCMessageDescriptor *desc)
{
	return pb_alloc_msg(&x->oom, desc);
}

char *exp_str(struct exp *x, const char *s)
{
	return pb_alloc_str(&x->oom, s);
}

void *exp_array(struct exp *x, size_t n, size_t *count)
{
	return pb_alloc_array(&x->oom, n, count);
}

EU32 *exp_u32(struct exp *x, uint32_t v)
{
	EU32 *w = exp_new(x, &google__protobuf__uint32_value__descriptor);

	if (w)
		w->value = v;
	return w;
}

EAny *exp_any(struct exp *x, ProtobufCMessage *msg)
{
	EAny *a = msg ? exp_new(x, &google__protobuf__any__descriptor) : NULL;

	if (a && pbwkt_pack(&a->base, msg)) {
		x->oom = true;
		protobuf_c_message_free_unpacked(&a->base, NULL);
		a = NULL;
	}
	if (msg)
		protobuf_c_message_free_unpacked(msg, NULL);
	return a;
}

EAddress *exp_address(struct exp *x, const Kmesh__Address *a)
{
	EAddress *e;
	ESocketAddress *s;

	if (!a)
		return NULL;
	e = exp_new(x, &envoy__config__core__v3__address__descriptor);
	s = exp_new(x, &envoy__config__core__v3__socket_address__descriptor);
	if (!e || !s) {
		free(e);
		free(s);
		return NULL;
	}
	e->address_case = ENVOY__CONFIG__CORE__V3__ADDRESS__ADDRESS_SOCKET_ADDRESS;
	e->socket_address = s;
	s->address = exp_str(x, a->address);
	s->port_specifier_case =
		ENVOY__CONFIG__CORE__V3__SOCKET_ADDRESS__PORT_SPECIFIER_PORT_VALUE;
	s->port_value = a->port_value;
	return e;
}

size_t exp_find_rc(const struct exp *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->cfg->n_route_configs; i++)
		if (!strcmp(x->cfg->route_configs[i]->name, name))
			break;
	return i;
}

/* How many connection managers name each route config. */
static void count_uses(struct exp *x)
{
	const Kmesh__Config *cfg = x->cfg;
	size_t i, j, k, r;

	for (i = 0; i < cfg->n_listeners; i++) {
		const Kmesh__Listener *l = cfg->listeners[i];

		for (j = 0; j < l->n_filter_chains; j++) {
			const Kmesh__FilterChain *fc = l->filter_chains[j];

			for (k = 0; k < fc->n_filters; k++) {
				const Kmesh__Filter *f = fc->filters[k];

				if (f->config_case !=
				    KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER)
					continue;
				r = exp_find_rc(x, f->http_connection_manager->route_config_name);
				if (r < cfg->n_route_configs)
					x->uses[r]++;
			}
		}
	}
}

EBootstrap *envoy_export(const Kmesh__Config *cfg)
{
	struct exp x = { .cfg = cfg };
	EBootstrap *b;
	EStatic *s;
	size_t i, n, k;

	x.uses = calloc(cfg->n_route_configs + 1, sizeof(*x.uses));
	x.inlined = calloc(cfg->n_route_configs + 1, sizeof(*x.inlined));
	b = exp_new(&x, &envoy__config__bootstrap__v3__bootstrap__descriptor);
	s = exp_new(&x, &envoy__config__bootstrap__v3__bootstrap__static_resources__descriptor);
	if (!x.uses || !x.inlined || !b || !s) {
		free(b);
		free(s);
		b = NULL;
		goto out;
	}
	b->static_resources = s;
	count_uses(&x);
	s->listeners = exp_array(&x, cfg->n_listeners, &n);
	for (i = 0; i < n; i++) {
		s->listeners[i] = exp_listener(&x, cfg->listeners[i]);
		s->n_listeners = i + 1;
	}
	s->clusters = exp_array(&x, cfg->n_clusters, &n);
	for (i = 0; i < n; i++) {
		s->clusters[i] = exp_cluster(&x, cfg->clusters[i]);
		s->n_clusters = i + 1;
	}
	for (i = 0, n = 0; i < cfg->n_route_configs; i++)
		n += !x.inlined[i];
	b->route_configurations = exp_array(&x, n, &n);
	for (i = 0, k = 0; k < n && i < cfg->n_route_configs; i++) {
		if (x.inlined[i])
			continue;
		b->route_configurations[k++] = exp_route_config(&x, cfg->route_configs[i]);
		b->n_route_configurations = k;
	}
	if (!s->n_listeners && !s->n_clusters) {
		b->static_resources = NULL;
		protobuf_c_message_free_unpacked(&s->base, NULL);
	}
out:
	if (x.oom && b) {
		protobuf_c_message_free_unpacked(&b->base, NULL);
		b = NULL;
	}
	free(x.uses);
	free(x.inlined);
	return b;
}

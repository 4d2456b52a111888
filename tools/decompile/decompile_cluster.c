// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Decompiling a cluster and its endpoints, see decompile_int.h. */
#include "decompile_int.h"
#include "lib/limits.h"

static Kmesh__Endpoint *endpoint(struct dctx *x, size_t id)
{
	const struct km_endpoint *v = &x->c->endpoints[id];
	Kmesh__Endpoint *m = dnew_msg(x, &kmesh__endpoint__descriptor);

	if (!m)
		return NULL;
	m->address = daddress(x, v->addr, v->port);
	m->weight = v->weight == KM_MIN_ENDPOINT_WEIGHT ? 0 : v->weight;
	return m;
}

Kmesh__Cluster *decompile_cluster(struct dctx *x, size_t id)
{
	const struct km_cluster *v = &x->c->clusters[id];
	Kmesh__Cluster *m = dnew_msg(x, &kmesh__cluster__descriptor);
	size_t i;

	if (!m)
		return NULL;
	m->name = dstrdup(x, x->clusters[id]);
	m->lb_policy = (Kmesh__Cluster__LbPolicy)v->lb_policy;
	if (v->max_connections != KM_DEFAULT_MAX_CONNECTIONS) {
		m->circuit_breakers =
			dnew_msg(x, &kmesh__circuit_breakers__descriptor);
		if (!m->circuit_breakers)
			return m;
		m->circuit_breakers->max_connections = v->max_connections;
	}
	if (!REPEATED(x, m, endpoints, v->n_endpoints))
		return m;
	for (i = 0; i < v->n_endpoints && !x->oom; i++)
		if ((m->endpoints[i] = endpoint(x, v->first_endpoint + i)))
			m->n_endpoints++;
	return m;
}

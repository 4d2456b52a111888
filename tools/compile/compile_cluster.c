// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Compiling a cluster and its endpoints, see compile_int.h. */
#include "compile_int.h"
#include "lib/limits.h"

_Static_assert((int)KM_LB_ROUND_ROBIN == (int)KMESH__CLUSTER__LB_POLICY__ROUND_ROBIN &&
	       (int)KM_LB_RANDOM == (int)KMESH__CLUSTER__LB_POLICY__RANDOM &&
	       (int)KM_LB_LEAST_REQUEST ==
		       (int)KMESH__CLUSTER__LB_POLICY__LEAST_REQUEST,
	       "lb policy values");

void compile_cluster(struct cctx *x, const Kmesh__Cluster *cl, size_t i)
{
	struct kmesh_compiled *c = x->c;
	struct km_cluster *v;
	size_t k, mark;

	if (!ctable_room(x, CT_CLUSTERS, c->n_clusters))
		return;
	v = &c->clusters[c->n_clusters];
	c->clusters_names[c->n_clusters++] = cname(x, cl->name);
	v->id = (__u32)i;
	v->lb_policy = (__u8)cl->lb_policy;	/* same values, see maps.h */
	v->max_connections = cl->circuit_breakers ?
			     cl->circuit_breakers->max_connections :
			     KM_DEFAULT_MAX_CONNECTIONS;
	v->first_endpoint = (__u32)c->n_endpoints;
	for (k = 0; k < cl->n_endpoints; k++) {
		const Kmesh__Endpoint *e = cl->endpoints[k];
		struct km_endpoint *ep;

		mark = path_field(&x->path, "endpoints");
		path_index(&x->path, k);
		if (ctable_room(x, CT_ENDPOINTS, c->n_endpoints)) {
			ep = &c->endpoints[c->n_endpoints++];
			ep->cluster_id = (__u32)i;
			ep->family = caddr(e->address->address, ep->addr);
			ep->port = (__u16)e->address->port_value;
			ep->weight = (__u8)(e->weight ? e->weight :
					    KM_MIN_ENDPOINT_WEIGHT);
			v->total_weight += ep->weight;
			v->n_endpoints++;
		}
		path_pop(&x->path, mark);
	}
}

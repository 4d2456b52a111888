// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Compiling a route config: virtual hosts, routes and actions (header
 * matchers: compile_header.c, domains: compile_domain.c). See
 * compile_int.h. */
#include <string.h>

#include "compile_int.h"

static void compile_action(struct cctx *x, const Kmesh__RouteAction *a,
			   struct km_route *v)
{
	const Kmesh__WeightedCluster *wc;
	__u32 sum = 0;
	size_t i;

	if (a->cluster_specifier_case ==
	    KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER) {
		v->action = KM_ACT_CLUSTER;
		v->cluster_id = cref(&x->clusters, a->cluster);
		return;
	}
	wc = a->weighted_clusters;
	v->action = KM_ACT_WEIGHTED;
	v->n_weighted = (__u8)wc->n_clusters;
	for (i = 0; i < wc->n_clusters; i++) {
		sum += wc->clusters[i]->weight;	/* validated: < 2^32 */
		v->weighted[i].cluster_id =
			cref(&x->clusters, wc->clusters[i]->name);
		v->weighted[i].cum_weight = sum;
	}
	v->total_weight = sum;
}

/* inherited: the rate limit of the route's virtual host or route
 * config (km_route.rl), which its own overrides. */
static void compile_route(struct cctx *x, const Kmesh__Route *r, __u32 vhost,
			  __u32 inherited)
{
	struct kmesh_compiled *c = x->c;
	const Kmesh__RouteMatch *m = r->match;
	bool prefix = m->path_specifier_case ==
		      KMESH__ROUTE_MATCH__PATH_SPECIFIER_PREFIX;
	const char *path = prefix ? m->prefix : m->path;
	struct km_route *v;
	size_t i, mark;
	bool ok;
	__u32 id;

	mark = path_field(&x->path, "match");
	ok = cfits(x, prefix ? "prefix" : "path", path, KM_PATH_LEN);
	path_pop(&x->path, mark);
	if (!ctable_room(x, CT_ROUTES, c->n_routes))
		return;
	id = (__u32)c->n_routes;
	v = &c->routes[id];
	v->id = id;
	v->vhost_id = vhost;
	v->path_kind = prefix ? KM_PATH_PREFIX : KM_PATH_EXACT;
	if (ok)
		v->path_len = (__u16)cstore(v->path, path, false);
	v->first_header = (__u32)c->n_headers;
	v->n_headers = (__u8)m->n_headers;
	compile_action(x, r->route, v);
	v->rl = r->local_ratelimit ?
		crate_limit(x, r->local_ratelimit, KM_RL_ROUTE, id) : inherited;
	c->routes_names[c->n_routes++] = cname(x, r->name);
	for (i = 0; i < m->n_headers; i++) {
		mark = path_field(&x->path, "match");
		path_field(&x->path, "headers");
		path_index(&x->path, i);
		compile_header(x, m->headers[i], id);
		path_pop(&x->path, mark);
	}
}

void compile_route_config(struct cctx *x, const Kmesh__RouteConfiguration *rc)
{
	struct kmesh_compiled *c = x->c;
	struct km_route_config *rcv;
	size_t j, k, mark, m2;
	__u32 rc_rl, vh_rl;

	if (!ctable_room(x, CT_ROUTE_CONFIGS, c->n_route_configs))
		return;
	rcv = &c->route_configs[c->n_route_configs];
	rc_rl = crate_limit(x, rc->local_ratelimit, KM_RL_ROUTE_CONFIG,
			    (__u32)c->n_route_configs);
	c->route_configs_names[c->n_route_configs++] = cname(x, rc->name);
	rcv->first_vhost = (__u32)c->n_vhosts;
	rcv->first_route = (__u32)c->n_routes;
	if (rc->ignore_port_in_host_matching)
		rcv->flags |= KM_RC_F_IGNORE_PORT;
	for (j = 0; j < rc->n_virtual_hosts; j++) {
		const Kmesh__VirtualHost *vh = rc->virtual_hosts[j];
		struct km_vhost *v;
		__u32 vid = (__u32)c->n_vhosts;

		mark = path_field(&x->path, "virtual_hosts");
		path_index(&x->path, j);
		if (!ctable_room(x, CT_VHOSTS, c->n_vhosts)) {
			path_pop(&x->path, mark);
			break;
		}
		v = &c->vhosts[vid];
		v->route_config_id = (__u32)(c->n_route_configs - 1);
		v->first_route = (__u32)c->n_routes;
		v->n_routes = (__u32)vh->n_routes;
		vh_rl = vh->local_ratelimit ?
			crate_limit(x, vh->local_ratelimit, KM_RL_VHOST, vid) :
			rc_rl;
		c->vhosts_names[c->n_vhosts++] = cname(x, vh->name);
		for (k = 0; k < vh->n_routes; k++) {
			m2 = path_field(&x->path, "routes");
			path_index(&x->path, k);
			compile_route(x, vh->routes[k], vid, vh_rl);
			path_pop(&x->path, m2);
		}
		path_pop(&x->path, mark);
	}
	rcv->n_vhosts = (__u32)c->n_vhosts - rcv->first_vhost;
	rcv->n_routes = (__u32)c->n_routes - rcv->first_route;
	compile_domains(x, rc, rcv);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Filter stage: the chosen chain's terminal filter (its last) decides.
 * tcp_proxy: tail-call the cluster stage with its cluster. An
 * http_connection_manager is left alone here (the connection goes to its
 * original destination); later work attaches the bpf_defer ULP at this
 * point and routes at the first send.
 */
#include "kmesh.h"

static __always_inline int km_filter(struct bpf_sock_addr *ctx, int v6)
{
	struct km_state *st = km_state(ctx);
	struct km_filter_chain *c;
	struct km_filter *f;
	struct km_key k;

	if (!st)
		return km_refuse();
	k.gen = st->gen;
	k.id = st->chain_id;
	c = bpf_map_lookup_elem(&km_chains, &k);
	if (!c || !c->n_filters || c->n_filters > KM_MAX_FILTERS)
		goto refuse;
	k.id = c->first_filter + c->n_filters - 1;
	f = bpf_map_lookup_elem(&km_filters, &k);
	if (!f)
		goto refuse;
	switch (f->type) {
	case KM_FILTER_TCP_PROXY:
		st->cluster_id = f->target;
		km_next(ctx, v6, KM_STAGE_CLUSTER);
		break;
	case KM_FILTER_HCM:
		km_count(&km_listener_counters, st->gen, st->listener_id, 0);
		return 1;
	default:
		break;
	}
refuse:
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse();
}

KM_STAGE(km_filter, km_filter)

char _license[] SEC("license") = "GPL";

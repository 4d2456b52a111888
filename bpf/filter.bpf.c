// SPDX-License-Identifier: GPL-2.0
/*
 * Filter stage: the chosen chain's terminal filter (its last) decides.
 *
 * tcp_proxy: tail-call the cluster stage with its cluster.
 *
 * http_connection_manager, at connect4/connect6: attach the bpf_defer ULP
 * (bpf_setsockopt(TCP_ULP)), so that connect() returns at once and the
 * connection is routed by its first request, at the first send, by the
 * sock_ops program (sockops.bpf.c). If the ULP cannot be attached (the
 * tcp_bpf_defer module is not loaded) the connect is refused: HTTP
 * routing fails closed, it never silently goes to the original
 * destination.
 *
 * http_connection_manager, at the deferred-connect callback: tail-call
 * the HTTP stage with its route config.
 */
#include "kmesh.h"

static __always_inline int km_defer(struct bpf_sock_addr *ctx)
{
	char ulp[] = "bpf_defer";
	char cur[sizeof(ulp)] = {};
	__u32 i;

	if (!bpf_setsockopt(ctx, KM_SOL_TCP, KM_TCP_ULP, ulp, sizeof(ulp) - 1))
		return 0;
	/* already attached, by a previous connect() of this socket */
	if (bpf_getsockopt(ctx, KM_SOL_TCP, KM_TCP_ULP, cur, sizeof(cur)))
		return -1;
	for (i = 0; i < sizeof(ulp); i++)
		if (cur[i] != ulp[i])
			return -1;
	return 0;
}

static __always_inline int km_filter(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	struct km_filter_chain *c;
	struct km_filter *f;
	struct km_key k;

	if (!st)
		return km_refuse(hook);
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
		km_next(ctx, hook, KM_STAGE_CLUSTER);
		break;
	case KM_FILTER_HCM:
		st->route_config_id = f->target;
		if (hook == KM_OPS) {
			km_next(ctx, hook, KM_STAGE_HTTP);
			break;
		}
		if (km_defer(ctx))
			break;
		st->deferred = 1;
		km_count(&km_listener_counters, st->gen, st->listener_id, 0);
		return 1;
	default:
		break;
	}
refuse:
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse(hook);
}

KM_STAGE(km_filter, km_filter)

char _license[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster stage: enforce circuit_breakers.max_connections (fail closed;
 * Envoy's default of 1024 when the config sets none, so every cluster is
 * counted), then pick an endpoint and tail-call the rewrite stage.
 *
 *   ROUND_ROBIN    a per-cluster cursor over the endpoints expanded by
 *                  weight (weights 2,1 give A A B A A B ...);
 *   RANDOM         a draw over the weights;
 *   LEAST_REQUEST  two random choices (by weight): the one with fewer live
 *                  connections, counted per endpoint in km_ep_active from
 *                  the pick until the sock_ops state callback sees the
 *                  connection reach TCP_CLOSE (or the socket is released).
 *
 * The open connections, the cursor and the live counts are keyed by the
 * cluster's and the endpoint's state ids (include/kmesh/maps.h), not by
 * the generation: an update that keeps the cluster keeps its counts.
 */
#include "kmesh.h"

/* The endpoint whose cumulative weight range holds r, or -1. */
static __always_inline __u32 km_by_weight(struct km_cluster *cl, __u32 gen,
					  __u64 r)
{
	__u32 i, acc = 0;

	for (i = 0; i < KM_MAX_ENDPOINTS && i < cl->n_endpoints; i++) {
		struct km_key ek = { gen, cl->first_endpoint + i };
		struct km_endpoint *e = bpf_map_lookup_elem(&km_endpoints, &ek);

		if (!e)
			break;
		acc += e->weight;
		if (r < acc)
			return ek.id;
	}
	return (__u32)-1;
}

/* The state id of endpoint ep of generation gen; 0 if it is gone. */
static __always_inline __u64 km_ep_sid(__u32 gen, __u32 ep)
{
	struct km_key k = { gen, ep };
	struct km_endpoint *e = bpf_map_lookup_elem(&km_endpoints, &k);

	return e ? e->state_id : 0;
}

static __always_inline __u64 km_live(__u32 gen, __u32 ep)
{
	__u64 sid = km_ep_sid(gen, ep);
	__u64 *n = bpf_map_lookup_elem(&km_ep_active, &sid);

	return n ? *n : 0;
}

/* The count of state id sid in map, created at 0; NULL if full. */
static __always_inline __u64 *km_slot(void *map, __u64 sid)
{
	__u64 zero = 0;

	return km_lookup_or_init(map, &sid, &zero);
}

static __always_inline int km_cluster(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	__u32 pick = (__u32)-1, other;
	struct km_cluster *cl;
	__u64 *cur, *open, r, sid;
	struct km_key k;

	if (!st)
		return km_refuse(ctx, hook);
	k.gen = st->gen;
	k.id = st->cluster_id;
	cl = bpf_map_lookup_elem(&km_clusters, &k);
	if (!cl || !cl->n_endpoints || !cl->total_weight)
		goto refuse;
	sid = cl->state_id;
	open = km_slot(&km_cluster_active, sid);
	if (!open)
		goto refuse;
	if (__sync_fetch_and_add(open, 1) >= cl->max_connections) {
		__sync_fetch_and_add(open, -1);
		goto refuse;
	}
	st->counted_sid = sid;
	st->counted = 1;
	switch (cl->lb_policy) {
	case KM_LB_RANDOM:
		r = bpf_get_prandom_u32() % cl->total_weight;
		pick = km_by_weight(cl, k.gen, r);
		break;
	case KM_LB_LEAST_REQUEST:
		r = bpf_get_prandom_u32() % cl->total_weight;
		pick = km_by_weight(cl, k.gen, r);
		r = bpf_get_prandom_u32() % cl->total_weight;
		other = km_by_weight(cl, k.gen, r);
		if (pick != (__u32)-1 && other != (__u32)-1 &&
		    km_live(k.gen, other) < km_live(k.gen, pick))
			pick = other;
		break;
	default:
		cur = km_slot(&km_lb_cursor, sid);
		if (!cur)
			goto release;
		r = __sync_fetch_and_add(cur, 1) % cl->total_weight;
		pick = km_by_weight(cl, k.gen, r);
		break;
	}
	if (pick == (__u32)-1)
		goto release;
	st->endpoint_id = pick;
	sid = km_ep_sid(k.gen, pick);
	if (!sid)
		goto release;
	open = km_slot(&km_ep_active, sid);
	if (!open)
		goto release;
	__sync_fetch_and_add(open, 1);
	st->ep_sid = sid;
	st->ep_counted = 1;
	km_next(ctx, hook, KM_STAGE_REWRITE);
release:
	km_put_slots(st);
refuse:
	km_count(&km_cluster_counters, k.gen, k.id, 1);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse(ctx, hook);
}

KM_STAGE(km_cluster, km_cluster)

char _license[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster stage: enforce circuit_breakers.max_connections, then pick an
 * endpoint: ROUND_ROBIN walks a per-(gen, cluster) cursor over the
 * endpoints expanded by weight (weights 2,1 give A A B A A B ...), RANDOM
 * draws over the weights. LEAST_REQUEST is not implemented yet and falls
 * back to ROUND_ROBIN. Then tail-call the rewrite stage.
 */
#include "kmesh.h"

static __always_inline int km_cluster(struct bpf_sock_addr *ctx, int v6)
{
	struct km_state *st = km_state(ctx);
	struct km_cluster *cl;
	__u64 *cur, *open, r, zero = 0;
	__u32 i, acc = 0, pick = (__u32)-1;
	struct km_key k;

	if (!st)
		return km_refuse();
	k.gen = st->gen;
	k.id = st->cluster_id;
	cl = bpf_map_lookup_elem(&km_clusters, &k);
	if (!cl || !cl->n_endpoints || !cl->total_weight)
		goto refuse;
	if (cl->max_connections) {
		open = bpf_map_lookup_elem(&km_cluster_active, &k);
		if (!open) {
			bpf_map_update_elem(&km_cluster_active, &k, &zero,
					    BPF_NOEXIST);
			open = bpf_map_lookup_elem(&km_cluster_active, &k);
			if (!open)
				goto refuse;
		}
		if (__sync_fetch_and_add(open, 1) >= cl->max_connections) {
			__sync_fetch_and_add(open, -1);
			goto refuse;
		}
		st->counted = 1;
		st->counted_gen = k.gen;
		st->counted_cluster = k.id;
	}
	if (cl->lb_policy == KM_LB_RANDOM) {
		r = bpf_get_prandom_u32() % cl->total_weight;
	} else {
		cur = bpf_map_lookup_elem(&km_lb_cursor, &k);
		if (!cur) {
			bpf_map_update_elem(&km_lb_cursor, &k, &zero,
					    BPF_NOEXIST);
			cur = bpf_map_lookup_elem(&km_lb_cursor, &k);
			if (!cur)
				goto release;
		}
		r = __sync_fetch_and_add(cur, 1) % cl->total_weight;
	}
	for (i = 0; i < KM_MAX_ENDPOINTS && i < cl->n_endpoints; i++) {
		struct km_key ek = { k.gen, cl->first_endpoint + i };
		struct km_endpoint *e = bpf_map_lookup_elem(&km_endpoints, &ek);

		if (!e)
			break;
		acc += e->weight;
		if (r < acc) {
			pick = ek.id;
			break;
		}
	}
	if (pick == (__u32)-1)
		goto release;
	st->endpoint_id = pick;
	km_next(ctx, v6, KM_STAGE_REWRITE);
release:
	if (st->counted) {
		open = bpf_map_lookup_elem(&km_cluster_active, &k);
		if (open)
			__sync_fetch_and_add(open, -1);
		st->counted = 0;
	}
refuse:
	km_count(&km_cluster_counters, k.gen, k.id, 1);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse();
}

KM_STAGE(km_cluster, km_cluster)

char _license[] SEC("license") = "GPL";

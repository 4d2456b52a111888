// SPDX-License-Identifier: GPL-2.0
/*
 * Filter chain stage: of the listener's chains, pick the one matching the
 * original destination (lib/chain_match.h, shared with the host tests),
 * then tail-call the filter stage. No chain matches: refuse.
 */
#include "kmesh.h"
#include "lib/chain_match.h"

static __always_inline int km_chain(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	struct km_chain_pick p = KM_CHAIN_PICK;
	__u32 i, best;

	if (!st)
		return km_refuse(ctx, hook);
	for (i = 0; i < KM_MAX_FILTER_CHAINS && i < st->n_chains; i++) {
		struct km_key k = { st->gen, st->first_chain + i };
		struct km_filter_chain *c;

		c = bpf_map_lookup_elem(&km_chains, &k);
		if (!c)
			break;
		km_chain_consider(&p, c, k.id, (const struct km_addr *)st->dst,
				  st->dst_port);
	}
	best = km_chain_picked(&p);
	if (best == (__u32)-1) {
		km_count(&km_listener_counters, st->gen, st->listener_id, 1);
		return km_refuse(ctx, hook);
	}
	st->chain_id = best;
	km_next(ctx, hook, KM_STAGE_FILTER);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse(ctx, hook);
}

KM_STAGE(km_chain, km_chain)

char _license[] SEC("license") = "GPL";

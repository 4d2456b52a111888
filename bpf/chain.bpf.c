// SPDX-License-Identifier: GPL-2.0
/*
 * Filter chain stage: of the listener's chains, pick the most specific one
 * matching the original destination (a port match over "any port", then
 * the longest matching prefix over none, then the lowest id), then
 * tail-call the filter stage. No chain matches: refuse.
 */
#include "kmesh.h"

struct km_addr {
	__u8 b[16];
};

/*
 * Does dst fall in c (len bits of the 16-byte form)? A global function:
 * the verifier checks it once, not at every one of the up to 8 * 16 call
 * sites (inlined, the nested loops blow the 1M-instruction budget).
 */
__noinline int km_chain_cidr_match(const struct km_addr *dst,
				   const struct km_cidr *c)
{
	__u32 len, i;

	if (!dst || !c)
		return 0;
	len = c->len;
	if (len > 128)
		return 0;
	for (i = 0; i < 16 && len; i++) {
		__u8 mask = len >= 8 ? 0xff : (__u8)(0xff << (8 - len));

		if ((dst->b[i] & mask) != c->addr[i])
			return 0;
		len = len >= 8 ? len - 8 : 0;
	}
	return 1;
}

/*
 * Score of chain c for the destination: 0 if it does not match, else
 * higher for more specific (port match 1024, + longest prefix length + 1,
 * + 1). Global too, for the same reason.
 */
__noinline __u32 km_chain_score(const struct km_filter_chain *c,
				const struct km_addr *dst, __u32 dst_port)
{
	__u32 j, plen = 0, n;
	int hit;

	if (!c || !dst)
		return 0;
	if (c->dst_port && c->dst_port != dst_port)
		return 0;
	n = c->n_prefixes;
	hit = n == 0;
	for (j = 0; j < KM_MAX_PREFIX_RANGES; j++) {
		__u32 l;

		if (j >= n)
			break;
		if (!km_chain_cidr_match(dst, &c->prefixes[j]))
			continue;
		hit = 1;
		l = c->prefixes[j].len + 1;
		plen = l > plen ? l : plen;
	}
	if (!hit)
		return 0;
	return (c->dst_port ? 1024 : 0) + plen + 1;
}

static __always_inline int km_chain(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	__u32 i, score, best = (__u32)-1, best_score = 0;

	if (!st)
		return km_refuse(ctx, hook);
	for (i = 0; i < KM_MAX_FILTER_CHAINS && i < st->n_chains; i++) {
		struct km_key k = { st->gen, st->first_chain + i };
		struct km_filter_chain *c;

		c = bpf_map_lookup_elem(&km_chains, &k);
		if (!c)
			break;
		score = km_chain_score(c, (const struct km_addr *)st->dst,
				       st->dst_port);
		if (score > best_score) {
			best_score = score;
			best = k.id;
		}
	}
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local rate limits (include/kmesh/maps.h, "rate limits"): a new
 * connection takes a token from a bucket, or is refused as rate limited.
 * Network filters take theirs at connect() (filter.bpf.c), the HTTP
 * limit of the route, else of the connection manager, at the first send
 * (route.bpf.c). The bucket is one __u64 (include/kmesh/bucket.h)
 * updated with compare-and-swap: a CPU that loses the race reads the
 * bucket again, and after KM_BUCKET_TRIES lost races the connection is
 * refused (fail closed) rather than waiting on a lock.
 */
#ifndef KMESH_BPF_RATELIMIT_H
#define KMESH_BPF_RATELIMIT_H

#include "kmesh.h"
#include <kmesh/bucket.h>

#define KM_BUCKET_TRIES	8

/*
 * Take a token of rate limit id (of generation gen): 1 to go on (a token
 * taken, or a config that limits nothing), 0 to refuse as rate limited,
 * -1 to refuse because its record is gone (the generation was retired
 * meanwhile).
 */
static __always_inline int km_rl_take(__u32 gen, __u32 id)
{
	struct km_key k = { .gen = gen, .id = id };
	__u64 now, init, old, next, sid, *b;
	struct km_ratelimit *rl;
	int i;

	rl = bpf_map_lookup_elem(&km_ratelimits, &k);
	if (!rl || !rl->fill_ns)
		return -1;
	if (!rl->max_tokens)
		return 1;
	now = bpf_ktime_get_ns();
	sid = rl->state_id;
	init = km_bucket_new(rl, now);
	b = km_lookup_or_init(&km_rl_state, &sid, &init);
	if (!b)
		return -1;
	for (i = 0; i < KM_BUCKET_TRIES; i++) {
		old = *b;	/* read again after a lost race */
		if (!km_bucket_take(rl, old, now, &next))
			return 0;
		if (__sync_val_compare_and_swap(b, old, next) == old)
			return 1;
	}
	return 0;
}

/*
 * The HTTP local rate limit of route r for the connection st is routing:
 * the route's own (or its virtual host's or route config's) if it has
 * one, else its connection manager's; none if the connection manager has
 * no HTTP local rate limit filter (Envoy: per-route configs of a filter
 * that is not in the chain are not used). As km_rl_take().
 */
static __always_inline int km_rl_http(const struct km_state *st,
				      const struct km_route *r)
{
	__u32 id = r->rl ? r->rl : st->hcm_rl;

	if (!st->hcm_rl)
		return 1;
	return km_rl_take(st->gen, id - 1);
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The token bucket of a local rate limit (struct km_ratelimit in
 * maps.h), as one __u64 the data plane changes with compare-and-swap:
 *
 *	bits 63..32  the fill interval it was last filled in: the low 32
 *	             bits of now / fill_ns (now: bpf_ktime_get_ns(),
 *	             CLOCK_MONOTONIC)
 *	bits 31..0   the tokens it holds
 *
 * Envoy's bucket gets tokens_per_fill every fill interval, up to
 * max_tokens; this one is given them when it is next used, for every
 * interval boundary passed since (the same tokens, at the same times, as
 * seen by the connections that take them). A now that is behind the
 * bucket's interval (another CPU wrote a later one first) refills
 * nothing. After 2^31 intervals without a connection (3.4 years at
 * 50 ms) the interval count wraps and the next refill may be missed.
 *
 * Plain functions of values, no atomics: bpf/ratelimit.h puts them in a
 * compare-and-swap loop, the host tests (tools/tests) call them directly.
 */
#ifndef KMESH_BUCKET_H
#define KMESH_BUCKET_H

#include "maps.h"

#define KM_BUCKET(fill, tokens)	(((__u64)(fill) << 32) | (__u32)(tokens))
#define KM_BUCKET_FILL(b)	((__u32)((b) >> 32))
#define KM_BUCKET_TOKENS(b)	((__u32)(b))

/* A bucket made at now: full. */
static inline __u64 km_bucket_new(const struct km_ratelimit *rl, __u64 now)
{
	return KM_BUCKET(now / rl->fill_ns, rl->max_tokens);
}

/*
 * Take a token from bucket b at now: 1 and the new bucket in *next, or
 * 0 (none left; *next is b) after refilling it for the intervals that
 * passed. rl->max_tokens must not be 0 (a config that limits nothing:
 * the caller lets the connection through) and rl->fill_ns not 0.
 */
static inline int km_bucket_take(const struct km_ratelimit *rl, __u64 b,
				 __u64 now, __u64 *next)
{
	__u32 fill = (__u32)(now / rl->fill_ns), last = KM_BUCKET_FILL(b);
	__u32 tokens = KM_BUCKET_TOKENS(b), max = rl->max_tokens;
	__s32 passed = (__s32)(fill - last);
	__u64 add;

	if (tokens > max)		/* max_tokens lowered by an update */
		tokens = max;
	if (passed > 0) {
		last = fill;
		add = (__u64)(__u32)passed * rl->tokens_per_fill;
		tokens = add >= max - tokens ? max : tokens + (__u32)add;
	}
	*next = b;
	if (!tokens)
		return 0;
	*next = KM_BUCKET(last, tokens - 1);
	return 1;
}

#endif

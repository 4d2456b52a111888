/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filter chain matcher: of a listener's chains, the one a destination
 * (address in the 16-byte form, v4-mapped for IPv4; port) selects. Built
 * into the chain stage (chain.bpf.c) and into the host tests; include it
 * from one .bpf.c only (KM_SUBPROG).
 *
 * The most specific chain that matches wins: a port match over "any
 * port", then the longest matching prefix over none, then the lowest id.
 */
#ifndef KMESH_BPF_LIB_CHAIN_MATCH_H
#define KMESH_BPF_LIB_CHAIN_MATCH_H

#include <kmesh/maps.h>

#include "compat.h"

struct km_addr {
	__u8 b[16];
};

/*
 * Does dst fall in c (len bits of the 16-byte form)? A subprogram: the
 * verifier checks it once, not at every one of the up to 8 * 16 call
 * sites (inlined, the nested loops blow the 1M-instruction budget).
 */
KM_SUBPROG int km_chain_cidr_match(const struct km_addr *dst,
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
 * + 1). A subprogram too, for the same reason.
 */
KM_SUBPROG __u32 km_chain_score(const struct km_filter_chain *c,
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

/* The pick so far, over the chains considered in id order. */
struct km_chain_pick {
	__u32 best;		/* id, or (__u32)-1 */
	__u32 score;
};

KM_INLINE void km_chain_consider(struct km_chain_pick *p,
				 const struct km_filter_chain *c, __u32 id,
				 const struct km_addr *dst, __u32 dst_port)
{
	__u32 s = km_chain_score(c, dst, dst_port);

	if (s > p->score) {
		p->score = s;
		p->best = id;
	}
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filter chain matcher: of a listener's chains, the one a destination
 * (address in the 16-byte form, v4-mapped for IPv4; port) selects, in the
 * order of Envoy's findFilterChain (see struct km_filter_chain): the
 * destination port first, with no fall back to the chains without a
 * port once a chain names it; then the longest matching prefix, a chain
 * without prefixes last. Built into the chain stage (chain.bpf.c) and
 * into the host tests; include it from one .bpf.c only (KM_SUBPROG).
 */
#ifndef KMESH_BPF_LIB_CHAIN_MATCH_H
#define KMESH_BPF_LIB_CHAIN_MATCH_H

#include <kmesh/maps.h>

#include "compat.h"

struct km_addr {
	__u8 b[16];
};

/* The family a destination counts as: a v4-mapped one is IPv4. */
KM_INLINE __u8 km_addr_family(const struct km_addr *a)
{
	__u32 i;

	for (i = 0; i < 10; i++)
		if (a->b[i])
			return KM_AF_INET6;
	return a->b[10] == 0xff && a->b[11] == 0xff ? KM_AF_INET : KM_AF_INET6;
}

/*
 * Does dst (of family fam) fall in c? A subprogram: the verifier checks
 * it once, not at every one of the up to 8 * 16 call sites (inlined, the
 * nested loops blow the 1M-instruction budget).
 */
KM_SUBPROG int km_chain_cidr_match(const struct km_addr *dst, __u32 fam,
				   const struct km_cidr *c)
{
	__u32 len, i;

	if (!dst || !c)
		return 0;
	len = c->len;
	if (len > 128 || (c->family && c->family != fam))
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
 * How well chain c's prefixes match dst: 0 not at all, 1 for a chain
 * without prefixes, else 2 + the longest matching prefix length (in its
 * family's bits). A subprogram too, for the same reason.
 */
KM_SUBPROG __u32 km_chain_ip_score(const struct km_filter_chain *c,
				   const struct km_addr *dst)
{
	__u32 j, n, best = 0, l, fam;

	if (!c || !dst)
		return 0;
	n = c->n_prefixes;
	if (!n)
		return 1;
	fam = km_addr_family(dst);
	for (j = 0; j < KM_MAX_PREFIX_RANGES; j++) {
		if (j >= n)
			break;
		if (!km_chain_cidr_match(dst, fam, &c->prefixes[j]))
			continue;
		l = c->prefixes[j].len;
		if (c->prefixes[j].family == KM_AF_INET && l >= 96)
			l -= 96;
		best = l + 2 > best ? l + 2 : best;
	}
	return best;
}

/*
 * The pick so far, over a listener's chains; start from KM_CHAIN_PICK.
 * (Two named fields, not arrays indexed by the kind: clang turns such an
 * index into pointer arithmetic on the stack that the verifier refuses.)
 */
struct km_chain_pick {
	__u32 any_best;		/* of the chains without a port */
	__u32 any_score;
	__u32 port_best;	/* of the chains with the destination port */
	__u32 port_score;
	__u32 port_named;	/* a chain names the destination port */
};

#define KM_CHAIN_PICK	{ .any_best = (__u32)-1, .port_best = (__u32)-1 }

KM_INLINE void km_chain_consider(struct km_chain_pick *p,
				 const struct km_filter_chain *c, __u32 id,
				 const struct km_addr *dst, __u32 dst_port)
{
	__u32 s;

	if (c->dst_port && c->dst_port != dst_port)
		return;
	s = km_chain_ip_score(c, dst);
	if (c->dst_port) {
		p->port_named = 1;
		if (s > p->port_score) {
			p->port_score = s;
			p->port_best = id;
		}
	} else if (s > p->any_score) {
		p->any_score = s;
		p->any_best = id;
	}
}

/* The chain picked, or (__u32)-1. */
KM_INLINE __u32 km_chain_picked(const struct km_chain_pick *p)
{
	return p->port_named ? p->port_best : p->any_best;
}

#endif

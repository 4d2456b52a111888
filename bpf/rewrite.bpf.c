// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrite stage: point the connection at the chosen endpoint. At
 * connect4/connect6 by writing user_ip4/user_ip6 and user_port; at the
 * deferred-connect callback with bpf_setsockopt(TCP_BPF_DEFER_CONNECT_ADDR).
 * An IPv4 endpoint from an IPv6 socket is written v4-mapped (a dual-stack
 * socket reaches it; a V6ONLY one fails the connect); an IPv6 endpoint
 * cannot be reached from an IPv4 socket: refused.
 */
#include "kmesh.h"

#define KM_AF_INET_SA	2
#define KM_AF_INET6_SA	10

static __always_inline int km_set_dst_ops(struct bpf_sock_ops *skops,
					  struct km_state *st,
					  struct km_endpoint *e)
{
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};
	__u32 w[4];

	__builtin_memcpy(w, e->addr, 16);
	if (st->family == KM_AF_INET) {
		sin.sin_family = KM_AF_INET_SA;
		sin.sin_port = bpf_htons(e->port);
		sin.sin_addr.s_addr = w[3];
		return bpf_setsockopt(skops, KM_SOL_TCP,
				      TCP_BPF_DEFER_CONNECT_ADDR,
				      &sin, sizeof(sin));
	}
	sin6.sin6_family = KM_AF_INET6_SA;
	sin6.sin6_port = bpf_htons(e->port);
	__builtin_memcpy(&sin6.sin6_addr, e->addr, 16);
	return bpf_setsockopt(skops, KM_SOL_TCP, TCP_BPF_DEFER_CONNECT_ADDR,
			      &sin6, sizeof(sin6));
}

static __always_inline int km_rewrite(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	struct bpf_sock_addr *sa = ctx;
	struct km_endpoint *e;
	struct km_key k;
	__u32 w[4];

	if (!st)
		return km_refuse(ctx, hook);
	k.gen = st->gen;
	k.id = st->endpoint_id;
	e = bpf_map_lookup_elem(&km_endpoints, &k);
	if (!e)
		goto refuse;
	if (st->family == KM_AF_INET && e->family != KM_AF_INET)
		goto refuse;
	if (hook == KM_OPS) {
		if (km_set_dst_ops(ctx, st, e))
			goto refuse;
	} else {
		__builtin_memcpy(w, e->addr, 16);
		if (hook == KM_V6) {
			sa->user_ip6[0] = w[0];
			sa->user_ip6[1] = w[1];
			sa->user_ip6[2] = w[2];
			sa->user_ip6[3] = w[3];
		} else {
			sa->user_ip4 = w[3];
		}
		sa->user_port = bpf_htons(e->port);
	}
	km_count(&km_cluster_counters, st->gen, st->cluster_id, 0);
	km_count(&km_listener_counters, st->gen, st->listener_id, 0);
	return 1;
refuse:
	km_put_slots(st);
	km_count(&km_cluster_counters, st->gen, st->cluster_id, 1);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse(ctx, hook);
}

KM_STAGE(km_rewrite, km_rewrite)

char _license[] SEC("license") = "GPL";

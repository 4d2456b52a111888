// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrite stage: point the connect at the chosen endpoint. An IPv4
 * endpoint from an IPv6 socket is written v4-mapped (a dual-stack socket
 * reaches it; a V6ONLY one fails the connect); an IPv6 endpoint cannot be
 * reached from an IPv4 socket: refused.
 */
#include "kmesh.h"

static __always_inline int km_rewrite(struct bpf_sock_addr *ctx, int v6)
{
	struct km_state *st = km_state(ctx);
	struct km_endpoint *e;
	struct km_key k;
	__u32 w[4];

	if (!st)
		return km_refuse();
	k.gen = st->gen;
	k.id = st->endpoint_id;
	e = bpf_map_lookup_elem(&km_endpoints, &k);
	if (!e)
		goto refuse;
	__builtin_memcpy(w, e->addr, 16);
	if (v6) {
		ctx->user_ip6[0] = w[0];
		ctx->user_ip6[1] = w[1];
		ctx->user_ip6[2] = w[2];
		ctx->user_ip6[3] = w[3];
	} else {
		if (e->family != KM_AF_INET)
			goto refuse;
		ctx->user_ip4 = w[3];
	}
	ctx->user_port = bpf_htons(e->port);
	km_count(&km_cluster_counters, st->gen, st->cluster_id, 0);
	km_count(&km_listener_counters, st->gen, st->listener_id, 0);
	return 1;
refuse:
	if (st->counted) {
		struct km_key ck = { st->counted_gen, st->counted_cluster };
		__u64 *open = bpf_map_lookup_elem(&km_cluster_active, &ck);

		if (open)
			__sync_fetch_and_add(open, -1);
		st->counted = 0;
	}
	km_count(&km_cluster_counters, st->gen, st->cluster_id, 1);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse();
}

KM_STAGE(km_rewrite, km_rewrite)

char _license[] SEC("license") = "GPL";

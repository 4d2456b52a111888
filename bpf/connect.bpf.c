// SPDX-License-Identifier: GPL-2.0
/*
 * Entry of connect4/connect6, attached to the cgroup: read the active
 * generation, look up the listener for the destination (exact address,
 * then the wildcard of the same family), record the decision state in the
 * socket's storage and tail-call the filter chain stage. Connections no
 * listener captures (or with no config loaded, or not TCP) are left
 * untouched.
 */
#include "kmesh.h"

static __always_inline int km_connect(struct bpf_sock_addr *ctx, int hook)
{
	struct km_listener *l;
	struct km_active *a;
	struct km_state *st;
	__u32 zero = KM_ACTIVE_KEY;
	struct bpf_sock *sk;
	__u8 addr[16] = {};
	__u16 port;

	if (ctx->protocol != KM_PROTO_TCP)
		return 1;
	a = bpf_map_lookup_elem(&km_active, &zero);
	if (!a || !a->gen)
		return 1;
	port = bpf_ntohs(ctx->user_port);
	if (hook == KM_V6) {
		__u32 w0 = ctx->user_ip6[0], w1 = ctx->user_ip6[1];
		__u32 w2 = ctx->user_ip6[2], w3 = ctx->user_ip6[3];

		__builtin_memcpy(&addr[0], &w0, 4);
		__builtin_memcpy(&addr[4], &w1, 4);
		__builtin_memcpy(&addr[8], &w2, 4);
		__builtin_memcpy(&addr[12], &w3, 4);
	} else {
		__u32 ip = ctx->user_ip4;

		addr[10] = 0xff;
		addr[11] = 0xff;
		__builtin_memcpy(&addr[12], &ip, 4);
	}
	l = km_listener_find(a->gen, addr, port);
	if (!l)
		return 1;
	sk = ctx->sk;
	if (!sk)
		return 1;
	st = bpf_sk_storage_get(&km_sk_state, sk, 0,
				BPF_SK_STORAGE_GET_F_CREATE);
	if (!st)
		return km_refuse(ctx, hook);
	/* a second connect() on this socket (after a failed one): give its
	 * slots back before deciding again */
	km_put_slots(st);
	st->gen = a->gen;
	st->listener_id = l->id;
	st->first_chain = l->first_chain;
	st->n_chains = l->n_chains;
	st->deferred = 0;
	__builtin_memcpy(st->dst, addr, 16);
	st->dst_port = port;
	st->family = hook == KM_V6 ? KM_AF_INET6 : KM_AF_INET;
	km_next(ctx, hook, KM_STAGE_CHAIN);
	km_count(&km_listener_counters, st->gen, l->id, 1);
	return km_refuse(ctx, hook);
}

SEC("cgroup/connect4")
int km_connect4(struct bpf_sock_addr *ctx)
{
	return km_connect(ctx, KM_V4);
}

SEC("cgroup/connect6")
int km_connect6(struct bpf_sock_addr *ctx)
{
	return km_connect(ctx, KM_V6);
}

char _license[] SEC("license") = "GPL";

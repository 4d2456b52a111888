// SPDX-License-Identifier: GPL-2.0
/*
 * Entry stage, attached to the cgroup: read the active generation, look
 * up the listener for the destination (exact address, then the wildcard
 * of the same family), record the decision state in the socket's storage
 * and tail-call the filter chain stage. Connections no listener captures
 * (or with no config loaded, or not TCP) are left untouched.
 */
#include "kmesh.h"

static __always_inline int km_connect(struct bpf_sock_addr *ctx, int v6)
{
	struct km_listener_key lk = {};
	struct km_listener *l;
	struct km_active *a;
	struct km_state *st;
	__u32 zero = KM_ACTIVE_KEY;
	struct bpf_sock *sk;

	if (ctx->protocol != KM_PROTO_TCP)
		return 1;
	a = bpf_map_lookup_elem(&km_active, &zero);
	if (!a || !a->gen)
		return 1;
	lk.gen = a->gen;
	lk.port = bpf_ntohs(ctx->user_port);
	lk.protocol = KM_PROTO_TCP;
	if (v6) {
		__u32 w0 = ctx->user_ip6[0], w1 = ctx->user_ip6[1];
		__u32 w2 = ctx->user_ip6[2], w3 = ctx->user_ip6[3];

		__builtin_memcpy(&lk.addr[0], &w0, 4);
		__builtin_memcpy(&lk.addr[4], &w1, 4);
		__builtin_memcpy(&lk.addr[8], &w2, 4);
		__builtin_memcpy(&lk.addr[12], &w3, 4);
	} else {
		__u32 ip = ctx->user_ip4;

		lk.addr[10] = 0xff;
		lk.addr[11] = 0xff;
		__builtin_memcpy(&lk.addr[12], &ip, 4);
	}
	l = bpf_map_lookup_elem(&km_listeners, &lk);
	if (!l) {
		/* wildcard of the same family: ::ffff:0.0.0.0 or :: */
		struct km_listener_key wk = {
			.gen = lk.gen, .port = lk.port, .protocol = KM_PROTO_TCP,
		};

		if (!v6) {
			wk.addr[10] = 0xff;
			wk.addr[11] = 0xff;
		}
		l = bpf_map_lookup_elem(&km_listeners, &wk);
		if (!l)
			return 1;
	}
	sk = ctx->sk;
	if (!sk)
		return 1;
	st = bpf_sk_storage_get(&km_sk_state, sk, 0,
				BPF_SK_STORAGE_GET_F_CREATE);
	if (!st)
		return km_refuse();
	if (st->counted) {
		/* a second connect() on this socket (after a failed one):
		 * give its slot back before deciding again */
		struct km_key ck = { st->counted_gen, st->counted_cluster };
		__u64 *n = bpf_map_lookup_elem(&km_cluster_active, &ck);

		if (n)
			__sync_fetch_and_add(n, -1);
		st->counted = 0;
	}
	st->gen = lk.gen;
	st->listener_id = l->id;
	st->first_chain = l->first_chain;
	st->n_chains = l->n_chains;
	__builtin_memcpy(st->dst, lk.addr, 16);
	st->dst_port = lk.port;
	st->family = v6 ? KM_AF_INET6 : KM_AF_INET;
	km_next(ctx, v6, KM_STAGE_CHAIN);
	km_count(&km_listener_counters, lk.gen, l->id, 1);
	return km_refuse();
}

KM_STAGE(km_connect, km_connect)

char _license[] SEC("license") = "GPL";

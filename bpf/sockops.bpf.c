// SPDX-License-Identifier: GPL-2.0
/*
 * Entry of the sock_ops program, attached to the cgroup.
 *
 * BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB, the first send on a connection an
 * HTTP listener deferred at connect(): the decision starts again under the
 * generation active now (the config may have changed since connect()),
 * so a connection is routed by one whole config, never a mix: listener,
 * then the filter chain stage, the filter stage (which for an HTTP
 * connection manager goes on to the HTTP and route stages), the cluster
 * and the rewrite stages, all by tail calls through km_progs_ops. A
 * verdict of 0 refuses: the send fails with ECONNREFUSED. If the active
 * config no longer has the listener (or none is loaded) the connection
 * goes to its original destination, as one that was never captured.
 *
 * BPF_SOCK_OPS_TCP_CONNECT_CB and BPF_SOCK_OPS_STATE_CB: a routed
 * connection holds slots (its endpoint's live connections for
 * LEAST_REQUEST, its cluster's open connections for max_connections);
 * they are given back when the connection reaches TCP_CLOSE.
 */
#include "kmesh.h"

static __always_inline int km_deferred(struct bpf_sock_ops *skops,
				       struct km_state *st)
{
	__u32 zero = KM_ACTIVE_KEY;
	struct km_listener *l;
	struct km_active *a;

	if (!st->deferred)
		return 1;
	a = bpf_map_lookup_elem(&km_active, &zero);
	if (!a || !a->gen)
		return 1;
	l = km_listener_find(a->gen, st->dst, st->dst_port);
	if (!l)
		return 1;
	st->gen = a->gen;
	st->listener_id = l->id;
	st->first_chain = l->first_chain;
	st->n_chains = l->n_chains;
	km_next(skops, KM_OPS, KM_STAGE_CHAIN);
	km_count(&km_listener_counters, st->gen, l->id, 1);
	return km_refuse(skops, KM_OPS);
}

SEC("sockops")
int km_sockops(struct bpf_sock_ops *skops)
{
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;

	if (!sk)
		return 1;
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return 1;
	switch (skops->op) {
	case BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB:
		return km_deferred(skops, st);
	case BPF_SOCK_OPS_TCP_CONNECT_CB:
		if (st->counted || st->ep_counted)
			bpf_sock_ops_cb_flags_set(skops,
						  skops->bpf_sock_ops_cb_flags |
						  BPF_SOCK_OPS_STATE_CB_FLAG);
		break;
	case BPF_SOCK_OPS_STATE_CB:
		if (skops->args[1] == BPF_TCP_CLOSE)
			km_put_slots(st);
		break;
	}
	return 1;
}

char _license[] SEC("license") = "GPL";

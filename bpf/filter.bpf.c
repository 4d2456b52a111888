// SPDX-License-Identifier: GPL-2.0
/*
 * Filter stage: the chosen chain's terminal filter (its last) decides.
 *
 * tcp_proxy: tail-call the cluster stage with its cluster.
 *
 * http_connection_manager, at connect4/connect6: attach the bpf_defer ULP
 * (bpf_setsockopt(TCP_ULP)), so that connect() returns at once and the
 * connection is routed by its first request, at the first send, by the
 * sock_ops program (sockops.bpf.c), which the socket is opted in to
 * with BPF_SOCK_OPS_DEFER_CONNECT_CB_FLAG. If the ULP cannot be attached
 * (a kernel without CONFIG_TCP_BPF_DEFER) the connect is refused: HTTP
 * routing fails closed, it never silently goes to the original
 * destination. The kernel's own sockets (9p, NFS, SMC: -EPERM) are never
 * deferred, and go on untouched.
 *
 * http_connection_manager, at the deferred-connect callback: tail-call
 * the HTTP stage with its route config.
 *
 * local_ratelimit, the filters before the terminal one: at connect()
 * each takes a token for the new connection, in order, or refuses it as
 * rate limited (TCP proxy and HTTP alike; a deferred HTTP connection
 * took its tokens at connect(), not again at the first send).
 */
#include "kmesh.h"
#include "ratelimit.h"

/*
 * The network local rate limits of chain c (generation gen), in order:
 * 1 to go on, 0 rate limited, -1 a record is gone (see km_rl_take()).
 */
static __always_inline int km_filter_rl(__u32 gen,
					const struct km_filter_chain *c)
{
	struct km_key k = { .gen = gen };
	struct km_filter *f;
	__u32 i;
	int ok;

	for (i = 0; i + 1 < KM_MAX_FILTERS && i + 1 < c->n_filters; i++) {
		k.id = c->first_filter + i;
		f = bpf_map_lookup_elem(&km_filters, &k);
		if (!f)
			return -1;
		if (f->type != KM_FILTER_LOCAL_RATELIMIT)
			continue;
		ok = km_rl_take(gen, f->target);
		if (ok <= 0)
			return ok;
	}
	return 1;
}

/*
 * Defer the connect: attach bpf_defer and opt the socket in to the
 * deferred-connect callback. 0 when deferred; 1 when the kernel never
 * defers this socket (one of its own, -EPERM: it goes on untouched);
 * -1 when HTTP routing is impossible (no bpf_defer in this kernel).
 */
static __always_inline int km_defer(struct bpf_sock_addr *ctx)
{
	char ulp[] = "bpf_defer";
	char cur[sizeof(ulp)] = {};
	int err, flags = 0;
	__u32 i;

	err = bpf_setsockopt(ctx, KM_SOL_TCP, KM_TCP_ULP, ulp, sizeof(ulp) - 1);
	if (err == -KM_EPERM)
		return 1;
	if (err) {
		/* already attached, by a previous connect() of this socket */
		if (bpf_getsockopt(ctx, KM_SOL_TCP, KM_TCP_ULP, cur, sizeof(cur)))
			return -1;
		for (i = 0; i < sizeof(ulp); i++)
			if (cur[i] != ulp[i])
				return -1;
	}
	if (bpf_getsockopt(ctx, KM_SOL_TCP, TCP_BPF_SOCK_OPS_CB_FLAGS,
			   &flags, sizeof(flags)))
		return -1;
	flags |= BPF_SOCK_OPS_DEFER_CONNECT_CB_FLAG;
	if (bpf_setsockopt(ctx, KM_SOL_TCP, TCP_BPF_SOCK_OPS_CB_FLAGS,
			   &flags, sizeof(flags)))
		return -1;
	return 0;
}

static __always_inline int km_filter(void *ctx, int hook)
{
	struct km_state *st = km_state(ctx, hook);
	int outcome = KM_REFUSED, rl;
	struct km_filter_chain *c;
	struct km_filter *f;
	struct km_key k;

	if (!st)
		return km_refuse(ctx, hook);
	k.gen = st->gen;
	k.id = st->chain_id;
	c = bpf_map_lookup_elem(&km_chains, &k);
	if (!c || !c->n_filters || c->n_filters > KM_MAX_FILTERS)
		goto refuse;
	k.id = c->first_filter + c->n_filters - 1;
	f = bpf_map_lookup_elem(&km_filters, &k);
	if (!f)
		goto refuse;
	switch (f->type) {
	case KM_FILTER_TCP_PROXY:
		st->cluster_id = f->target;
		rl = km_filter_rl(k.gen, c);
		if (rl <= 0)
			goto limited;
		km_next(ctx, hook, KM_STAGE_CLUSTER);
		break;
	case KM_FILTER_HCM:
		st->route_config_id = f->target;
		st->hcm_flags = f->flags;
		st->hcm_rl = f->rl;
		if (hook == KM_OPS) {
			km_next(ctx, hook, KM_STAGE_HTTP);
			break;
		}
		switch (km_defer(ctx)) {
		case 1:
			return 1;
		case 0:
			break;
		default:
			goto refuse;
		}
		rl = km_filter_rl(k.gen, c);
		if (rl <= 0)
			goto limited;
		/* counted once, when the first send decides it */
		st->deferred = 1;
		return 1;
	default:
		break;
	}
	goto refuse;
limited:
	if (!rl)
		outcome = KM_RATE_LIMITED;
refuse:
	km_count(&km_listener_counters, st->gen, st->listener_id, outcome);
	return km_refuse(ctx, hook);
}

KM_STAGE(km_filter, km_filter)

char _license[] SEC("license") = "GPL";

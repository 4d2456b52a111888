// SPDX-License-Identifier: GPL-2.0
/*
 * BPF side of the v1 evidence, in v1's uapi: cgroup connect4/connect6
 * programs that attach "bpf_defer" with bpf_setsockopt(TCP_ULP), the
 * sock_ops program deciding the deferred connect (v1: it keeps the
 * destination by returning 1 and leaving reply alone), and two
 * neighbours in the style of samples/bpf/tcp_*_kern.c, which know
 * nothing of the callback.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "v1_uapi.h"
#include "v1_evidence.h"

#define AF_INET		2
#define AF_INET6	10
#define SOL_TCP		6

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ev_cfg);
} cfg_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ev_result);
} res_map SEC(".maps");

static __always_inline int attach_ulp(struct bpf_sock_addr *ctx)
{
	char name[] = V1_ULP_NAME;
	struct ev_result *res;
	struct ev_cfg *cfg;
	__u32 zero = 0;

	cfg = bpf_map_lookup_elem(&cfg_map, &zero);
	res = bpf_map_lookup_elem(&res_map, &zero);
	if (!cfg || !res || bpf_ntohs(ctx->user_port) != cfg->port)
		return 1;
	__sync_fetch_and_add(&res->connect_runs, 1);
	res->set_ret = bpf_setsockopt(ctx, SOL_TCP, V1_TCP_ULP, name,
				      sizeof(name));
	return 1;
}

SEC("cgroup/connect4")
int ev_connect4(struct bpf_sock_addr *ctx)
{
	return attach_ulp(ctx);
}

SEC("cgroup/connect6")
int ev_connect6(struct bpf_sock_addr *ctx)
{
	return attach_ulp(ctx);
}

static __always_inline long set_addr(struct bpf_sock_ops *skops,
				     const struct ev_cfg *cfg)
{
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};

	if (cfg->new_family == AF_INET) {
		sin.sin_family = AF_INET;
		sin.sin_port = bpf_htons(cfg->new_port);
		__builtin_memcpy(&sin.sin_addr, cfg->new_addr, 4);
		return bpf_setsockopt(skops, SOL_TCP,
				      V1_TCP_BPF_DEFER_CONNECT_ADDR,
				      &sin, sizeof(sin));
	}
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = bpf_htons(cfg->new_port);
	sin6.sin6_flowinfo = bpf_htonl(cfg->new_flowinfo);
	sin6.sin6_scope_id = cfg->new_scope_id;
	__builtin_memcpy(&sin6.sin6_addr, cfg->new_addr, 16);
	return bpf_setsockopt(skops, SOL_TCP, V1_TCP_BPF_DEFER_CONNECT_ADDR,
			      &sin6, sizeof(sin6));
}

/* The policy: v1 keeps by returning 1 with reply 0, and every other op
 * is left alone the same way.
 */
SEC("sockops")
int ev_decide(struct bpf_sock_ops *skops)
{
	struct ev_result *res;
	struct ev_cfg *cfg;
	__u32 zero = 0;

	if (skops->op != V1_BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB)
		return 1;
	cfg = bpf_map_lookup_elem(&cfg_map, &zero);
	res = bpf_map_lookup_elem(&res_map, &zero);
	if (!cfg || !res)
		return 1;
	__sync_fetch_and_add(&res->cb_runs, 1);
	res->cb_len = skops->args[1];
	if (cfg->action == EV_REWRITE)
		res->cb_set_ret = set_addr(skops, cfg);
	return 1;
}

static __always_inline void neighbour_seen(void)
{
	struct ev_result *res;
	__u32 zero = 0;

	res = bpf_map_lookup_elem(&res_map, &zero);
	if (res)
		__sync_fetch_and_add(&res->neighbour_runs, 1);
}

/* samples/bpf/tcp_bufs_kern.c, tcp_iw_kern.c...: for an op or a port
 * they do not handle, "reply = -1; return 1;".
 */
SEC("sockops")
int neighbour_reply(struct bpf_sock_ops *skops)
{
	neighbour_seen();
	skops->reply = -1;
	return 1;
}

/* samples/bpf/tcp_clamp_kern.c, test_sockmap_kern.h bpf_sockmap():
 * "return 0;".
 */
SEC("sockops")
int neighbour_zero(struct bpf_sock_ops *skops)
{
	neighbour_seen();
	return 0;
}

char _license[] SEC("license") = "GPL";

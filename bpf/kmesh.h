/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmesh-native data plane: maps and per-connection decision state shared
 * by the stage programs (connect.bpf.c -> chain.bpf.c -> filter.bpf.c ->
 * cluster.bpf.c -> rewrite.bpf.c), which are compiled separately and
 * linked into one object (bpftool gen object). Every map is defined
 * __weak here with an identical definition, so the linker merges them.
 *
 * Tail calls: the kernel only lets programs of one expected_attach_type
 * share a BPF_MAP_TYPE_PROG_ARRAY (kernel/bpf/core.c,
 * __bpf_prog_map_compatible), and user_ip4 / user_ip6 are only accessible
 * to connect4 / connect6 programs respectively, so each stage is built
 * twice (KM_STAGE) and there is one prog array per family: km_progs4 and
 * km_progs6, indexed by enum km_stage.
 *
 * State between tail calls lives in BPF_MAP_TYPE_SK_STORAGE on ctx->sk
 * (struct km_state): reachable from the ctx of every stage, private to the
 * socket being connected, so neither preemption nor another connect on the
 * same CPU can clobber it (a per-CPU scratch keyed by CPU would need the
 * argument that sock_addr programs run with migration disabled).
 */
#ifndef KMESH_BPF_KMESH_H
#define KMESH_BPF_KMESH_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <kmesh/maps.h>

#define KM_ECONNREFUSED	111

enum km_stage {
	KM_STAGE_CHAIN = 0,
	KM_STAGE_FILTER = 1,
	KM_STAGE_CLUSTER = 2,
	KM_STAGE_REWRITE = 3,
	KM_STAGE_MAX = 4,
};

/* Decision state of one connect, in the socket's storage. */
struct km_state {
	__u32 gen;
	__u32 listener_id;
	__u32 first_chain;	/* the listener's chains */
	__u32 n_chains;
	__u32 chain_id;
	__u32 cluster_id;
	__u32 endpoint_id;
	__u32 counted;		/* 1: holds a slot in km_cluster_active */
	__u32 counted_gen;
	__u32 counted_cluster;
	__u8 dst[16];		/* original destination, v4-mapped for IPv4 */
	__u16 dst_port;		/* host order */
	__u8 family;
	__u8 pad;
};

#define KM_TABLE_MAP(name, val, cap)					\
struct {								\
	__uint(type, BPF_MAP_TYPE_HASH);				\
	__uint(map_flags, BPF_F_NO_PREALLOC);				\
	__uint(max_entries, 2 * (cap));					\
	__type(key, struct km_key);					\
	__type(value, val);						\
} name __weak SEC(".maps")

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct km_active);
} km_active __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2 * KM_CAP_LISTENERS);
	__type(key, struct km_listener_key);
	__type(value, struct km_listener);
} km_listeners __weak SEC(".maps");

KM_TABLE_MAP(km_chains, struct km_filter_chain, KM_CAP_FILTER_CHAINS);
KM_TABLE_MAP(km_filters, struct km_filter, KM_CAP_FILTERS);
KM_TABLE_MAP(km_route_configs, struct km_route_config, KM_CAP_ROUTE_CONFIGS);
KM_TABLE_MAP(km_vhosts, struct km_vhost, KM_CAP_VIRTUAL_HOSTS);
KM_TABLE_MAP(km_domains, struct km_domain, KM_CAP_DOMAINS);
KM_TABLE_MAP(km_routes, struct km_route, KM_CAP_ROUTES);
KM_TABLE_MAP(km_headers, struct km_header, KM_CAP_HEADERS);
KM_TABLE_MAP(km_clusters, struct km_cluster, KM_CAP_CLUSTERS);
KM_TABLE_MAP(km_endpoints, struct km_endpoint, KM_CAP_ENDPOINTS);
/* Round-robin cursor per (gen, cluster). */
KM_TABLE_MAP(km_lb_cursor, __u64, KM_CAP_CLUSTERS);
/* Open connections per (gen, cluster), for max_connections. */
KM_TABLE_MAP(km_cluster_active, __u64, KM_CAP_CLUSTERS);

#define KM_COUNTER_MAP(name, cap)					\
struct {								\
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);				\
	__uint(map_flags, BPF_F_NO_PREALLOC);				\
	__uint(max_entries, 2 * (cap));					\
	__type(key, struct km_key);					\
	__type(value, struct km_counters);				\
} name __weak SEC(".maps")

KM_COUNTER_MAP(km_listener_counters, KM_CAP_LISTENERS);
KM_COUNTER_MAP(km_route_counters, KM_CAP_ROUTES);
KM_COUNTER_MAP(km_cluster_counters, KM_CAP_CLUSTERS);

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct km_state);
} km_sk_state __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, KM_STAGE_MAX);
	__type(key, __u32);
	__type(value, __u32);
} km_progs4 __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, KM_STAGE_MAX);
	__type(key, __u32);
	__type(value, __u32);
} km_progs6 __weak SEC(".maps");

static __always_inline void km_count(void *map, __u32 gen, __u32 id,
				     int refused)
{
	struct km_key k = { .gen = gen, .id = id };
	struct km_counters *c, init = {};

	c = bpf_map_lookup_elem(map, &k);
	if (!c) {
		bpf_map_update_elem(map, &k, &init, BPF_NOEXIST);
		c = bpf_map_lookup_elem(map, &k);
		if (!c)
			return;
	}
	if (refused)
		c->refusals++;
	else
		c->connections++;
}

static __always_inline struct km_state *km_state(struct bpf_sock_addr *ctx)
{
	struct bpf_sock *sk = ctx->sk;

	if (!sk)
		return 0;
	return bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
}

/* Refuse the connect with ECONNREFUSED. */
static __always_inline int km_refuse(void)
{
	bpf_set_retval(-KM_ECONNREFUSED);
	return 0;
}

static __always_inline void km_next(struct bpf_sock_addr *ctx, int v6,
				    __u32 stage)
{
	if (v6)
		bpf_tail_call(ctx, &km_progs6, stage);
	else
		bpf_tail_call(ctx, &km_progs4, stage);
}

/*
 * KM_STAGE(name, fn): fn(ctx, v6) built as two programs, name4 for
 * connect4 and name6 for connect6.
 */
#define KM_STAGE(name, fn)						\
SEC("cgroup/connect4") int name##4(struct bpf_sock_addr *ctx)		\
{ return fn(ctx, 0); }							\
SEC("cgroup/connect6") int name##6(struct bpf_sock_addr *ctx)		\
{ return fn(ctx, 1); }

#endif

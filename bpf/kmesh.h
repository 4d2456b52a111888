/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmesh-native data plane: maps and per-connection decision state shared
 * by the stage programs, each in its own file, compiled separately and
 * linked into one object (bpftool gen object). Every map is defined
 * __weak here with an identical definition, so the linker merges them.
 *
 *   connect.bpf.c  cgroup/connect4, connect6: listener lookup
 *   sockops.bpf.c  sock_ops: the deferred-connect callback (HTTP), and
 *                  the state callbacks that give back connection slots
 *   chain.bpf.c    filter chain        filter.bpf.c   terminal filter
 *   http.bpf.c     HTTP/1.x request    route.bpf.c    vhost and route
 *   cluster.bpf.c  circuit breaker and load balancing
 *   rewrite.bpf.c  the new destination
 *   release.bpf.c  cgroup/sock_release: give back connection slots
 *   lib/           the HTTP parser and the route and filter chain
 *                  matchers, pure, shared with the host tests (tests/)
 *
 * A TCP proxy listener is routed at connect(): connect -> chain -> filter
 * -> cluster -> rewrite, in the connect4/6 programs. An HTTP listener
 * attaches the bpf_defer ULP at connect() (connect -> chain -> filter)
 * and is routed at the first send, in sock_ops: sockops -> chain ->
 * filter -> http -> route -> cluster -> rewrite.
 *
 * Tail calls: the kernel only lets programs of one expected_attach_type
 * share a BPF_MAP_TYPE_PROG_ARRAY (kernel/bpf/core.c,
 * __bpf_prog_map_compatible), and user_ip4 / user_ip6 are only accessible
 * to connect4 / connect6 programs respectively, so each stage is built
 * once per hook (KM_STAGE) and there is one prog array per hook:
 * km_progs4, km_progs6 and km_progs_ops, indexed by enum km_stage.
 *
 * State between tail calls lives in BPF_MAP_TYPE_SK_STORAGE on the
 * socket (struct km_state, and struct km_http for the request head):
 * reachable from the ctx of every stage, private to the connection being
 * routed, so neither preemption nor another connection on the same CPU
 * can clobber it (a per-CPU scratch keyed by CPU would need the argument
 * that the programs cannot be preempted).
 */
#ifndef KMESH_BPF_KMESH_H
#define KMESH_BPF_KMESH_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <kmesh/maps.h>

#define KM_ECONNREFUSED	111
#define KM_EPERM	1
#define KM_SOL_TCP	6	/* SOL_TCP */
#define KM_TCP_ULP	31	/* TCP_ULP */

/*
 * Stages, the index of each in the prog arrays. A stage runs either from
 * a cgroup connect4/connect6 program (L4 routing at connect(), and the
 * first half of HTTP routing) or from the sock_ops program at
 * BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB (HTTP routing at the first send).
 */
enum km_stage {
	KM_STAGE_CHAIN = 0,	/* chain.bpf.c: filter chain */
	KM_STAGE_FILTER = 1,	/* filter.bpf.c: terminal filter */
	KM_STAGE_CLUSTER = 2,	/* cluster.bpf.c: circuit breaker, lb */
	KM_STAGE_REWRITE = 3,	/* rewrite.bpf.c: the new destination */
	KM_STAGE_HTTP = 4,	/* http.bpf.c: parse the request head */
	KM_STAGE_ROUTE = 5,	/* route.bpf.c: virtual host, route */
	KM_STAGE_MAX = 6,
};

/* Which program a stage function is built into. */
enum km_hook {
	KM_V4 = 0,		/* cgroup/connect4 */
	KM_V6 = 1,		/* cgroup/connect6 */
	KM_OPS = 2,		/* sockops, TCP_DEFER_CONNECT_CB */
};

/* Decision state of one connection, in the socket's storage. */
struct km_state {
	__u32 gen;
	__u32 listener_id;
	__u32 first_chain;	/* the listener's chains */
	__u32 n_chains;
	__u32 chain_id;
	__u32 route_config_id;
	__u32 route_id;
	__u32 cluster_id;
	__u32 endpoint_id;
	__u32 hcm_rl;		/* the HCM's km_filter.rl (HTTP rate limit) */
	/* slots this connection holds, given back once (km_put_slots) */
	__u32 counted;		/* 1: holds one in km_cluster_active */
	__u32 ep_counted;	/* 1: holds one in km_ep_active */
	__u64 counted_sid;	/* under these state ids */
	__u64 ep_sid;
	__u8 dst[16];		/* original destination, v4-mapped for IPv4 */
	__u16 dst_port;		/* host order */
	__u8 family;		/* of the socket: KM_AF_INET or KM_AF_INET6 */
	__u8 deferred;		/* 1: HTTP, routed at the first send */
	__u8 hcm_flags;		/* the HCM's KM_FILTER_F_* (Host port) */
	__u8 pad[3];
};

/* A hash map of up to entries records (allocated as they are written). */
#define KM_HASH_MAP(name, key_t, val_t, entries)			\
struct {								\
	__uint(type, BPF_MAP_TYPE_HASH);				\
	__uint(map_flags, BPF_F_NO_PREALLOC);				\
	__uint(max_entries, entries);					\
	__type(key, key_t);						\
	__type(value, val_t);						\
} name __weak SEC(".maps")

/* A table of (gen, id) records, two generations of cap each. */
#define KM_TABLE_MAP(name, val, cap)					\
	KM_HASH_MAP(name, struct km_key, val, 2 * (cap))

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct km_active);
} km_active __weak SEC(".maps");

KM_HASH_MAP(km_listeners, struct km_listener_key, struct km_listener,
	    2 * KM_CAP_LISTENERS);
KM_TABLE_MAP(km_chains, struct km_filter_chain, KM_CAP_FILTER_CHAINS);
KM_TABLE_MAP(km_filters, struct km_filter, KM_CAP_FILTERS);
KM_TABLE_MAP(km_route_configs, struct km_route_config, KM_CAP_ROUTE_CONFIGS);
KM_TABLE_MAP(km_vhosts, struct km_vhost, KM_CAP_VIRTUAL_HOSTS);
KM_TABLE_MAP(km_domains, struct km_domain, KM_CAP_DOMAINS);
/* The EXACT domains of each route config by name (maps.h). */
KM_HASH_MAP(km_exact_domains, struct km_domain_key, __u32,
	    2 * KM_CAP_EXACT_DOMAINS);
KM_TABLE_MAP(km_routes, struct km_route, KM_CAP_ROUTES);
KM_TABLE_MAP(km_headers, struct km_header, KM_CAP_HEADERS);
KM_TABLE_MAP(km_clusters, struct km_cluster, KM_CAP_CLUSTERS);
KM_TABLE_MAP(km_endpoints, struct km_endpoint, KM_CAP_ENDPOINTS);
KM_TABLE_MAP(km_ratelimits, struct km_ratelimit, KM_CAP_RATELIMITS);
/*
 * State that survives updates, keyed by the object's state id (maps.h):
 * two generations' worth, the objects an update removes keeping theirs
 * until the loader deletes it.
 */
/* Round-robin cursor per cluster. */
KM_HASH_MAP(km_lb_cursor, __u64, __u64, 2 * KM_CAP_CLUSTERS);
/* Open connections per cluster, for max_connections. */
KM_HASH_MAP(km_cluster_active, __u64, __u64, 2 * KM_CAP_CLUSTERS);
/* Live connections per endpoint, for LEAST_REQUEST. */
KM_HASH_MAP(km_ep_active, __u64, __u64, 2 * KM_CAP_ENDPOINTS);
/* The token bucket of each rate limit (include/kmesh/bucket.h). */
KM_HASH_MAP(km_rl_state, __u64, __u64, 2 * KM_CAP_RATELIMITS);

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

/* For the loader only, see include/kmesh/maps.h. */
KM_HASH_MAP(km_names, struct km_name_key, struct km_name, 2 * KM_CAP_NAMED);
KM_HASH_MAP(km_counter_base, struct km_name_key, struct km_counters,
	    2 * KM_CAP_COUNTED);
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct km_loader);
} km_loader __weak SEC(".maps");

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

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, KM_STAGE_MAX);
	__type(key, __u32);
	__type(value, __u32);
} km_progs_ops __weak SEC(".maps");

/* The record of key in a hash map, created from init if missing; NULL
 * when the map is full. */
static __always_inline void *km_lookup_or_init(void *map, const void *key,
					       const void *init)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, key);
}

/* What km_count() counts (include/kmesh/maps.h, struct km_counters). */
enum km_outcome {
	KM_ROUTED = 0,
	KM_REFUSED = 1,
	KM_RATE_LIMITED = 2,	/* a refusal, by a local rate limit */
};

static __always_inline void km_count(void *map, __u32 gen, __u32 id,
				     int outcome)
{
	struct km_key k = { .gen = gen, .id = id };
	struct km_counters *c, init = {};

	c = km_lookup_or_init(map, &k, &init);
	if (!c)
		return;
	if (outcome == KM_ROUTED) {
		c->connections++;
		return;
	}
	c->refusals++;
	if (outcome == KM_RATE_LIMITED)
		c->rate_limited++;
}

static __always_inline struct bpf_sock *km_sk(void *ctx, int hook)
{
	if (hook == KM_OPS)
		return ((struct bpf_sock_ops *)ctx)->sk;
	return ((struct bpf_sock_addr *)ctx)->sk;
}

static __always_inline struct km_state *km_state(void *ctx, int hook)
{
	struct bpf_sock *sk = km_sk(ctx, hook);

	if (!sk)
		return 0;
	return bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
}

/*
 * Refuse the connection with ECONNREFUSED: from connect4/6 the connect()
 * fails with it; from the deferred-connect callback the explicit verdict
 * TCP_BPF_DEFER_CONNECT_REFUSE makes the first send fail with it (what a
 * sock_ops program returns does not refuse there).
 */
static __always_inline int km_refuse(void *ctx, int hook)
{
	int one = 1;

	if (hook == KM_OPS)
		bpf_setsockopt(ctx, KM_SOL_TCP, TCP_BPF_DEFER_CONNECT_REFUSE,
			       &one, sizeof(one));
	else
		bpf_set_retval(-KM_ECONNREFUSED);
	return 0;
}

static __always_inline void km_next(void *ctx, int hook, __u32 stage)
{
	if (hook == KM_OPS)
		bpf_tail_call(ctx, &km_progs_ops, stage);
	else if (hook == KM_V6)
		bpf_tail_call(ctx, &km_progs6, stage);
	else
		bpf_tail_call(ctx, &km_progs4, stage);
}

/*
 * Give back a slot in the open-connection count of state id sid; a count
 * the loader deleted (its object was removed) is not there.
 */
static __always_inline void km_put(void *map, __u64 sid)
{
	__u64 *n = bpf_map_lookup_elem(map, &sid);

	if (n)
		__sync_fetch_and_add(n, -1);
}

/*
 * Give back the slots the connection holds (max_connections, live
 * connections of its endpoint). Runs from the sock_ops state callback
 * (TCP_CLOSE), from sock_release and before a second decision on one
 * socket; whichever comes first gives each slot back, exactly once.
 */
static __always_inline void km_put_slots(struct km_state *st)
{
	if (__sync_fetch_and_and(&st->counted, 0))
		km_put(&km_cluster_active, st->counted_sid);
	if (__sync_fetch_and_and(&st->ep_counted, 0))
		km_put(&km_ep_active, st->ep_sid);
}

/*
 * The listener for a destination (16-byte form, v4-mapped for IPv4) under
 * generation gen: the exact address, else the wildcard of the same family
 * (::ffff:0.0.0.0 for IPv4, :: for IPv6).
 */
static __always_inline struct km_listener *
km_listener_find(__u32 gen, const __u8 *addr, __u16 port)
{
	struct km_listener_key lk = {
		.gen = gen, .port = port, .protocol = KM_PROTO_TCP,
	};
	struct km_listener *l;
	__u32 w[3];

	__builtin_memcpy(lk.addr, addr, 16);
	l = bpf_map_lookup_elem(&km_listeners, &lk);
	if (l)
		return l;
	__builtin_memcpy(w, addr, 12);
	__builtin_memset(lk.addr, 0, 16);
	if (!w[0] && !w[1] && w[2] == bpf_htonl(0xffff)) {
		lk.addr[10] = 0xff;
		lk.addr[11] = 0xff;
	}
	return bpf_map_lookup_elem(&km_listeners, &lk);
}

/*
 * KM_STAGE(name, fn): fn(ctx, hook) built as three programs, name4 for
 * connect4, name6 for connect6 and name_ops for sock_ops;
 * KM_STAGE_OPS(name, fn): only name_ops (HTTP stages).
 */
#define KM_STAGE_OPS(name, fn)						\
SEC("sockops") int name##_ops(struct bpf_sock_ops *ctx)		\
{ return fn(ctx, KM_OPS); }

#define KM_STAGE(name, fn)						\
SEC("cgroup/connect4") int name##4(struct bpf_sock_addr *ctx)		\
{ return fn(ctx, KM_V4); }						\
SEC("cgroup/connect6") int name##6(struct bpf_sock_addr *ctx)		\
{ return fn(ctx, KM_V6); }						\
KM_STAGE_OPS(name, fn)

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Route config stage (sock_ops, after the HTTP stage): match the request
 * head parsed into km_http against the route config, then tail-call the
 * cluster stage with the route's cluster. The bytes are read where the
 * HTTP stage read them, the held window of this same callback (the ctx
 * is the byte source, lib/bytes.h).
 *
 * The matching is lib/route_match.h (shared with the host tests), as
 * Envoy matches. Virtual host: the first of the route config's domains,
 * in match order (exact, then suffix wildcards and prefix wildcards
 * longest first, then "*"), that matches the Host (lowercased; exact
 * domains by one lookup in km_exact_domains, the others scanned;
 * its port kept unless the route config or the HCM strips it; a request
 * without Host only matches "*"). Route: the first route of that virtual
 * host whose path (prefix: of the target with its query; path: exact,
 * up to '?') and every header matcher match (a header's fields joined
 * with ","). Action: the cluster, or for weighted_clusters a draw r <
 * total weight, each cluster taken with probability weight / total.
 *
 * No virtual host or no route: refused (the first send fails with
 * ECONNREFUSED; Envoy would answer 404), counted as a refusal of the
 * listener. No token in the route's HTTP local rate limit (ratelimit.h):
 * refused the same way, counted as rate limited by the route and the
 * listener (Envoy would answer 429).
 */
#include "http.h"
#include "ratelimit.h"
#include "lib/route_match.h"

KM_INLINE const struct km_domain *km_get_domain(__u32 gen, __u32 id)
{
	struct km_key k = { .gen = gen, .id = id };

	return bpf_map_lookup_elem(&km_domains, &k);
}

KM_INLINE const struct km_vhost *km_get_vhost(__u32 gen, __u32 id)
{
	struct km_key k = { .gen = gen, .id = id };

	return bpf_map_lookup_elem(&km_vhosts, &k);
}

KM_INLINE const __u32 *km_get_exact(const struct km_domain_key *k)
{
	return bpf_map_lookup_elem(&km_exact_domains, k);
}

KM_INLINE const struct km_route *km_get_route(__u32 gen, __u32 id)
{
	struct km_key k = { .gen = gen, .id = id };

	return bpf_map_lookup_elem(&km_routes, &k);
}

KM_INLINE const struct km_header *km_get_header(__u32 gen, __u32 id)
{
	struct km_key k = { .gen = gen, .id = id };

	return bpf_map_lookup_elem(&km_headers, &k);
}

static __always_inline int km_route(void *ctx, int hook)
{
	struct bpf_sock_ops *skops = ctx;
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;
	struct km_route_config *rc;
	const struct km_route *r;
	struct km_http *h;
	struct km_key k;
	__u32 cluster;
	int rl;

	if (!sk)
		return km_refuse(ctx, hook);
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return km_refuse(ctx, hook);
	h = bpf_sk_storage_get(&km_sk_http, sk, 0, 0);
	if (!h)
		goto refuse;
	k.gen = st->gen;
	k.id = st->route_config_id;
	rc = bpf_map_lookup_elem(&km_route_configs, &k);
	if (!rc)
		goto refuse;
	k.id = km_route_select(h, skops, st->gen, rc, st->route_config_id,
			       st->hcm_flags, st->dst_port);
	if (k.id == KM_NONE)
		goto refuse;
	r = km_get_route(st->gen, k.id);
	if (!r)
		goto refuse;
	rl = km_rl_http(st, r);		/* before the router picks a cluster */
	if (rl < 0)
		goto refuse;
	if (!rl) {
		km_count(&km_route_counters, st->gen, k.id, KM_RATE_LIMITED);
		km_count(&km_listener_counters, st->gen, st->listener_id,
			 KM_RATE_LIMITED);
		bpf_sk_storage_delete(&km_sk_http, sk);
		return km_refuse(ctx, hook);
	}
	cluster = km_route_cluster(r, bpf_get_prandom_u32());
	if (cluster == KM_NONE) {
		km_count(&km_route_counters, st->gen, k.id, KM_REFUSED);
		goto refuse;
	}
	st->route_id = k.id;
	st->cluster_id = cluster;
	km_count(&km_route_counters, st->gen, k.id, KM_ROUTED);
	bpf_sk_storage_delete(&km_sk_http, sk);
	km_next(ctx, hook, KM_STAGE_CLUSTER);
refuse:
	return km_http_done(ctx, sk, st);
}

KM_STAGE_OPS(km_route, km_route)

char _license[] SEC("license") = "GPL";

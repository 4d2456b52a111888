/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kmesh-native BPF map layout: the compiled configuration as flat tables of
 * fixed-size records with integer ids, shared by the BPF data plane (clang
 * -target bpf, after vmlinux.h) and the loader (tools/compile/ fills
 * them, tools/kmeshctl prints them with `kmeshctl compile FILE`).
 *
 * Tables and ids
 *   Every object kind is a table of records indexed by a dense __u32 id:
 *   its position in the config (listeners[i] has id i; filter chains,
 *   filters, virtual hosts, routes, header matchers and endpoints are
 *   numbered across the whole config in document order). The one
 *   exception is the domain table, see struct km_domain. A parent names
 *   its children as a contiguous range (first, n), so BPF walks them as
 *
 *	for (i = 0; i < KM_MAX_x && i < parent->n_x; i++)
 *		child = bpf_map_lookup_elem(&map, &(struct km_key){ gen, parent->first_x + i });
 *
 *   a loop bounded by a constant, with direct id lookups: no names, no
 *   pointers, no string keys (except the listener key below). Small
 *   per-record lists (filter chain prefixes, weighted clusters) are inline.
 *
 * Generations (atomic config swap)
 *   Chosen scheme: every table key carries the generation, (gen, id) in a
 *   struct km_key, or gen inside struct km_listener_key; tables are hash
 *   maps holding up to two generations (max_entries = 2 * KM_CAP_x; use
 *   BPF_F_NO_PREALLOC for the big ones). Per-generation inner maps were
 *   not chosen: map-in-map needs a template per table and an extra lookup
 *   per access, and a (gen, id) key makes a mix impossible by
 *   construction: a record of another generation simply has another key.
 *   An update:
 *     1. the loader picks gen = active + 1 (0 is "no config", never used),
 *        writes every record of the new generation (keys with that gen);
 *     2. it writes gen into the single entry of the active-generation
 *        array (KM_ACTIVE_KEY); this flip is the commit point;
 *     3. after a grace period it deletes the previous generation's records.
 *   Two loaders never run this at once: each holds a lock on the pin
 *   directory (an flock), and records its progress in km_loader (struct
 *   km_loader below), so that the next one finishes or undoes the work
 *   of a loader that was killed half way.
 *   BPF reads the active generation once per decision (at connect4/6 or the
 *   deferred-connect callback), keeps it in the socket's storage across
 *   the tail calls, and uses it in every key, so it sees the old or the new
 *   config, never a mix. A lookup miss under a generation means that
 *   generation was retired mid-decision: the connection is refused,
 *   never routed from partial data.
 *
 * Conventions
 *   Addresses: 16 bytes, network order; IPv4 as v4-mapped ::ffff:a.b.c.d.
 *   Ports: host byte order (BPF converts with bpf_ntohs()).
 *   Strings: __u8 arrays with an explicit length, not NUL-terminated
 *   (the bytes after len are zero). A config string longer than its field
 *   is an error at compile time (naming its config path), never truncated.
 *   Structs have explicit padding (keys are hashed bytewise: zero it).
 */
#ifndef KMESH_MAPS_H
#define KMESH_MAPS_H

#if !defined(__BPF__) && !defined(__bpf__)
#include <linux/types.h>
#endif

/* --- sizes --------------------------------------------------------------- */

/* String fields (bytes). Validation allows names/domains of 253 bytes and
 * match strings of 1024; the tables hold less for paths and headers. */
#define KM_DOMAIN_LEN		253	/* a DNS name */
#define KM_PATH_LEN		256	/* route prefix / path */
#define KM_HDR_NAME_LEN		64	/* header matcher name */
#define KM_HDR_VALUE_LEN	256	/* header matcher exact/prefix/suffix value */

/* Per-parent bounds: loop bounds for BPF, and the limits validation checks
 * (tools/lib/limits.h names them, and adds the loader-only ones). */
#define KM_MAX_FILTER_CHAINS	8	/* per listener */
#define KM_MAX_FILTERS		8	/* per filter chain */
#define KM_MAX_PREFIX_RANGES	16	/* per filter chain */
#define KM_MAX_VIRTUAL_HOSTS	16384	/* per route config: all of the table */
#define KM_MAX_DOMAINS		64	/* per virtual host */
#define KM_MAX_RC_WILDCARDS	16384	/* per route config: domains other than
					 * EXACT (scanned; EXACT ones are
					 * looked up, any number) */
#define KM_MAX_VHOST_ROUTES	1024	/* per virtual host */
#define KM_MAX_HEADERS		16	/* per route */
#define KM_MAX_WEIGHTED		64	/* weighted clusters per route */
#define KM_MAX_ENDPOINTS	1024	/* per cluster */

/* Whole-table capacities of one generation (maps hold two). A config
 * that needs more is refused by compile with the first path that does
 * not fit. */
#define KM_CAP_LISTENERS	10000
#define KM_CAP_FILTER_CHAINS	16384
#define KM_CAP_FILTERS		16384
#define KM_CAP_ROUTE_CONFIGS	10000
#define KM_CAP_VIRTUAL_HOSTS	16384
#define KM_CAP_DOMAINS		131072	/* of every kind */
#define KM_CAP_EXACT_DOMAINS	KM_CAP_DOMAINS	/* km_exact_domains */
#define KM_CAP_ROUTES		32768
#define KM_CAP_HEADERS		32768
#define KM_CAP_CLUSTERS		10000
#define KM_CAP_ENDPOINTS	65536
#define KM_CAP_RATELIMITS	16384

/* --- keys ---------------------------------------------------------------- */

/* Key of every id-indexed table and of the counters. */
struct km_key {
	__u32 gen;
	__u32 id;
};

#define KM_PROTO_TCP		6	/* IPPROTO_TCP */
#define KM_AF_INET		2	/* AF_INET */
#define KM_AF_INET6		10	/* AF_INET6 */

/*
 * Listener table key. Lookup order for a destination (addr, port): the
 * exact address, then the wildcard of the same family (0.0.0.0, stored
 * v4-mapped ::ffff:0.0.0.0, for IPv4; :: for IPv6). Families never cross:
 * a :: listener does not capture IPv4 destinations.
 */
struct km_listener_key {
	__u32 gen;
	__u8 addr[16];		/* v4-mapped for IPv4 */
	__u16 port;		/* host order */
	__u8 protocol;		/* KM_PROTO_TCP */
	__u8 pad;
};

/* The active-generation map: a one-entry array, key KM_ACTIVE_KEY, value
 * struct km_active. gen 0: no config loaded, BPF leaves connections alone. */
#define KM_ACTIVE_KEY		0
struct km_active {
	__u32 gen;
	__u32 pad;
};

/* --- listeners and filter chains ------------------------------------------ */

struct km_listener {
	__u32 id;		/* own id: the counters key */
	__u32 first_chain;	/* filter chain ids [first_chain, +n_chains) */
	__u32 n_chains;		/* 1..KM_MAX_FILTER_CHAINS */
	__u32 pad;
};

/* A destination prefix: addr has the host bits cleared; len counts bits
 * of the 16-byte form (an IPv4 /n is 96 + n), so one masked compare
 * serves both families. It matches destinations of its family only: an
 * IPv4 prefix never matches IPv6, an IPv6 one (even ::ffff:0:0/96) never
 * matches IPv4 (a v4-mapped destination counts as IPv4). */
struct km_cidr {
	__u8 addr[16];
	__u8 len;		/* 0..128 */
	__u8 family;		/* KM_AF_INET or KM_AF_INET6 */
	__u8 pad[2];
};

/*
 * Filter chain: matches when dst_port is 0 or the destination port, and
 * n_prefixes is 0 or the destination is in one of prefixes[]. BPF picks
 * as Envoy's findFilterChain does: if a chain of the listener names the
 * destination port, only those chains are candidates (no fall back to
 * the chains without a port, even if none of them matches the address);
 * else those without a port. Of the candidates the longest matching
 * prefix wins, a chain without prefixes last. Chains that share a port
 * and a prefix (no prefixes: 0.0.0.0/0 and ::/0) are refused by
 * validation, so the pick is unique.
 */
struct km_filter_chain {
	__u32 listener_id;
	__u32 first_filter;	/* filter ids [first_filter, +n_filters) */
	__u16 dst_port;		/* host order; 0: any */
	__u8 n_filters;		/* 1..KM_MAX_FILTERS; the last is terminal */
	__u8 n_prefixes;	/* 0: any destination */
	__u32 pad;
	struct km_cidr prefixes[KM_MAX_PREFIX_RANGES];
};

enum km_filter_type {
	KM_FILTER_HCM = 1,		/* target: route config id */
	KM_FILTER_TCP_PROXY = 2,	/* target: cluster id */
	KM_FILTER_LOCAL_RATELIMIT = 3,	/* target: rate limit id */
};

/* km_filter.flags of an HCM: how the Host port is treated (Envoy's
 * strip_port_mode), see struct km_route_config. */
#define KM_FILTER_F_STRIP_ANY_PORT	0x1	/* strip_any_host_port */
#define KM_FILTER_F_STRIP_MATCHING_PORT	0x2	/* strip_matching_host_port */

/*
 * A filter chain's filters: zero or more LOCAL_RATELIMIT ones, each
 * taking a token of its bucket for a new connection (at connect(), in
 * order; the first that has none refuses it), then the terminal one.
 * An HCM's rl is its HTTP local rate limit filter (0: it has none).
 */
struct km_filter {
	__u32 chain_id;
	__u32 target;		/* route config, cluster or rate limit id */
	__u8 type;		/* enum km_filter_type */
	__u8 flags;		/* KM_FILTER_F_* */
	__u8 pad[2];
	__u32 rl;		/* HCM: rate limit id + 1 of its HTTP one */
};

/* --- route configs, virtual hosts, domains --------------------------------- */

/*
 * Domains are matched against the Host as sent, port included (a domain
 * "a.example:8080" matches "Host: a.example:8080"), unless:
 *   KM_RC_F_IGNORE_PORT (ignore_port_in_host_matching): from the last
 *     ':' with no ']' after it, whatever follows;
 *   the HCM's KM_FILTER_F_STRIP_ANY_PORT: a numeric port;
 *   the HCM's KM_FILTER_F_STRIP_MATCHING_PORT: a numeric port equal to
 *     the listener's (the destination port).
 */
#define KM_RC_F_IGNORE_PORT	0x1

struct km_route_config {
	__u32 first_vhost;	/* [first_vhost, +n_vhosts) */
	__u32 n_vhosts;
	__u32 first_domain;	/* [first_domain, +n_domains), in match order */
	__u32 n_domains;
	__u32 first_route;	/* [first_route, +n_routes), all vhosts */
	__u32 n_routes;
	__u32 flags;		/* KM_RC_F_* */
	__u32 n_exact;		/* the first n_exact domains are EXACT, and
				 * in km_exact_domains (struct km_domain_key) */
};

struct km_vhost {
	__u32 route_config_id;
	__u32 first_route;	/* [first_route, +n_routes): first match wins */
	__u32 n_routes;
	__u32 pad;
};

/*
 * Domain match kinds, Envoy's forms. name holds the lowercased rest:
 *   EXACT   "api.example.com"  host == name
 *   SUFFIX  a leading '*': "*.example.com" -> ".example.com",
 *           "*-bar.foo.com" -> "-bar.foo.com"; host ends with name, and
 *           is longer (the wildcard matches one byte at least)
 *   PREFIX  a trailing '*': "api.*" -> "api.", "foo-*" -> "foo-"; host
 *           starts with name, and is longer
 *   ANY     "*" -> ""  every host
 * Any other '*' is literal. BPF lowercases the Host as it compares; the
 * port is part of it unless the route config says (struct
 * km_route_config).
 */
enum km_domain_kind {
	KM_DOMAIN_EXACT = 1,
	KM_DOMAIN_SUFFIX = 2,
	KM_DOMAIN_PREFIX = 3,
	KM_DOMAIN_ANY = 4,
};

/*
 * A route config's domains are stored in match order, so the first match
 * is the right one (Envoy's rule): all EXACT, then SUFFIX longest first,
 * then PREFIX longest first, then ANY; equal kind and length by name
 * (at most one of those can match a host). Domain ids are positions in
 * that order (deterministic, not config order). Domains equal once
 * lowercased are refused by compile.
 */
struct km_domain {
	__u32 vhost_id;
	__u16 len;		/* bytes of name used, <= KM_DOMAIN_LEN */
	__u8 kind;		/* enum km_domain_kind */
	__u8 pad;
	__u8 name[KM_DOMAIN_LEN + 3];	/* zero-filled after len; 256 bytes */
};

/*
 * How BPF finds the virtual host (Envoy's order, that of the domains
 * above): the EXACT domains of a route config by hash, one lookup of
 * the Host in km_exact_domains, whatever their number; then the others,
 * [first_domain + n_exact, first_domain + n_domains), scanned in order
 * (at most KM_MAX_RC_WILDCARDS: SUFFIX and PREFIX, then ANY). The
 * km_domains table keeps every domain, EXACT ones too, by id: what
 * `kmeshctl export` reads back; km_exact_domains is an index of it,
 * written and deleted with it.
 *
 * km_exact_domains: key struct km_domain_key, value the __u32 vhost id.
 * name holds the domain lowercased, as in struct km_domain, and is
 * zero-filled after len (keys are hashed bytewise); BPF builds the key
 * from the Host the same way.
 */
struct km_domain_key {
	__u32 gen;
	__u32 route_config_id;
	__u16 len;		/* 1..KM_DOMAIN_LEN */
	__u8 name[KM_DOMAIN_LEN + 1];	/* 254 bytes: no padding */
};

#if !defined(__BPF__) && !defined(__bpf__)
/* The key of EXACT domain d of route config rc_id under gen (the loader,
 * and tests). */
static inline void km_domain_key_of(struct km_domain_key *k, __u32 gen,
				    __u32 rc_id, const struct km_domain *d)
{
	__u32 n = d->len <= KM_DOMAIN_LEN ? d->len : KM_DOMAIN_LEN;

	__builtin_memset(k, 0, sizeof(*k));
	k->gen = gen;
	k->route_config_id = rc_id;
	k->len = (__u16)n;
	__builtin_memcpy(k->name, d->name, n);
}
#endif

/* --- routes -------------------------------------------------------------- */

enum km_path_kind {
	KM_PATH_PREFIX = 1,	/* request path starts with path */
	KM_PATH_EXACT = 2,	/* request path (before '?') equals path */
};

enum km_action_kind {
	KM_ACT_CLUSTER = 1,	/* cluster_id */
	KM_ACT_WEIGHTED = 2,	/* weighted[] */
};

/* One weighted cluster: pick r = random u32 % route.total_weight, then
 * the first i with r < weighted[i].cum_weight; each i is picked with
 * probability weight_i / total (exact up to the modulo bias of r), so a
 * cluster of weight 0 never is. */
struct km_weighted {
	__u32 cluster_id;
	__u32 cum_weight;	/* sum of weights 0..i; non-decreasing */
};

/*
 * A route: matches when the path matches and every header matcher
 * [first_header, +n_headers) matches; the first matching route of the
 * virtual host wins. rl: its local rate limit, else its virtual host's,
 * else its route config's (0: none, the HCM's applies).
 */
struct km_route {
	__u32 id;		/* own id: the counters key */
	__u32 vhost_id;
	__u32 first_header;
	__u8 n_headers;		/* 0..KM_MAX_HEADERS */
	__u8 path_kind;		/* enum km_path_kind */
	__u16 path_len;		/* 1..KM_PATH_LEN */
	__u8 path[KM_PATH_LEN];	/* case-sensitive */
	__u8 action;		/* enum km_action_kind */
	__u8 n_weighted;	/* KM_ACT_WEIGHTED: 1..KM_MAX_WEIGHTED */
	__u16 pad;
	__u32 cluster_id;	/* KM_ACT_CLUSTER */
	__u32 total_weight;	/* KM_ACT_WEIGHTED: weighted[n_weighted-1].cum_weight */
	__u32 rl;		/* rate limit id + 1, see above */
	struct km_weighted weighted[KM_MAX_WEIGHTED];
};

enum km_header_kind {
	KM_HDR_EXACT = 1,	/* the header's value == value */
	KM_HDR_PREFIX = 2,	/* it starts with value */
	KM_HDR_SUFFIX = 3,	/* it ends with value */
	KM_HDR_PRESENT = 4,	/* the header is present (value unused) */
	KM_HDR_CONTAINS = 5,	/* value occurs in it (kmp[] below) */
};

#define KM_HDR_F_IGNORE_CASE	0x1	/* value lowercased; compared so */
#define KM_HDR_F_MISSING_EMPTY	0x2	/* treat_missing_header_as_empty */

/* Where the header's value comes from. */
enum km_header_source {
	KM_HDR_SRC_FIELD = 0,		/* the fields named name */
	KM_HDR_SRC_METHOD = 1,		/* ":method" */
	KM_HDR_SRC_PATH = 2,		/* ":path": the target, query included */
	KM_HDR_SRC_AUTHORITY = 3,	/* ":authority" or "host": the Host,
					 * port treated as for domains */
};

/*
 * Header matcher, as Envoy's HeaderMatcher: name is lowercased (header
 * names are case-insensitive). A header of several fields has their
 * values joined with "," (no space), in request order. value is compared
 * byte for byte, or lowercased with KM_HDR_F_IGNORE_CASE; an empty
 * exact_match (Envoy: any value) and a matcher with only a name are
 * stored as PRESENT. The result is inverted when invert is 1; Envoy's
 * present_match: false ("absent") is PRESENT with invert flipped. An
 * absent header fails every matcher but PRESENT with invert, unless
 * KM_HDR_F_MISSING_EMPTY makes it an empty value. kmp[] is the failure
 * function of value for CONTAINS (kmp[i]: the longest proper border of
 * value[0..i]), computed by the loader.
 */
struct km_header {
	__u32 route_id;
	__u8 kind;		/* enum km_header_kind */
	__u8 invert;		/* 0 or 1 */
	__u8 name_len;		/* 1..KM_HDR_NAME_LEN */
	__u8 flags;		/* KM_HDR_F_* */
	__u16 value_len;	/* 0..KM_HDR_VALUE_LEN */
	__u8 source;		/* enum km_header_source */
	__u8 pad;
	__u8 name[KM_HDR_NAME_LEN];
	__u8 value[KM_HDR_VALUE_LEN];
	__u8 kmp[KM_HDR_VALUE_LEN];
};

#if !defined(__BPF__) && !defined(__bpf__)
/* Fill h->kmp[] from h->value[0, value_len) (the loader, and tests). */
static inline void km_header_kmp(struct km_header *h)
{
	__u32 i, k = 0;

	if (h->value_len)
		h->kmp[0] = 0;
	for (i = 1; i < h->value_len && i < KM_HDR_VALUE_LEN; i++) {
		while (k && h->value[i] != h->value[k])
			k = h->kmp[k - 1];
		if (h->value[i] == h->value[k])
			k++;
		h->kmp[i] = (__u8)k;
	}
}
#endif

/* --- clusters and endpoints ----------------------------------------------- */

/* circuit_breakers max_connections when a cluster does not set it. */
#define KM_DEFAULT_MAX_CONNECTIONS	1024

enum km_lb_policy {
	KM_LB_ROUND_ROBIN = 0,
	KM_LB_RANDOM = 1,
	KM_LB_LEAST_REQUEST = 2,
};

struct km_cluster {
	__u32 id;		/* own id: the counters key */
	__u32 first_endpoint;	/* [first_endpoint, +n_endpoints) */
	__u32 n_endpoints;	/* 0..KM_MAX_ENDPOINTS; 0: refuse */
	__u32 max_connections;	/* open connections at most (Envoy's
				 * default: 1024); 0 refuses all */
	__u32 total_weight;	/* sum of endpoint weights */
	__u8 lb_policy;		/* enum km_lb_policy */
	__u8 pad[3];
	__u64 state_id;		/* its state (below); set by the loader */
};

struct km_endpoint {
	__u32 cluster_id;
	__u8 addr[16];		/* v4-mapped for IPv4 */
	__u16 port;		/* host order, 1..65535 */
	__u8 family;		/* KM_AF_INET or KM_AF_INET6 */
	__u8 weight;		/* 1..128 (config 0 means 1) */
	__u64 state_id;		/* its state (below); set by the loader */
};

/* --- state that survives updates ------------------------------------------ */

/*
 * What the data plane counts while connections come and go belongs to
 * the object, not to a generation: per cluster its open connections
 * (km_cluster_active, for max_connections) and its round-robin cursor
 * (km_lb_cursor), per endpoint its live connections (km_ep_active, for
 * LEAST_REQUEST). These maps are keyed by the object's state id, a
 * __u64 the loader gives each object by its identity:
 *   cluster   its name;
 *   endpoint  its cluster's identity, address and port (and which of
 *             equal ones in that cluster it is);
 *   rate limit  what it belongs to (a listener's filter chain and
 *             filter, a route config, virtual host or route, by name or
 *             position) and its fill interval: a bucket whose fill_ns
 *             changes starts anew (full), one whose max_tokens changes
 *             keeps its tokens, at most the new max_tokens;
 * An update that keeps an object (same identity) gives it the state id
 * it had, so its counts go on; a new object gets a fresh one. State ids
 * are never reused (the next one is kept in km_loader), so a connection
 * of a removed object that closes later gives its slot back to a key
 * nobody else has: the loader deletes the state of removed objects, and
 * the late decrement finds nothing (never another object's count).
 * State id 0 is never given.
 */

/* --- the loader's own record ------------------------------------------------ */

/*
 * km_loader, a one-entry array (key KM_LOADER_KEY) that only the loader
 * reads and writes, under its lock on the pin directory. An update
 * records each step before it takes it; a loader that finds a phase
 * other than IDLE knows that the previous one was killed, and finishes
 * (SWITCHED: carry the counters, delete the old generation) or undoes
 * (WRITING: delete the half-written generation) what it left.
 */
#define KM_LOADER_KEY		0
enum km_phase {
	KM_PHASE_IDLE = 0,
	KM_PHASE_WRITING = 1,	/* writing new_gen; old_gen is active */
	KM_PHASE_SWITCHED = 2,	/* new_gen active; counters not carried yet */
	KM_PHASE_CARRIED = 3,	/* counters carried; old_gen to delete */
};

struct km_loader {
	__u32 phase;		/* enum km_phase */
	__u32 old_gen;
	__u32 new_gen;
	__u32 pad;
	__u64 next_state_id;	/* the next state id to give; 0: 1 */
};

/* --- rate limits ------------------------------------------------------------ */

/*
 * Envoy's local_ratelimit filters, one record per filter or per-route
 * config (owner says which; the loader and the decompiler use it, BPF
 * does not): a token bucket that holds up to max_tokens and starts full;
 * every fill_ns, tokens_per_fill are added. A new connection takes a
 * token (TCP proxy and HTTP listeners: at connect(), by a network
 * filter; HTTP: at the first send, by the route's, else the connection
 * manager's), or is refused, fail closed, as rate limited. max_tokens 0:
 * a config that limits nothing (Envoy's disabled filter).
 *
 * The bucket itself (include/kmesh/bucket.h) is one __u64 in
 * km_rl_state keyed by state_id, changed with compare-and-swap: no lock.
 */
enum km_rl_owner {
	KM_RL_FILTER = 1,	/* owner_id: a LOCAL_RATELIMIT filter */
	KM_RL_HCM = 2,		/* owner_id: an HCM filter (its HTTP filter) */
	KM_RL_ROUTE_CONFIG = 3,	/* owner_id: route config id */
	KM_RL_VHOST = 4,	/* owner_id: virtual host id */
	KM_RL_ROUTE = 5,	/* owner_id: route id */
};

#define KM_MIN_FILL_NS		50000000ULL	/* Envoy's minimum: 50 ms */
#define KM_MAX_FILL_NS		(365ULL * 86400 * 1000000000ULL)

struct km_ratelimit {
	__u64 state_id;		/* its bucket in km_rl_state; set by the loader */
	__u64 fill_ns;		/* KM_MIN_FILL_NS..KM_MAX_FILL_NS */
	__u32 max_tokens;	/* 0: limits nothing */
	__u32 tokens_per_fill;	/* >= 1 */
	__u32 owner_id;
	__u8 owner;		/* enum km_rl_owner */
	__u8 pad[3];
};

/* --- counters --------------------------------------------------------------- */

/*
 * Per-CPU hash maps keyed by struct km_key (gen, id), one each for
 * listeners, routes and clusters; userspace sums the CPUs. They belong
 * to a generation like the tables (ids are renumbered by every update);
 * the loader folds the old generation's totals into its own by name
 * before deleting them.
 *   connections: connections the object routed (listener: routed to an
 *                endpoint, route: matched, cluster: sent to one of its
 *                endpoints)
 *   refusals:    connections it refused (no chain/vhost/route matched,
 *                no endpoint, max_connections reached)
 *   rate_limited: of the refusals, those of a local rate limit (listener:
 *                its network filters' and its HTTP routes'; route: its
 *                own, its virtual host's, route config's or HCM's)
 * A listener counts each connection it decides once, as routed or as
 * refused; an HTTP connection is decided at its first send, so one that
 * is closed before it sends anything is not counted at all.
 */
struct km_counters {
	__u64 connections;
	__u64 refusals;
	__u64 rate_limited;
};

/*
 * Written and read by the loader only (BPF never touches them), keyed by
 * (gen, kind, id):
 *   km_names         the config name of each listener, route and cluster
 *                    (routes without a name: empty), for `kmeshctl stats`,
 *                    and of each route config, virtual host, filter chain
 *                    and filter that has one, for `kmeshctl export`
 *                    (which synthesizes the names it does not find);
 *   km_counter_base  for the counted kinds (listener, route, cluster):
 *                    what earlier generations counted for the object of
 *                    the same kind and name: `apply` carries the totals
 *                    over (base + live of the old generation) before it
 *                    deletes the old one, so counters survive updates.
 */
enum km_kind {
	KM_KIND_LISTENER = 1,		/* counted */
	KM_KIND_ROUTE = 2,		/* counted */
	KM_KIND_CLUSTER = 3,		/* counted */
	KM_KIND_ROUTE_CONFIG = 4,
	KM_KIND_VHOST = 5,
	KM_KIND_CHAIN = 6,
	KM_KIND_FILTER = 7,
};

/* Names of one generation at most (km_names holds two). */
#define KM_CAP_NAMED	(KM_CAP_LISTENERS + KM_CAP_ROUTES + KM_CAP_CLUSTERS + \
			 KM_CAP_ROUTE_CONFIGS + KM_CAP_VIRTUAL_HOSTS +	   \
			 KM_CAP_FILTER_CHAINS + KM_CAP_FILTERS)
/* Counted objects of one generation at most (km_counter_base holds two). */
#define KM_CAP_COUNTED	(KM_CAP_LISTENERS + KM_CAP_ROUTES + KM_CAP_CLUSTERS)

struct km_name_key {
	__u32 gen;
	__u32 kind;		/* enum km_kind */
	__u32 id;
};

struct km_name {
	char name[KM_DOMAIN_LEN + 3];	/* NUL-terminated, 253 bytes max */
};

#endif

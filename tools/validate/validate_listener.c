// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Validation of a listener and its filter chains, see validate_int.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "validate_int.h"

/* A filter chain match, normalized, to find chains that overlap: no
 * prefix ranges stand for 0.0.0.0/0 and ::/0, as Envoy stores them. */
struct chain_key {
	bool valid;
	uint32_t port;
	size_t n;
	struct range {
		struct ipaddr ip;	/* host bits cleared */
		uint32_t len;
	} r[KM_MAX_PREFIX_RANGES + 1];
};

static void validate_address(struct vctx *v, const Kmesh__Address *a,
			     size_t i)
{
	char text[INET6_ADDRSTRLEN];
	struct ipaddr ip;
	size_t mark, first;
	bool ok;

	if (!a) {
		verr_at(v, "address", "must be set");
		return;
	}
	mark = path_field(&v->path, "address");
	ok = check_ip(v, "address", a->address, &ip);
	ok = check_port(v, "port_value", a->port_value, 1) && ok;
	if (ok) {
		inet_ntop(ip.family, ip.bytes, text, sizeof(text));
		snprintf(v->addr_keys[i], sizeof(v->addr_keys[i]),
			 ip.family == AF_INET6 ? "[%s]:%u" : "%s:%u", text,
			 a->port_value);
		first = nameset_add(&v->addresses, v->addr_keys[i], i);
		if (first != i && first != (size_t)-1)
			verr(v, "%s already used by listeners[%zu]",
			     v->addr_keys[i], first);
	}
	path_pop(&v->path, mark);
}

static void mask(struct ipaddr *ip, uint32_t len)
{
	size_t bytes = ip->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < bytes; i++) {
		if (len >= 8)
			len -= 8;
		else {
			ip->bytes[i] &= (unsigned char)(0xff00 >> len);
			len = 0;
		}
	}
}

static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };

static void validate_match(struct vctx *v, const Kmesh__FilterChainMatch *m,
			   struct chain_key *key)
{
	size_t mark, i;

	key->valid = true;
	if (!m)
		return;
	mark = path_field(&v->path, "filter_chain_match");
	if (m->destination_port)
		check_port(v, "destination_port", m->destination_port, 0);
	key->port = m->destination_port;
	check_count(v, "prefix_ranges", m->n_prefix_ranges, KM_MAX_PREFIX_RANGES,
		    "prefix ranges");
	key->valid = m->n_prefix_ranges <= KM_MAX_PREFIX_RANGES;
	for (i = 0; i < m->n_prefix_ranges; i++) {
		const Kmesh__CidrRange *r = m->prefix_ranges[i];
		size_t m2;
		struct ipaddr ip;
		uint32_t max;

		m2 = path_field(&v->path, "prefix_ranges");
		path_index(&v->path, i);
		if (check_ip(v, "address_prefix", r->address_prefix, &ip)) {
			max = ip.family == AF_INET ? 32 : 128;
			if (ip.family == AF_INET6 && r->prefix_len >= 96 &&
			    !memcmp(ip.bytes, v4_mapped, sizeof(v4_mapped))) {
				verr_at(v, "address_prefix", "%s/%u never matches: kmesh takes a v4-mapped destination for IPv4 (write the IPv4 prefix)",
					r->address_prefix, r->prefix_len);
				key->valid = false;
			} else if (r->prefix_len > max) {
				verr_at(v, "prefix_len", "%u is out of range 0..%u for %s",
					r->prefix_len, max,
					ip.family == AF_INET ? "IPv4" : "IPv6");
				key->valid = false;
			} else if (key->valid) {
				mask(&ip, r->prefix_len);
				key->r[key->n].ip = ip;
				key->r[key->n++].len = r->prefix_len;
			}
		} else {
			key->valid = false;
		}
		path_pop(&v->path, m2);
	}
	path_pop(&v->path, mark);
}

static bool range_in(const struct range *r, const struct chain_key *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->r[i].len == r->len && k->r[i].ip.family == r->ip.family &&
		    !memcmp(k->r[i].ip.bytes, r->ip.bytes, sizeof(r->ip.bytes)))
			return true;
	return false;
}

/* No prefix ranges: every address, 0.0.0.0/0 and ::/0. */
static void key_any(struct chain_key *key)
{
	if (key->n)
		return;
	memset(key->r, 0, 2 * sizeof(key->r[0]));
	key->r[0].ip.family = AF_INET;
	key->r[1].ip.family = AF_INET6;
	key->n = 2;
}

/*
 * Chains a and b overlap when they have the destination port and one
 * prefix in common (Envoy refuses them: "multiple filter chains with the
 * same matching rules"); the shared prefix into text.
 */
static bool overlap(const struct chain_key *a, const struct chain_key *b,
		    char *text, size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	size_t i;

	if (!a->valid || !b->valid || a->port != b->port)
		return false;
	for (i = 0; i < a->n; i++) {
		if (!range_in(&a->r[i], b))
			continue;
		inet_ntop(a->r[i].ip.family, a->r[i].ip.bytes, ip, sizeof(ip));
		snprintf(text, size, "%s/%u", ip, a->r[i].len);
		return true;
	}
	return false;
}

static void validate_filter(struct vctx *v, const Kmesh__Filter *f, bool last)
{
	size_t mark;

	check_name(v, "name", f->name, false);
	switch (f->config_case) {
	case KMESH__FILTER__CONFIG_HTTP_CONNECTION_MANAGER:
		mark = path_field(&v->path, "http_connection_manager");
		if (f->http_connection_manager) {
			check_name(v, "stat_prefix",
				   f->http_connection_manager->stat_prefix, false);
			if (f->http_connection_manager->strip_any_host_port &&
			    f->http_connection_manager->strip_matching_host_port)
				verr_at(v, "strip_matching_host_port",
					"and strip_any_host_port: one at most");
			check_ref(v, "route_config_name",
				  f->http_connection_manager->route_config_name,
				  &v->route_configs, "route config");
			check_rate_limit(v, "local_ratelimit",
					 f->http_connection_manager->local_ratelimit);
		}
		break;
	case KMESH__FILTER__CONFIG_TCP_PROXY:
		mark = path_field(&v->path, "tcp_proxy");
		if (f->tcp_proxy) {
			check_name(v, "stat_prefix", f->tcp_proxy->stat_prefix,
				   false);
			check_ref(v, "cluster", f->tcp_proxy->cluster,
				  &v->clusters, "cluster");
		}
		break;
	case KMESH__FILTER__CONFIG_LOCAL_RATELIMIT:
		check_rate_limit(v, "local_ratelimit", f->local_ratelimit);
		/* it passes the connection on: a terminal one must follow */
		if (last)
			verr(v, "local_ratelimit must be followed by an http_connection_manager or tcp_proxy");
		return;
	default:
		verr(v, "no http_connection_manager, tcp_proxy or local_ratelimit");
		return;
	}
	/* Both are terminal: they take the connection over. */
	if (!last)
		verr(v, "must be the last filter of its chain");
	path_pop(&v->path, mark);
}

static void validate_chain(struct vctx *v, const Kmesh__FilterChain *fc,
			   struct chain_key *key)
{
	size_t i, mark;

	check_name(v, "name", fc->name, false);
	validate_match(v, fc->filter_chain_match, key);
	if (!fc->n_filters)
		verr_at(v, "filters", "at least one filter is required");
	check_count(v, "filters", fc->n_filters, KM_MAX_FILTERS, "filters");
	for (i = 0; i < fc->n_filters; i++) {
		mark = path_field(&v->path, "filters");
		path_index(&v->path, i);
		validate_filter(v, fc->filters[i], i + 1 == fc->n_filters);
		path_pop(&v->path, mark);
	}
}

void validate_listener(struct vctx *v, const Kmesh__Listener *l, size_t i)
{
	char shared[INET6_ADDRSTRLEN + 8];
	struct chain_key *keys;
	size_t j, k, mark;

	check_name(v, "name", l->name, true);
	validate_address(v, l->address, i);
	if (!l->n_filter_chains)
		verr_at(v, "filter_chains", "at least one filter chain is required");
	check_count(v, "filter_chains", l->n_filter_chains, KM_MAX_FILTER_CHAINS,
		    "filter chains");
	keys = calloc(l->n_filter_chains + 1, sizeof(*keys));
	if (!keys) {
		verr(v, "out of memory");
		return;
	}
	for (j = 0; j < l->n_filter_chains; j++) {
		mark = path_field(&v->path, "filter_chains");
		path_index(&v->path, j);
		validate_chain(v, l->filter_chains[j], &keys[j]);
		key_any(&keys[j]);
		for (k = 0; k < j; k++) {
			if (overlap(&keys[k], &keys[j], shared, sizeof(shared))) {
				verr_at(v, "filter_chain_match",
					"overlaps filter_chains[%zu]: both match destination port %u and prefix %s",
					k, keys[j].port, shared);
				break;
			}
		}
		path_pop(&v->path, mark);
	}
	free(keys);
}

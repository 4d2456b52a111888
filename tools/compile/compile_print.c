// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The compiled tables as text, for `kmeshctl compile`, tests and
 * debugging: one section per table, one line per record ("[id] ..."),
 * ranges of child ids as [first,end), names and strings double-quoted
 * (", \ and bytes outside printable ASCII escaped as \xNN), "-" for an
 * unnamed object. Addresses are printed as configured (IPv4 dotted,
 * prefixes with their IPv4 length), not in their v4-mapped form.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "compile.h"

static void str(FILE *o, const __u8 *s, size_t n)
{
	size_t i;

	fputc('"', o);
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fprintf(o, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] >= 0x7f)
			fprintf(o, "\\x%02x", s[i]);
		else
			fputc(s[i], o);
	}
	fputc('"', o);
}

static void name(FILE *o, char *const *names, size_t id)
{
	const char *s = names ? names[id] : NULL;

	if (!s)
		fputs("-", o);
	else
		str(o, (const __u8 *)s, strlen(s));
}

static void range(FILE *o, const char *what, __u32 first, __u32 n)
{
	fprintf(o, " %s=[%u,%u)", what, first, first + n);
}

static int is_v4(const __u8 a[16])
{
	static const __u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	int i;

	for (i = 0; i < 12; i++)
		if (a[i] != mapped[i])
			return 0;
	return 1;
}

/* "1.2.3.4" or "2001:db8::1" (bracketed with a port) */
static void addr(FILE *o, const __u8 a[16], int port)
{
	char text[INET6_ADDRSTRLEN];

	if (is_v4(a)) {
		inet_ntop(AF_INET, a + 12, text, sizeof(text));
		fprintf(o, port >= 0 ? "%s:%d" : "%s", text, port);
	} else {
		inet_ntop(AF_INET6, a, text, sizeof(text));
		fprintf(o, port >= 0 ? "[%s]:%d" : "%s", text, port);
	}
}

static void listeners(FILE *o, const struct kmesh_compiled *c)
{
	size_t i;

	fprintf(o, "listeners: %zu\n", c->n_listeners);
	for (i = 0; i < c->n_listeners; i++) {
		const struct km_listener_entry *e = &c->listeners[i];

		fprintf(o, "  [%u] ", e->value.id);
		name(o, c->listeners_names, i);
		fputc(' ', o);
		addr(o, e->key.addr, e->key.port);
		fprintf(o, " %s", e->key.protocol == KM_PROTO_TCP ? "tcp" : "?");
		range(o, "chains", e->value.first_chain, e->value.n_chains);
		fputc('\n', o);
	}
}

static void chains(FILE *o, const struct kmesh_compiled *c)
{
	size_t i, k;

	fprintf(o, "filter_chains: %zu\n", c->n_chains);
	for (i = 0; i < c->n_chains; i++) {
		const struct km_filter_chain *v = &c->chains[i];

		fprintf(o, "  [%zu] ", i);
		name(o, c->chains_names, i);
		fprintf(o, " listener=%u port=", v->listener_id);
		fprintf(o, v->dst_port ? "%u" : "any", v->dst_port);
		fputs(" prefixes=", o);
		if (!v->n_prefixes)
			fputs("any", o);
		for (k = 0; k < v->n_prefixes; k++) {
			const struct km_cidr *p = &v->prefixes[k];

			fputs(k ? "," : "", o);
			if (p->family == KM_AF_INET6 && is_v4(p->addr))
				fputs("::ffff:", o);	/* an IPv6 prefix */
			addr(o, p->addr, -1);
			fprintf(o, "/%u", p->family == KM_AF_INET ?
					  p->len - 96 : p->len);
		}
		range(o, "filters", v->first_filter, v->n_filters);
		fputc('\n', o);
	}
}

static void filters(FILE *o, const struct kmesh_compiled *c)
{
	size_t i;

	fprintf(o, "filters: %zu\n", c->n_filters);
	for (i = 0; i < c->n_filters; i++) {
		const struct km_filter *v = &c->filters[i];
		int hcm = v->type == KM_FILTER_HCM;

		fprintf(o, "  [%zu] ", i);
		name(o, c->filters_names, i);
		if (v->type == KM_FILTER_LOCAL_RATELIMIT) {
			fprintf(o, " chain=%u local_ratelimit rate_limit=%u\n",
				v->chain_id, v->target);
			continue;
		}
		fprintf(o, " chain=%u %s %s=%u (", v->chain_id,
			hcm ? "http_connection_manager" : "tcp_proxy",
			hcm ? "route_config" : "cluster", v->target);
		name(o, hcm ? c->route_configs_names : c->clusters_names,
		     v->target);
		fputc(')', o);
		if (v->flags & KM_FILTER_F_STRIP_ANY_PORT)
			fputs(" strip_any_host_port", o);
		if (v->flags & KM_FILTER_F_STRIP_MATCHING_PORT)
			fputs(" strip_matching_host_port", o);
		if (v->rl)
			fprintf(o, " http_rate_limit=%u", v->rl - 1);
		fputc('\n', o);
	}
}

static void route_configs(FILE *o, const struct kmesh_compiled *c)
{
	static const char *const kinds[] = {
		[KM_DOMAIN_EXACT] = "exact", [KM_DOMAIN_SUFFIX] = "suffix",
		[KM_DOMAIN_PREFIX] = "prefix", [KM_DOMAIN_ANY] = "any",
	};
	size_t i;

	fprintf(o, "route_configs: %zu\n", c->n_route_configs);
	for (i = 0; i < c->n_route_configs; i++) {
		const struct km_route_config *v = &c->route_configs[i];

		fprintf(o, "  [%zu] ", i);
		name(o, c->route_configs_names, i);
		range(o, "vhosts", v->first_vhost, v->n_vhosts);
		range(o, "domains", v->first_domain, v->n_domains);
		if (v->n_exact)
			fprintf(o, " exact=%u", v->n_exact);
		range(o, "routes", v->first_route, v->n_routes);
		if (v->flags & KM_RC_F_IGNORE_PORT)
			fputs(" ignore_port_in_host_matching", o);
		fputc('\n', o);
	}
	fprintf(o, "virtual_hosts: %zu\n", c->n_vhosts);
	for (i = 0; i < c->n_vhosts; i++) {
		fprintf(o, "  [%zu] ", i);
		name(o, c->vhosts_names, i);
		fprintf(o, " route_config=%u", c->vhosts[i].route_config_id);
		range(o, "routes", c->vhosts[i].first_route,
		      c->vhosts[i].n_routes);
		fputc('\n', o);
	}
	fprintf(o, "domains: %zu\n", c->n_domains);
	for (i = 0; i < c->n_domains; i++) {
		const struct km_domain *d = &c->domains[i];

		fprintf(o, "  [%zu] vhost=%u %s ", i, d->vhost_id,
			d->kind <= KM_DOMAIN_ANY && kinds[d->kind] ?
			kinds[d->kind] : "?");
		str(o, d->name, d->len);
		fprintf(o, " len=%u\n", d->len);
	}
}

static void routes(FILE *o, const struct kmesh_compiled *c)
{
	size_t i, k;

	fprintf(o, "routes: %zu\n", c->n_routes);
	for (i = 0; i < c->n_routes; i++) {
		const struct km_route *v = &c->routes[i];

		fprintf(o, "  [%u] ", v->id);
		name(o, c->routes_names, i);
		fprintf(o, " vhost=%u %s ", v->vhost_id,
			v->path_kind == KM_PATH_PREFIX ? "prefix" : "path");
		str(o, v->path, v->path_len);
		range(o, "headers", v->first_header, v->n_headers);
		if (v->rl)
			fprintf(o, " rate_limit=%u", v->rl - 1);
		if (v->action == KM_ACT_CLUSTER) {
			fprintf(o, " cluster=%u (", v->cluster_id);
			name(o, c->clusters_names, v->cluster_id);
			fputs(")\n", o);
			continue;
		}
		fprintf(o, " weighted=%u total_weight=%u\n", v->n_weighted,
			v->total_weight);
		for (k = 0; k < v->n_weighted; k++) {
			fprintf(o, "      cluster=%u (", v->weighted[k].cluster_id);
			name(o, c->clusters_names, v->weighted[k].cluster_id);
			fprintf(o, ") cum_weight=%u\n", v->weighted[k].cum_weight);
		}
	}
}

static void headers(FILE *o, const struct kmesh_compiled *c)
{
	static const char *const kinds[] = {
		[KM_HDR_EXACT] = "exact", [KM_HDR_PREFIX] = "prefix",
		[KM_HDR_SUFFIX] = "suffix", [KM_HDR_PRESENT] = "present",
		[KM_HDR_CONTAINS] = "contains",
	};
	static const char *const sources[] = {
		[KM_HDR_SRC_FIELD] = "", [KM_HDR_SRC_METHOD] = " (:method)",
		[KM_HDR_SRC_PATH] = " (:path)",
		[KM_HDR_SRC_AUTHORITY] = " (:authority)",
	};
	size_t i;

	fprintf(o, "header_matchers: %zu\n", c->n_headers);
	for (i = 0; i < c->n_headers; i++) {
		const struct km_header *h = &c->headers[i];

		fprintf(o, "  [%zu] route=%u ", i, h->route_id);
		str(o, h->name, h->name_len);
		fprintf(o, "%s %s%s", h->source <= KM_HDR_SRC_AUTHORITY ?
			sources[h->source] : " (?)", h->invert ? "not " : "",
			h->kind <= KM_HDR_CONTAINS && kinds[h->kind] ?
			kinds[h->kind] : "?");
		if (h->kind != KM_HDR_PRESENT) {
			fputc(' ', o);
			str(o, h->value, h->value_len);
		}
		if (h->flags & KM_HDR_F_IGNORE_CASE)
			fputs(" ignore_case", o);
		if (h->flags & KM_HDR_F_MISSING_EMPTY)
			fputs(" treat_missing_header_as_empty", o);
		fputc('\n', o);
	}
}

static void clusters(FILE *o, const struct kmesh_compiled *c)
{
	static const char *const lb[] = {
		[KM_LB_ROUND_ROBIN] = "round_robin", [KM_LB_RANDOM] = "random",
		[KM_LB_LEAST_REQUEST] = "least_request",
	};
	size_t i;

	fprintf(o, "clusters: %zu\n", c->n_clusters);
	for (i = 0; i < c->n_clusters; i++) {
		const struct km_cluster *v = &c->clusters[i];

		fprintf(o, "  [%u] ", v->id);
		name(o, c->clusters_names, i);
		fprintf(o, " %s max_connections=%u",
			v->lb_policy <= KM_LB_LEAST_REQUEST ? lb[v->lb_policy] : "?",
			v->max_connections);
		range(o, "endpoints", v->first_endpoint, v->n_endpoints);
		fprintf(o, " total_weight=%u\n", v->total_weight);
	}
	fprintf(o, "endpoints: %zu\n", c->n_endpoints);
	for (i = 0; i < c->n_endpoints; i++) {
		const struct km_endpoint *e = &c->endpoints[i];

		fprintf(o, "  [%zu] cluster=%u ", i, e->cluster_id);
		addr(o, e->addr, e->port);
		fprintf(o, " %s weight=%u\n",
			e->family == KM_AF_INET ? "ipv4" : "ipv6", e->weight);
	}
}

/* Only a config with rate limits has the section. */
static void ratelimits(FILE *o, const struct kmesh_compiled *c)
{
	static const char *const owners[] = {
		[KM_RL_FILTER] = "filter", [KM_RL_HCM] = "http_filter",
		[KM_RL_ROUTE_CONFIG] = "route_config", [KM_RL_VHOST] = "vhost",
		[KM_RL_ROUTE] = "route",
	};
	size_t i;

	if (!c->n_ratelimits)
		return;
	fprintf(o, "rate_limits: %zu\n", c->n_ratelimits);
	for (i = 0; i < c->n_ratelimits; i++) {
		const struct km_ratelimit *v = &c->ratelimits[i];

		fprintf(o, "  [%zu] %s=%u ", i,
			v->owner <= KM_RL_ROUTE && owners[v->owner] ?
			owners[v->owner] : "?", v->owner_id);
		if (!v->max_tokens)
			fputs("unlimited\n", o);
		else
			fprintf(o, "max_tokens=%u tokens_per_fill=%u fill_ns=%llu\n",
				v->max_tokens, v->tokens_per_fill,
				(unsigned long long)v->fill_ns);
	}
}

int kmesh_compiled_print(const struct kmesh_compiled *c, FILE *o)
{
	listeners(o, c);
	chains(o, c);
	filters(o, c);
	route_configs(o, c);
	routes(o, c);
	headers(o, c);
	clusters(o, c);
	ratelimits(o, c);
	return ferror(o) ? -1 : 0;
}

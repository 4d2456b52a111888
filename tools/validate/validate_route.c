// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Validation of a route configuration: virtual hosts, domains, routes. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/limits.h"
#include "validate_int.h"

struct domain_pos {
	size_t vhost, index;
};

#define HMS(x) KMESH__HEADER_MATCHER__HEADER_MATCH_SPECIFIER_##x
#define SMP(x) KMESH__STRING_MATCHER__MATCH_PATTERN_##x

/* A pseudo-header name (":...") must be one kmesh sees. */
static void check_header_name(struct vctx *v, const char *name)
{
	char qb[DIAG_QUOTE_SIZE];

	if (!check_name(v, "name", name, true) || name[0] != ':')
		return;
	if (strcasecmp(name, ":method") && strcasecmp(name, ":path") &&
	    strcasecmp(name, ":authority"))
		verr_at(v, "name", "%s: kmesh matches the pseudo-headers :method, :path and :authority only",
			vq(qb, name));
}

static void validate_string_match(struct vctx *v, const Kmesh__StringMatcher *s)
{
	size_t mark = path_field(&v->path, "string_match");

	switch (s ? s->match_pattern_case : SMP(_NOT_SET)) {
	case SMP(EXACT):
		check_match_len(v, "exact", s->exact, false);
		break;
	case SMP(PREFIX):
		check_match_len(v, "prefix", s->prefix, true);
		break;
	case SMP(SUFFIX):
		check_match_len(v, "suffix", s->suffix, true);
		break;
	case SMP(CONTAINS):
		check_match_len(v, "contains", s->contains, true);
		break;
	default:
		verr(v, "no exact, prefix, suffix or contains");
	}
	path_pop(&v->path, mark);
}

/* A matcher with a name only is a presence match (Envoy's default). */
static void validate_header(struct vctx *v, const Kmesh__HeaderMatcher *h)
{
	check_header_name(v, h->name);
	switch (h->header_match_specifier_case) {
	case HMS(EXACT_MATCH):
		check_match_len(v, "exact_match", h->exact_match, false);
		break;
	case HMS(PREFIX_MATCH):
		check_match_len(v, "prefix_match", h->prefix_match, true);
		break;
	case HMS(SUFFIX_MATCH):
		check_match_len(v, "suffix_match", h->suffix_match, true);
		break;
	case HMS(CONTAINS_MATCH):
		check_match_len(v, "contains_match", h->contains_match, true);
		break;
	case HMS(STRING_MATCH):
		validate_string_match(v, h->string_match);
		break;
	default:	/* present_match, or none: present */
		break;
	}
}

static void validate_match(struct vctx *v, const Kmesh__RouteMatch *m)
{
	char qb[DIAG_QUOTE_SIZE];
	const char *field, *s;
	size_t mark, i;

	if (!m || m->path_specifier_case ==
		  KMESH__ROUTE_MATCH__PATH_SPECIFIER__NOT_SET) {
		verr_at(v, "match", "no path specifier (prefix or path)");
	} else {
		bool prefix = m->path_specifier_case ==
			      KMESH__ROUTE_MATCH__PATH_SPECIFIER_PREFIX;

		field = prefix ? "prefix" : "path";
		s = prefix ? m->prefix : m->path;
		mark = path_field(&v->path, "match");
		if (check_match_len(v, field, s, true) && s[0] != '/')
			verr_at(v, field, "%s must start with \"/\"", vq(qb, s));
		path_pop(&v->path, mark);
	}
	if (!m)
		return;
	mark = path_field(&v->path, "match");
	check_count(v, "headers", m->n_headers, KM_MAX_HEADERS,
		    "header matchers");
	for (i = 0; i < m->n_headers; i++) {
		size_t m2 = path_field(&v->path, "headers");

		path_index(&v->path, i);
		validate_header(v, m->headers[i]);
		path_pop(&v->path, m2);
	}
	path_pop(&v->path, mark);
}

static void validate_weighted(struct vctx *v, const Kmesh__WeightedCluster *wc)
{
	size_t n = wc ? wc->n_clusters : 0, i, mark;
	uint64_t sum = 0;

	mark = path_field(&v->path, "weighted_clusters");
	if (!n)
		verr_at(v, "clusters", "at least one cluster is required");
	check_count(v, "clusters", n, KM_MAX_WEIGHTED_CLUSTERS, "clusters");
	for (i = 0; i < n; i++) {
		const Kmesh__WeightedCluster__ClusterWeight *cw = wc->clusters[i];
		size_t m2 = path_field(&v->path, "clusters");

		path_index(&v->path, i);
		check_ref(v, "name", cw->name, &v->clusters, "cluster");
		sum += cw->weight;
		path_pop(&v->path, m2);
	}
	if (sum > UINT32_MAX)
		verr(v, "weights sum to %" PRIu64 ", limit is %" PRIu32, sum,
		     UINT32_MAX);
	else if (n && !sum)
		verr_at(v, "clusters", "the weights sum to 0: one at least must be greater than 0");
	path_pop(&v->path, mark);
}

static void validate_action(struct vctx *v, const Kmesh__RouteAction *a)
{
	size_t mark;

	if (!a || a->cluster_specifier_case ==
		  KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER__NOT_SET) {
		verr_at(v, "route", "no cluster or weighted_clusters");
		return;
	}
	mark = path_field(&v->path, "route");
	if (a->cluster_specifier_case ==
	    KMESH__ROUTE_ACTION__CLUSTER_SPECIFIER_CLUSTER)
		check_ref(v, "cluster", a->cluster, &v->clusters, "cluster");
	else
		validate_weighted(v, a->weighted_clusters);
	path_pop(&v->path, mark);
}

static void validate_route(struct vctx *v, const Kmesh__Route *r)
{
	check_name(v, "name", r->name, false);
	validate_match(v, r->match);
	validate_action(v, r->route);
	check_rate_limit(v, "local_ratelimit", r->local_ratelimit);
}

static void validate_domains(struct vctx *v, const Kmesh__VirtualHost *vh,
			     size_t j, struct nameset *seen,
			     struct domain_pos *pos, size_t *n_pos)
{
	char qb[DIAG_QUOTE_SIZE];
	size_t k, mark, first;

	if (!vh->n_domains)
		verr_at(v, "domains", "at least one domain is required");
	check_count(v, "domains", vh->n_domains, KM_MAX_DOMAINS, "domains");
	for (k = 0; k < vh->n_domains; k++) {
		mark = path_field(&v->path, "domains");
		path_index(&v->path, k);
		if (check_domain(v, vh->domains[k])) {
			pos[*n_pos].vhost = j;
			pos[*n_pos].index = k;
			first = nameset_add(seen, vh->domains[k], *n_pos);
			if (first == *n_pos)
				++*n_pos;
			else if (first != (size_t)-1)
				verr(v, "duplicate domain %s (first at virtual_hosts[%zu].domains[%zu])",
				     vq(qb, vh->domains[k]), pos[first].vhost,
				     pos[first].index);
		}
		path_pop(&v->path, mark);
	}
}

/* A domain BPF scans: "*", or one with a leading or trailing '*' (Envoy's
 * wildcards); the exact ones it looks up. */
static bool is_wildcard(const char *domain)
{
	size_t n = strlen(domain);

	return n && (domain[0] == '*' || domain[n - 1] == '*');
}

void validate_route_config(struct vctx *v, const Kmesh__RouteConfiguration *rc)
{
	size_t wild = 0, domains = 0, n_pos = 0, j, k, mark, first;
	struct nameset vhosts = { 0 }, seen = { 0 };
	struct domain_pos *pos;

	check_name(v, "name", rc->name, true);
	check_rate_limit(v, "local_ratelimit", rc->local_ratelimit);
	check_count(v, "virtual_hosts", rc->n_virtual_hosts,
		    KM_MAX_VIRTUAL_HOSTS, "virtual hosts");
	for (j = 0; j < rc->n_virtual_hosts; j++) {
		const Kmesh__VirtualHost *vh = rc->virtual_hosts[j];

		domains += vh->n_domains;
		for (k = 0; k < vh->n_domains; k++)
			wild += is_wildcard(vh->domains[k]);
	}
	if (wild > KM_MAX_RC_WILDCARDS)
		verr(v, "%zu wildcard domains, limit is %d (exact domains: any number)",
		     wild, KM_MAX_RC_WILDCARDS);

	pos = calloc(domains + 1, sizeof(*pos));
	if (!pos || nameset_init(&vhosts, rc->n_virtual_hosts) ||
	    nameset_init(&seen, domains)) {
		verr(v, "out of memory");
		goto out;
	}
	for (j = 0; j < rc->n_virtual_hosts; j++) {
		const Kmesh__VirtualHost *vh = rc->virtual_hosts[j];

		mark = path_field(&v->path, "virtual_hosts");
		path_index(&v->path, j);
		if (check_name(v, "name", vh->name, true)) {
			first = nameset_add(&vhosts, vh->name, j);
			check_unique(v, "virtual host", "virtual_hosts", vh->name,
				     j, first);
		}
		validate_domains(v, vh, j, &seen, pos, &n_pos);
		check_rate_limit(v, "local_ratelimit", vh->local_ratelimit);
		check_count(v, "routes", vh->n_routes, KM_MAX_ROUTES, "routes");
		for (k = 0; k < vh->n_routes; k++) {
			size_t m2 = path_field(&v->path, "routes");

			path_index(&v->path, k);
			validate_route(v, vh->routes[k]);
			path_pop(&v->path, m2);
		}
		path_pop(&v->path, mark);
	}
out:
	nameset_free(&vhosts);
	nameset_free(&seen);
	free(pos);
}

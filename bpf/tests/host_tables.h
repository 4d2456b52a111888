/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lookups lib/route_match.h asks its includer for, over plain arrays:
 * what the host tests (bpf/tests/, tools/tests/unit_route.c) match
 * against. One generation (gen is ignored by the tables, kept in the
 * exact domains' keys); a record's id is its index.
 * Point km_tables at the tables before matching; include this file from
 * one file of a program, after lib/route_match.h.
 */
#ifndef KMESH_BPF_TESTS_HOST_TABLES_H
#define KMESH_BPF_TESTS_HOST_TABLES_H

#include <stddef.h>

#include "lib/route_match.h"

struct km_tables {
	const struct km_domain *domains;
	__u32 n_domains;
	const struct km_vhost *vhosts;
	__u32 n_vhosts;
	const struct km_route *routes;
	__u32 n_routes;
	const struct km_header *headers;
	__u32 n_headers;
	/* for km_exact_domains: the route configs, by id */
	const struct km_route_config *route_configs;
	__u32 n_route_configs;
};

static const struct km_tables *km_tables;

#define KM_HOST_GET(type, table)					\
KM_INLINE const struct km_##type *km_get_##type(__u32 gen, __u32 id)	\
{									\
	(void)gen;							\
	return id < km_tables->n_##table ? &km_tables->table[id] : NULL; \
}

/* Domain records read (the scan of wildcards), for tests of its cost. */
static __u32 km_domains_read;

KM_INLINE const struct km_domain *km_get_domain(__u32 gen, __u32 id)
{
	(void)gen;
	km_domains_read++;
	return id < km_tables->n_domains ? &km_tables->domains[id] : NULL;
}

KM_HOST_GET(vhost, vhosts)
KM_HOST_GET(route, routes)
KM_HOST_GET(header, headers)

/*
 * km_exact_domains as the loader writes it: each of the first n_exact
 * domains of each route config, keyed by km_domain_key_of(). Looked up
 * by comparing keys, so what BPF builds from the Host must be exactly
 * what the loader builds from the domain.
 */
KM_INLINE const __u32 *km_get_exact(const struct km_domain_key *k)
{
	const struct km_route_config *rc;
	struct km_domain_key dk;
	__u32 i;

	if (k->route_config_id >= km_tables->n_route_configs)
		return NULL;
	rc = &km_tables->route_configs[k->route_config_id];
	for (i = 0; i < rc->n_exact; i++) {
		const struct km_domain *d;

		if (rc->first_domain + i >= km_tables->n_domains)
			return NULL;
		d = &km_tables->domains[rc->first_domain + i];
		km_domain_key_of(&dk, k->gen, k->route_config_id, d);
		if (!__builtin_memcmp(&dk, k, sizeof(dk)))
			return &d->vhost_id;
	}
	return NULL;
}

#endif

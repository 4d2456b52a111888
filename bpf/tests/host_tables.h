/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lookups lib/route_match.h asks its includer for, over plain arrays:
 * what the host tests (bpf/tests/, tools/tests/unit_route.c) match
 * against. One generation (gen is ignored); a record's id is its index.
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
};

static const struct km_tables *km_tables;

#define KM_HOST_GET(type, table)					\
KM_INLINE const struct km_##type *km_get_##type(__u32 gen, __u32 id)	\
{									\
	(void)gen;							\
	return id < km_tables->n_##table ? &km_tables->table[id] : NULL; \
}

KM_HOST_GET(domain, domains)
KM_HOST_GET(vhost, vhosts)
KM_HOST_GET(route, routes)
KM_HOST_GET(header, headers)

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The records one generation of a compiled config has in the maps the
 * loader writes (bpf/kmesh.h), map by map, each with its key and value:
 * what dataplane/generation.c writes, and later deletes again by these
 * keys instead of walking the maps for them. The tables by (gen, id),
 * the listeners by address, the index of exact domains
 * (struct km_domain_key) and the names (struct km_name_key): every
 * listener, route and cluster (empty names too, so `stats` lists them),
 * and the route configs, virtual hosts, filter chains and filters that
 * have one. Plain C, no libbpf: host-tested.
 */
#ifndef KMESH_TOOLS_GENKEYS_H
#define KMESH_TOOLS_GENKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "compile/compile.h"

enum gk_map {
	GK_LISTENERS, GK_CHAINS, GK_FILTERS, GK_ROUTE_CONFIGS, GK_VHOSTS,
	GK_DOMAINS, GK_EXACT_DOMAINS, GK_ROUTES, GK_HEADERS, GK_CLUSTERS,
	GK_ENDPOINTS, GK_RATELIMITS, GK_NAMES,
	GK_MAPS
};

struct gk_map_info {
	const char *name;	/* the pinned map */
	size_t key_size, value_size;
};

const struct gk_map_info *gk_map_info(enum gk_map m);

/* The names of c by kind, in the order km_names keys them: listeners,
 * routes, clusters (the counted kinds, gk_kind_counted()), then route
 * configs, virtual hosts, chains and filters. */
struct gk_names {
	__u32 kind;
	char **names;
	size_t n;
};

#define GK_NAME_KINDS 7
void gk_names_of(const struct kmesh_compiled *c,
		 struct gk_names out[GK_NAME_KINDS]);
bool gk_kind_counted(__u32 kind);

/* Called with each record of a map: key (its gen set) and value, valid
 * for the call only. Returns 0 to go on, anything else stops the walk. */
typedef int (*gk_fn)(const void *key, const void *value, void *arg);

/* Each record c has in map m under generation gen, in a fixed order;
 * returns the first non-zero fn() result, or 0. */
int gk_each(const struct kmesh_compiled *c, __u32 gen, enum gk_map m,
	    gk_fn fn, void *arg);

/* How many records c has in map m. */
size_t gk_count(const struct kmesh_compiled *c, enum gk_map m);

#endif

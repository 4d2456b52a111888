/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The compile stage: a validated kmesh.Config -> the flat, fixed-size
 * tables of include/kmesh/maps.h, with ids in config order (domains: in
 * match order per route config). Keys and values are what a map writer
 * stores, with gen left 0: the writer sets the generation.
 */
#ifndef KMESH_TOOLS_COMPILE_H
#define KMESH_TOOLS_COMPILE_H

#include <stddef.h>
#include <stdio.h>
#include <kmesh/maps.h>

#include "lib/diag.h"
#include "kmesh.pb-c.h"

struct km_listener_entry {
	struct km_listener_key key;	/* gen 0 */
	struct km_listener value;
};

/* One table: n records, and the config name of each (for listings;
 * NULL for kinds without names or with an empty one). */
#define KM_TABLE(type, field) type *field; char **field##_names; size_t n_##field

struct kmesh_compiled {
	KM_TABLE(struct km_listener_entry, listeners);
	KM_TABLE(struct km_filter_chain, chains);
	KM_TABLE(struct km_filter, filters);
	KM_TABLE(struct km_route_config, route_configs);
	KM_TABLE(struct km_vhost, vhosts);
	KM_TABLE(struct km_domain, domains);
	KM_TABLE(struct km_route, routes);
	KM_TABLE(struct km_header, headers);
	KM_TABLE(struct km_cluster, clusters);
	KM_TABLE(struct km_endpoint, endpoints);
	KM_TABLE(struct km_ratelimit, ratelimits);
};

/*
 * Compile cfg, which config_validate() accepted, into *out. Returns 0, or
 * the number of problems added to d ("PATH: problem": strings longer than
 * a table field, tables over capacity, domains equal once lowercased),
 * with *out empty. kmesh_compiled_free() either way.
 */
size_t kmesh_compile(const Kmesh__Config *cfg, struct kmesh_compiled *out,
		     struct diag *d);
void kmesh_compiled_free(struct kmesh_compiled *c);
/* Free a names array of n entries (entries may be NULL). */
void kmesh_names_free(char **names, size_t n);

/* The tables as deterministic text (kmeshctl compile). Returns 0, or -1
 * on a write error. */
int kmesh_compiled_print(const struct kmesh_compiled *c, FILE *out);

#endif

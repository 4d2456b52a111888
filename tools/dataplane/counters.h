/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The counters of a generation in the pinned maps: per listener, route
 * and cluster, the live per-CPU counts the data plane keeps plus the
 * base carried over from earlier generations, with the config names
 * `apply` stores next to them (include/kmesh/maps.h, km_names; also
 * those of the kinds without counters, for `kmeshctl export`).
 */
#ifndef KMESH_TOOLS_COUNTERS_H
#define KMESH_TOOLS_COUNTERS_H

#include <stddef.h>
#include <linux/types.h>
#include <kmesh/maps.h>

#include "compile/compile.h"
#include "decompile/stats.h"	/* struct km_counted */

/* Every counted object (listener, route, cluster) of generation gen,
 * sorted by kind then id. Returns 0 (free *out), or -1 with a message
 * on stderr. */
int counters_read(const char *dir, __u32 gen, struct km_counted **out,
		  size_t *n);

/* The names km_names holds for generation gen, of every kind (counters
 * zero), sorted by kind then id. Returns 0 (free *out), or -1. */
int counters_read_names(const char *dir, __u32 gen, struct km_counted **out,
			size_t *n);

/* Store the names of the compiled config under gen: every listener,
 * route and cluster (empty names too), and the route configs, virtual
 * hosts, filter chains and filters that have one. */
int counters_write_names(const char *dir, const struct kmesh_compiled *c,
			 __u32 gen);

/* Carry the totals of generation old over to generation gen, for the
 * objects of the same kind and (unique, non-empty) name. */
int counters_carry(const char *dir, __u32 old, __u32 gen);

#endif

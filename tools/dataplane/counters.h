/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The counters of a generation in the pinned maps: per listener, route
 * and cluster, the live per-CPU counts the data plane keeps plus the
 * base carried over from earlier generations, with the config names
 * `apply` stores next to them (include/kmesh/maps.h, km_names, written
 * with the generation: dataplane/genkeys.h; also those of the kinds
 * without counters, for `kmeshctl export`).
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

/* Carry the totals of generation old over to generation gen, for the
 * objects of the same kind and (unique, non-empty) name. old_c and c:
 * the configs old and gen were written from, whose names are then not
 * read back from km_names (NULL: they are). */
int counters_carry(const char *dir, __u32 old, __u32 gen,
		   const struct kmesh_compiled *old_c,
		   const struct kmesh_compiled *c);

#endif

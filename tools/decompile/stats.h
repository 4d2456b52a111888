/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The counters of a generation, as `kmeshctl stats` prints them: per
 * listener, route and cluster, its name (or id) and its totals, as a
 * kmesh.Stats message (proto/kmesh_stats.proto) written by the generic
 * YAML writer, so every name reads back as itself whatever it holds.
 * dataplane/counters.c fills the records from the pinned maps.
 */
#ifndef KMESH_TOOLS_STATS_H
#define KMESH_TOOLS_STATS_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include <kmesh/maps.h>

struct km_counted {
	__u32 kind;		/* enum km_kind */
	__u32 id;
	char name[sizeof(struct km_name)];
	struct km_counters c;	/* live + base */
	int dup;		/* the name is not unique in its kind */
};

/*
 * Write the counters v[0..n) of generation gen (sorted by kind, then
 * id) as YAML to out:
 *
 *	generation: 2
 *	listeners:
 *	- name: "web"
 *	  connections: 3
 *	  refusals: 2
 *	  rate_limited: 1
 *	routes:
 *	- id: 4
 *	...
 *
 * Names are always double-quoted; an object without one is listed by
 * id; kinds without counters (and empty kinds) are left out. Returns 0,
 * or -1 with a reason in *err (static text: out of memory, a write
 * error).
 */
int stats_print(const struct km_counted *v, size_t n, __u32 gen, FILE *out,
		const char **err);

#endif

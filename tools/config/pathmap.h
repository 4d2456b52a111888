/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Where each part of a kmesh.Config built from Envoy input came from:
 * pairs of a path in the kmesh.Config ("clusters[0].endpoints[1]") and
 * the path in the input it stands for
 * ("static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[1]").
 * Validation and compile errors name kmesh paths; pathmap_rewrite() puts
 * the input's paths in their place, the longest matching prefix winning.
 */
#ifndef KMESH_TOOLS_PATHMAP_H
#define KMESH_TOOLS_PATHMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"
#include "lib/strpool.h"

struct pathmap {
	struct pathmap_pair {
		const char *from, *to;	/* in strings */
	} *pairs;
	size_t n, cap;
	struct strpool strings;
	bool oom;
};

void pathmap_init(struct pathmap *m);
void pathmap_free(struct pathmap *m);
/* Map the kmesh path from (and everything below it) to to. */
void pathmap_add(struct pathmap *m, const char *from, const char *to);
/* Rewrite every stored message of d that starts with a mapped path
 * ("PATH: problem"). */
void pathmap_rewrite(const struct pathmap *m, struct diag *d);

#endif

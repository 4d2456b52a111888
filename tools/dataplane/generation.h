/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The records of the pinned maps, by generation (include/kmesh/maps.h):
 * writing one generation of a compiled config, deleting generations,
 * and deleting the state (km_cluster_active, ...) of objects that are
 * gone. The update protocol around them is dataplane/update.c's.
 */
#ifndef KMESH_TOOLS_GENERATION_H
#define KMESH_TOOLS_GENERATION_H

#include <stddef.h>
#include <linux/types.h>

#include "compile/compile.h"

/* Write every record of c as generation gen (c's state ids set), with
 * the names `stats` and `export` read back (dataplane/genkeys.h), in
 * batches. Returns 0, or -1 with a message on stderr. */
int gen_write(const char *dir, const struct kmesh_compiled *c, __u32 gen);

/* Delete the records of every generation but keep from every
 * generation-keyed map, walking each (in batches: a few calls per
 * map); *gone (if not NULL) counts the records deleted. For what an
 * interrupted update or another kmeshctl left. Returns 0, or -1 with a
 * message on stderr. */
int gen_sweep(const char *dir, __u32 keep, size_t *gone);

/*
 * Delete the records of generation gen only: when c is the config it
 * was written from (all of it or a part), by their keys (genkeys.h),
 * walking only the counter maps, whose records the data plane makes;
 * records not there are skipped. c NULL: walking every map. Returns 0
 * or -1.
 */
int gen_delete(const char *dir, const struct kmesh_compiled *c, __u32 gen);

/* Delete the state of every state id c's records do not have (c NULL:
 * all of it). Only safe once no program can still be deciding under a
 * generation that has them. Returns 0, or -1 with a message. */
int state_sweep(const char *dir, const struct kmesh_compiled *c);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * State ids (include/kmesh/maps.h, "state that survives updates"): the
 * keys under which the data plane keeps what an object accumulates
 * while connections come and go (a cluster's open connections and
 * round-robin cursor, an endpoint's live connections, a rate limit's
 * tokens). An object of a new config that has the identity of one of
 * the config it replaces gets that one's state id, so its state goes on;
 * any other gets a fresh one, never given before.
 */
#ifndef KMESH_TOOLS_STATE_IDS_H
#define KMESH_TOOLS_STATE_IDS_H

#include <stddef.h>
#include <linux/types.h>

#include "compile.h"

/*
 * Set the state_id of every stateful record of c: the one of its
 * counterpart in old (NULL or empty: none), else *next, which is then
 * advanced (0 counts as 1: state id 0 is never given). old's records
 * need the names the loader stores (km_names) for their identities.
 * Returns 0, or -1 when out of memory (c unchanged but for state ids).
 */
int state_ids_assign(struct kmesh_compiled *c, const struct kmesh_compiled *old,
		     __u64 *next);

/* The state ids of c's records, sorted, into *ids (free it), *n of
 * them. Returns 0, or -1 when out of memory. */
int state_ids_list(const struct kmesh_compiled *c, __u64 **ids, size_t *n);
/* Whether sid is one of the n sorted ids. */
int state_ids_has(const __u64 *ids, size_t n, __u64 sid);

#endif

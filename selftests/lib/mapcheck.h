/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The pinned maps of a loaded data plane (BPFFS/maps/NAME), read
 * directly, for the tests of what updates leave in them.
 */
#ifndef KMESH_MAPCHECK_H
#define KMESH_MAPCHECK_H

#include <linux/types.h>

/* Every map whose keys start with the __u32 generation. */
extern const char *const tu_gen_maps[];
/* Every map keyed by a __u64 state id. */
extern const char *const tu_state_maps[];

/* The active generation, or -1. */
long tu_active_gen(const char *bpffs);
/* The phase of the loader's record (enum km_phase), or -1. */
int tu_loader_phase(const char *bpffs);
/* Records of map of generation gen (other: of any other generation);
 * -1 on an error. */
long tu_records(const char *bpffs, const char *map, __u32 gen, int other);
/* Records of every generation-keyed map that are not of gen, or -1. */
long tu_records_not_of(const char *bpffs, __u32 gen);
/* Keys of the state map that no cluster, endpoint or rate limit of
 * generation gen has as its state id (state of removed objects), or -1. */
long tu_orphan_state(const char *bpffs, const char *map, __u32 gen);
/* Entries of the state map, or -1. */
long tu_state_entries(const char *bpffs, const char *map);

#endif

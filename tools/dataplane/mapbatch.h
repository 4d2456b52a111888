/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Map operations many records at a time: BPF_MAP_UPDATE_BATCH,
 * BPF_MAP_DELETE_BATCH and BPF_MAP_LOOKUP_BATCH, a few system calls for
 * thousands of records where one record per call cost two (an apply of
 * 10 000 services writes some 100 000). A kernel without the batch
 * commands for a map gets one call per record. Every record written
 * counts as one map write for KMESH_FAULT=writes:N (lib/fault.h), a
 * batch being cut where the fault is due.
 */
#ifndef KMESH_TOOLS_MAPBATCH_H
#define KMESH_TOOLS_MAPBATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Records gathered for one map, written in batches of up to cap. */
struct mb_writer {
	int fd;
	const char *name;	/* the map, for messages */
	size_t key_size, value_size;
	char *keys, *values;
	size_t n, cap;
	bool failed;
};

/* A writer to the map fd (name for messages) of these key and value
 * sizes. Returns 0, or -1 with a message. */
int mb_init(struct mb_writer *w, int fd, const char *name, size_t key_size,
	    size_t value_size);
/* Add one record (BPF_ANY), writing the batch when it is full. Returns 0,
 * or -1 with a message on stderr (also for every later call). */
int mb_add(struct mb_writer *w, const void *key, const void *value);
/* Write what is left. Returns 0 or -1 (with a message). */
int mb_flush(struct mb_writer *w);
void mb_free(struct mb_writer *w);

/* Delete the n keys (key_size each) at keys from the map fd; keys that
 * are not there are skipped. *gone (if not NULL) counts the deleted.
 * Returns 0, or -1 with a message. */
int mb_delete_keys(int fd, const char *name, const void *keys, size_t n,
		   size_t key_size, size_t *gone);

/* Called with each record of a walk; a non-zero return stops it. */
typedef int (*mb_walk_fn)(const void *key, const void *value, void *arg);

/*
 * Every record of the hash map fd (value_size: what a lookup returns,
 * all CPUs' for a per-CPU map), read in batches; fn may not change the
 * map. Records added or deleted meanwhile may be seen or not. Returns
 * 0, fn's non-zero value, or -1 with a message.
 */
int mb_walk(int fd, const char *name, size_t key_size, size_t value_size,
	    mb_walk_fn fn, void *arg);

#endif

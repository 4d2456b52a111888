/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The pinned data plane that `kmeshctl load` leaves in bpffs and
 * `apply`/`unload` find again:
 *
 *	DIR/maps/<map>     every map of bpf/kmesh.h (km_active, km_listeners, ...)
 *	DIR/progs/<prog>   every program (the stages of each hook)
 *	DIR/links/<prog>   the cgroup links of km_connect4, km_connect6,
 *	                   km_sockops and
 *	                   km_release: pinned, so they outlive kmeshctl
 *
 * DIR defaults to KM_BPFFS_DIR (cli/cmd.h).
 */
#ifndef KMESH_TOOLS_BPFPIN_H
#define KMESH_TOOLS_BPFPIN_H

#include <stddef.h>
#include <linux/types.h>

/* DIR/sub/name into buf; -1 when it does not fit. */
int pin_path(char *buf, size_t len, const char *dir, const char *sub,
	     const char *name);
/* Open the pinned map DIR/maps/name; prints an error and returns -1. */
int pin_map_open(const char *dir, const char *name);
/* Remove DIR/sub/ and everything in it (pins). Returns 0, -1 (errno). */
int pin_dir_remove(const char *dir, const char *sub);

/* bpf_map_update_elem() for the loader's writes: each one is a point
 * where a test can have kmeshctl killed (lib/fault.h, writes:N). */
int pin_map_update(int fd, const void *key, const void *value, __u64 flags);

/* The active generation (0: no config applied) into *gen; 0, or -1 with
 * a message on stderr. */
int pin_active_gen(const char *dir, __u32 *gen);

/* Wait until every BPF program running now has finished (an RCU grace
 * period): the update of a map-in-map does synchronize_rcu(). */
int bpf_grace_period(void);

#endif

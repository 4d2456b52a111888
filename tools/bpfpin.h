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
 * DIR defaults to KM_BPFFS_DIR.
 */
#ifndef KMESH_TOOLS_BPFPIN_H
#define KMESH_TOOLS_BPFPIN_H

#include <stddef.h>

#define KM_BPFFS_DIR	"/sys/fs/bpf/kmesh"

/* Options shared by load/apply/unload: --bpffs DIR, --cgroup PATH,
 * --format; n_args positional arguments into args[]. Returns -1 to go
 * on, or the exit code. */
struct km_cmd;
struct bpf_cmd_args {
	const char *bpffs;
	const char *cgroup;
	const char *format;
	char *args[2];
};
int bpf_cmd_parse(const struct km_cmd *cmd, int argc, char **argv,
		  struct bpf_cmd_args *a, const char *usage_opts);

/* DIR/sub/name into buf; -1 when it does not fit. */
int pin_path(char *buf, size_t len, const char *dir, const char *sub,
	     const char *name);
/* Open the pinned map DIR/maps/name; prints an error and returns -1. */
int pin_map_open(const char *dir, const char *name);
/* Remove DIR/sub/ and everything in it (pins). Returns 0, -1 (errno). */
int pin_dir_remove(const char *dir, const char *sub);

/* Wait until every BPF program running now has finished (an RCU grace
 * period): the update of a map-in-map does synchronize_rcu(). */
int bpf_grace_period(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The counters `kmeshctl stats` prints, read back by name. */
#ifndef KMESH_STATS_H
#define KMESH_STATS_H

#include <kmesh/maps.h>

/* The counters of the listener, route or cluster NAME of the data plane
 * at bpffs, into *c; 0, or -1 if kmeshctl failed or did not list it. */
int tu_stats_get(const char *bpffs, const char *name, struct km_counters *c);

#endif

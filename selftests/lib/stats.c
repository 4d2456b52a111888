// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "stats.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tu_stats_get(const char *bpffs, const char *name, struct km_counters *c)
{
	unsigned long long conns, refusals, limited;
	char out[64], key[300], *s, *at;
	int rc = -1;

	snprintf(out, sizeof(out), "/tmp/kmesh-stats-%d", getpid());
	if (tu_kmeshctl_out(out, bpffs, "stats", NULL, NULL))
		return -1;
	s = tu_read_file(out);
	unlink(out);
	if (!s)
		return -1;
	snprintf(key, sizeof(key), "- name: \"%s\"\n", name);
	at = strstr(s, key);
	if (at && sscanf(at + strlen(key),
			 "  connections: %llu\n  refusals: %llu\n  rate_limited: %llu",
			 &conns, &refusals, &limited) == 3) {
		c->connections = conns;
		c->refusals = refusals;
		c->rate_limited = limited;
		rc = 0;
	}
	free(s);
	return rc;
}

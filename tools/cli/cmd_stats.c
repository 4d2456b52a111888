// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl stats [--bpffs DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "dataplane/bpfpin.h"
#include "cmd.h"
#include "dataplane/counters.h"

static const char *const kind_key[] = {
	[KM_KIND_LISTENER] = "listeners",
	[KM_KIND_ROUTE] = "routes",
	[KM_KIND_CLUSTER] = "clusters",
};

static int print(const struct km_counted *v, size_t n, __u32 gen)
{
	__u32 kind = 0;
	size_t i;

	printf("generation: %u\n", gen);
	for (i = 0; i < n; i++) {
		if (v[i].kind != kind) {
			kind = v[i].kind;
			if (kind >= sizeof(kind_key) / sizeof(kind_key[0]) ||
			    !kind_key[kind])
				continue;
			printf("%s:\n", kind_key[kind]);
		}
		if (v[i].name[0])
			printf("- name: \"%s\"\n", v[i].name);
		else
			printf("- id: %u\n", v[i].id);
		printf("  connections: %llu\n  refusals: %llu\n",
		       (unsigned long long)v[i].c.connections,
		       (unsigned long long)v[i].c.refusals);
	}
	return fflush(stdout) ? KM_EXIT_IO : KM_EXIT_OK;
}

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct km_counted *v;
	struct cmd_args a;
	__u32 gen;
	size_t n;
	int rc;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (pin_active_gen(a.bpffs, &gen))
		return KM_EXIT_IO;
	if (!gen) {
		fprintf(stderr, "kmeshctl stats: no config applied\n");
		return KM_EXIT_IO;
	}
	if (counters_read(a.bpffs, gen, &v, &n))
		return KM_EXIT_IO;
	rc = print(v, n, gen);
	free(v);
	return rc;
}

const struct km_cmd cmd_stats = {
	.name = "stats",
	.args = "",
	.summary = "print the counters of the active config",
	.help = "Print, as YAML, the counters of every listener, route and cluster\n"
		"of the active config: connections it routed and connections it\n"
		"refused (no filter chain, virtual host or route matched, a\n"
		"malformed HTTP request, no endpoint, max_connections reached).\n"
		"Counters are carried over by name when 'kmeshctl apply' replaces\n"
		"the config. Routes without a name are listed by id.",
	.flags = CMD_F_NO_CONFIG | CMD_F_BPFFS,
	.n_args = 0,
	.run = run,
};

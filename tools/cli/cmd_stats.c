// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl stats [--bpffs DIR] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "cmd.h"
#include "dataplane/bpfpin.h"
#include "dataplane/counters.h"
#include "decompile/stats.h"
#include "lib/report.h"

static int print(const struct km_counted *v, size_t n, __u32 gen)
{
	const char *err;

	errno = 0;
	if (stats_print(v, n, gen, stdout, &err) || fflush(stdout)) {
		km_err("writing YAML: %s",
			errno ? strerror(errno) : err);
		return KM_EXIT_IO;
	}
	return KM_EXIT_OK;
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
		km_err("no config applied");
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
		"malformed HTTP request, no endpoint, max_connections reached, no\n"
		"token in a local rate limit), and of those how many were rate\n"
		"limited. A listener counts each connection once.\n"
		"Counters are carried over by name when 'kmeshctl apply' replaces\n"
		"the config. Routes without a name are listed by id.",
	.flags = CMD_F_NO_CONFIG | CMD_F_BPFFS,
	.n_args = 0,
	.run = run,
};

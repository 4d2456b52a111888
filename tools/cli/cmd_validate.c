// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl validate FILE */
#include <stdio.h>

#include "cmd.h"
#include "compile/compile.h"

static const char *s(size_t n)
{
	return n == 1 ? "" : "s";
}

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct kmesh_compiled c;
	struct cmd_args a;
	Kmesh__Config *cfg;
	int rc = cmd_parse(cmd, argc, argv, &a);

	if (rc >= 0)
		return rc;
	/* apply's path: whatever apply would refuse, validate does */
	rc = cmd_compile_file(a.args[0], a.format, true, &cfg, &c);
	if (rc)
		return rc;
	kmesh_compiled_free(&c);
	printf("%s: valid (%zu listener%s, %zu route config%s, %zu cluster%s)\n",
	       a.args[0], cfg->n_listeners, s(cfg->n_listeners),
	       cfg->n_route_configs, s(cfg->n_route_configs),
	       cfg->n_clusters, s(cfg->n_clusters));
	config_free(cfg);
	return fflush(stdout) ? KM_EXIT_IO : KM_EXIT_OK;
}

const struct km_cmd cmd_validate = {
	.name = "validate",
	.args = "FILE",
	.summary = "check a config; print each problem as PATH: problem",
	.help = "Parse FILE and validate it: references, unique names, addresses,\n"
		"ports, weights, domains and limits, and (Envoy form) the fields kmesh\n"
		"does not implement; then compile it as apply does (so also table\n"
		"capacities, domains equal once lowercased, listener addresses equal\n"
		"once IPv4 is v4-mapped). Prints a one-line summary on stdout when valid,\n"
		"and each problem on its own line on stderr (up to 100; the rest are\n"
		"counted) when not. Envoy fields that are ignored because they do not\n"
		"change where connections go get one \"note:\" line each on stderr.",
	.n_args = 1,
	.run = run,
};

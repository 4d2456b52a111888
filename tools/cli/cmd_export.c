// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmeshctl export [--bpffs DIR]
 *
 * Read the active generation back from the pinned maps and print it as
 * a config that `kmeshctl apply` takes back to the same maps
 * (cmd_print_active(), cmd_bpf.c, shared with `kmeshctl dump`).
 */
#include "cmd.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct cmd_args a;
	int rc;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	return cmd_print_active(a.bpffs);
}

const struct km_cmd cmd_export = {
	.name = "export",
	.args = "",
	.summary = "print the active config of the loaded data plane as YAML",
	.help = "Read the active config back from the maps pinned by 'kmeshctl load'\n"
		"and print it as canonical YAML (as 'kmeshctl dump' would) that\n"
		"'kmeshctl apply' takes back to the same maps. The maps keep what\n"
		"the data plane uses, so some of the applied file comes back in one\n"
		"form: IPv4 as dotted quads, domains and header names lowercased,\n"
		"domains in match order, prefixes without host bits, no stat_prefix.\n"
		"Names the maps lack (from an older kmeshctl) are made up:\n"
		"listener_N, route_config_N, virtual_host_N, cluster_N.\n"
		"Exits 1 when the maps do not hold a consistent config.",
	.flags = CMD_F_NO_CONFIG | CMD_F_BPFFS,
	.n_args = 0,
	.run = run,
};

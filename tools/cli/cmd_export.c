// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmeshctl export [--bpffs DIR]
 *
 * Read the active generation back from the pinned maps (mapread.c) and
 * print it as a config (decompile.c) that `kmeshctl apply` takes back
 * to the same maps.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "compile/compile.h"
#include "decompile/decompile.h"
#include "dataplane/mapread.h"

int cmd_export_active(const char *bpffs, const char *who)
{
	struct kmesh_compiled c;
	__u32 gen;
	int rc;

	if (mapread_active(bpffs, &c, &gen))
		return KM_EXIT_IO;
	errno = 0;
	rc = kmesh_decompile_print(&c, stdout);
	if (!rc && fflush(stdout))
		rc = -2;
	if (rc == -1)
		fprintf(stderr, "kmeshctl %s: generation %u in %s does not hold a consistent config (above)\n",
			who, gen, bpffs);
	else if (rc && errno)
		fprintf(stderr, "kmeshctl %s: writing YAML: %s\n", who,
			strerror(errno));
	kmesh_compiled_free(&c);
	return rc == -1 ? KM_EXIT_INVALID : rc ? KM_EXIT_IO : KM_EXIT_OK;
}

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct cmd_args a;
	int rc;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	return cmd_export_active(a.bpffs, cmd->name);
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

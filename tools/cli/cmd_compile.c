// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl compile FILE */
#include <stdio.h>

#include "cmd.h"
#include "compile/compile.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct kmesh_compiled c;
	struct cmd_args a;
	int rc = cmd_parse(cmd, argc, argv, &a);

	if (rc >= 0)
		return rc;
	rc = cmd_compile_file(a.args[0], a.format, false, NULL, &c);
	if (rc)
		return rc;
	if (kmesh_compiled_print(&c, stdout) || fflush(stdout))
		rc = KM_EXIT_IO;
	kmesh_compiled_free(&c);
	return rc;
}

const struct km_cmd cmd_compile = {
	.name = "compile",
	.args = "FILE",
	.summary = "validate and compile a config; print the BPF map tables",
	.help = "Validate FILE, compile it into the fixed-size tables of\n"
		"include/kmesh/maps.h (integer ids in config order; domains in\n"
		"match order) and print them as text, one record per line. Also\n"
		"refuses what the tables cannot hold (over-long paths or header\n"
		"strings, full tables, domains equal once lowercased), naming\n"
		"the config path.",
	.n_args = 1,
	.run = run,
};

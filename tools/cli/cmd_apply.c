// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmeshctl apply [--format yaml|pb] [--bpffs DIR] FILE
 *
 * Validate and compile FILE, then, holding the lock on DIR, make it the
 * active config of the pinned data plane (dataplane/update.h): a new
 * generation, written, switched to, the old one deleted, the state of
 * the objects it keeps (connection counts, cursors, rate limits) kept.
 */
#include <unistd.h>

#include "cmd.h"
#include "compile/compile.h"
#include "dataplane/update.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct kmesh_compiled c;
	struct cmd_args a;
	int rc, lock;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = cmd_compile_file(a.args[0], a.format, false, NULL, &c);
	if (rc)
		return rc;
	lock = dp_lock(a.bpffs);
	if (lock < 0 || dp_apply(a.bpffs, &c))
		rc = KM_EXIT_IO;
	if (lock >= 0)
		close(lock);
	kmesh_compiled_free(&c);
	return rc;
}

const struct km_cmd cmd_apply = {
	.name = "apply",
	.args = "FILE",
	.summary = "validate, compile and activate a config in the loaded data plane",
	.help = "Validate and compile FILE, write it into the maps pinned by\n"
		"'kmeshctl load' as a new generation, make it the active one\n"
		"atomically (connections see the old config or the new one, never\n"
		"a mix), then delete the previous generation. Clusters, endpoints\n"
		"and rate limits the new config keeps keep their state (open\n"
		"connections, round-robin cursors, tokens). One apply runs at a\n"
		"time (a lock on the bpffs directory; others wait); one that was\n"
		"killed is cleaned up by the next apply or load. On an error the\n"
		"previous config stays active.",
	.flags = CMD_F_BPFFS,
	.n_args = 1,
	.run = run,
};

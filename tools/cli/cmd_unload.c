// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl unload [--bpffs DIR] */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dataplane/bpfpin.h"
#include "dataplane/update.h"
#include "cmd.h"
#include "lib/report.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct cmd_args a;
	char path[4096];
	int rc, lock;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (pin_path(path, sizeof(path), a.bpffs, "maps", NULL) ||
	    access(path, F_OK)) {
		km_err("nothing loaded at %s",
			a.bpffs);
		return KM_EXIT_IO;
	}
	lock = dp_lock(a.bpffs);	/* not under an apply's feet */
	if (lock < 0)
		return KM_EXIT_IO;
	/* links first: removing the last pin detaches the program */
	if (pin_dir_remove(a.bpffs, "links") ||
	    pin_dir_remove(a.bpffs, "progs") ||
	    pin_dir_remove(a.bpffs, "maps") ||
	    (rmdir(a.bpffs) && errno != ENOENT)) {
		km_err("removing %s: %s", a.bpffs,
			strerror(errno));
		close(lock);
		return KM_EXIT_IO;
	}
	close(lock);
	return KM_EXIT_OK;
}

const struct km_cmd cmd_unload = {
	.name = "unload",
	.args = "",
	.summary = "detach the BPF data plane and remove its pins",
	.help = "Detach the programs 'kmeshctl load' attached and remove every\n"
		"pin under the bpffs directory; the maps and programs go away\n"
		"with their last reference.",
	.flags = CMD_F_NO_CONFIG | CMD_F_BPFFS,
	.n_args = 0,
	.run = run,
};

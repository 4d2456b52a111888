// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * What the BPF commands share, below them all (built with KDIR only):
 * printing the active config, for `kmeshctl export` and `kmeshctl dump`
 * without FILE.
 */
#include <errno.h>
#include <stdio.h>

#include "cmd.h"
#include "compile/compile.h"
#include "dataplane/mapread.h"
#include "decompile/decompile.h"
#include "lib/report.h"

int cmd_print_active(const char *bpffs)
{
	struct kmesh_compiled c;
	const char *err;
	__u32 gen;
	int rc;

	if (mapread_active(bpffs, &c, &gen))
		return KM_EXIT_IO;
	rc = kmesh_decompile_print(&c, stdout, &err);
	kmesh_compiled_free(&c);
	if (rc == -EINVAL) {
		km_err("generation %u in %s does not hold a consistent config (above)",
		       gen, bpffs);
		return KM_EXIT_INVALID;
	}
	if (rc) {
		km_err("writing YAML: %s", err);
		return KM_EXIT_IO;
	}
	return KM_EXIT_OK;
}

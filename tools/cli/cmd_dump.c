// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl dump FILE */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "config/envoy_export.h"
#include "pbyaml/pbyaml_write.h"
#include "lib/report.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct cmd_args a;
	Kmesh__Config *cfg;
	EBootstrap *b;
	const char *err;
	int rc = cmd_parse(cmd, argc, argv, &a);

	if (rc >= 0)
		return rc;
#ifdef KMESH_BPF
	if (!a.args[0])
		return cmd_print_active(a.bpffs);
#endif
	rc = cmd_load(a.args[0], a.format, !a.no_validate, &cfg);
	if (rc)
		return rc;
	b = envoy_export(cfg);
	config_free(cfg);
	if (!b) {
		km_err("out of memory");
		return KM_EXIT_IO;
	}
	errno = 0;
	if (pbyaml_write(&b->base, stdout, &err) || fflush(stdout)) {
		km_err("writing YAML: %s",
			errno ? strerror(errno) : err);
		rc = KM_EXIT_IO;
	}
	protobuf_c_message_free_unpacked(&b->base, NULL);
	return rc;
}

const struct km_cmd cmd_dump = {
	.name = "dump",
#ifdef KMESH_BPF
	.args = "[FILE]",
#else
	.args = "FILE",
#endif
	.summary = "print a config as canonical Envoy YAML",
	.help = "Print FILE (validated first) as canonical Envoy v3 YAML on stdout: a\n"
		"Bootstrap with what kmesh implements (ignored fields are left out),\n"
		"fields in field-number order, defaults left out. The output reads\n"
		"back unchanged: dump(FILE) = dump(dump(FILE)) = dump(convert(FILE))."
#ifdef KMESH_BPF
		"\nWithout FILE: the active config of the loaded data plane, read back\n"
		"from the maps, as 'kmeshctl export' prints it."
#endif
		,
#ifdef KMESH_BPF
	.flags = CMD_F_NO_VALIDATE | CMD_F_FILE_OPTIONAL | CMD_F_BPFFS,
#else
	.flags = CMD_F_NO_VALIDATE,
#endif
	.n_args = 1,
	.run = run,
};

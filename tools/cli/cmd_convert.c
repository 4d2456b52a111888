// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl convert FILE OUT.pb */
#include "cmd.h"
#include "lib/diag.h"
#include "lib/limits.h"

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct cmd_args a;
	Kmesh__Config *cfg;
	struct diag d;
	int rc = cmd_parse(cmd, argc, argv, &a);

	if (rc >= 0)
		return rc;
	rc = cmd_load(a.args[0], a.format, true, &cfg);
	if (rc)
		return rc;
	diag_init(&d, KM_MAX_ERRORS);
	rc = config_save_pb(cfg, a.args[1], &d);
	diag_print(&d, stderr);
	diag_free(&d);
	config_free(cfg);
	return rc;
}

const struct km_cmd cmd_convert = {
	.name = "convert",
	.args = "FILE OUT.pb",
	.summary = "validate a config and write it as binary protobuf",
	.help = "Validate FILE and write it to OUT.pb as a binary Envoy v3 Bootstrap\n"
		"(envoy.config.bootstrap.v3.Bootstrap, tools/proto/envoy/), what dump\n"
		"prints as YAML.\n"
		"OUT.pb is replaced atomically; - writes to stdout. Nothing is\n"
		"written when FILE is invalid.",
	.n_args = 2,
	.run = run,
};

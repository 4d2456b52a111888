// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* What kmeshctl's subcommands share, see cmd.h. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"
#include "compile/compile.h"
#include "lib/diag.h"
#include "lib/limits.h"
#include "lib/report.h"
#include "validate/validate.h"

void cmd_help(const struct km_cmd *cmd, FILE *out)
{
	bool config = !(cmd->flags & CMD_F_NO_CONFIG);

	fprintf(out, "Usage: kmeshctl %s%s%s%s%s%s%s%s\n\n%s\n\n", cmd->name,
		cmd->flags & CMD_F_CGROUP ? " --cgroup PATH" : "",
		cmd->flags & CMD_F_BPFFS ? " [--bpffs DIR]" : "",
		config ? " [--format yaml|pb]" : "",
		config ? " [--type TYPE]" : "",
		cmd->flags & CMD_F_NO_VALIDATE ? " [--no-validate]" : "",
		*cmd->args ? " " : "", cmd->args, cmd->help);
	fprintf(out, "Options:\n");
	if (cmd->flags & CMD_F_CGROUP)
		fprintf(out,
			"  --cgroup PATH     cgroup v2 directory to attach to (required)\n");
	if (cmd->flags & CMD_F_BPFFS)
		fprintf(out,
			"  --bpffs DIR       pin directory (default " KM_BPFFS_DIR ")\n");
	if (config)
		fprintf(out,
			"  --format yaml|pb  input format; default: from the extension of the\n"
			"                    input (.yaml, .yml or .pb). Needed when FILE is -\n"
			"                    (standard input).\n"
			"  --type TYPE       what FILE holds: bootstrap (an Envoy v3 Bootstrap),\n"
			"                    listener, route, cluster, endpoints (one Envoy\n"
			"                    Listener, RouteConfiguration, Cluster or\n"
			"                    ClusterLoadAssignment) or kmesh (kmesh.Config, the\n"
			"                    compatibility form). Default: bootstrap, but YAML\n"
			"                    with listeners, route_configs or clusters at the\n"
			"                    top level is kmesh.\n");
	if (cmd->flags & CMD_F_NO_VALIDATE)
		fprintf(out,
			"  --no-validate     skip validation (syntax is still checked)\n");
	fprintf(out,
		"  -h, --help        show this help\n\n"
		"Exit status: 0 ok, 1 invalid config, 2 usage error, 3 I/O error%s.\n",
		cmd->flags & CMD_F_BPFFS ?
		"\n(a file, bpffs or BPF operation failed)" : "");
}

int cmd_usage_error(const struct km_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	km_verr(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'kmeshctl %s --help'.\n", cmd->name);
	return KM_EXIT_USAGE;
}

/* Is option c one that cmd takes? */
static bool cmd_takes(const struct km_cmd *cmd, int c)
{
	switch (c) {
	case 'f':
	case 't':
		return !(cmd->flags & CMD_F_NO_CONFIG);
	case 'n':
		return cmd->flags & CMD_F_NO_VALIDATE;
	case 'b':
		return cmd->flags & CMD_F_BPFFS;
	case 'c':
		return cmd->flags & CMD_F_CGROUP;
	}
	return true;
}

int cmd_parse(const struct km_cmd *cmd, int argc, char **argv,
	      struct cmd_args *a)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, 'f' },
		{ "type", required_argument, NULL, 't' },
		{ "no-validate", no_argument, NULL, 'n' },
		{ "bpffs", required_argument, NULL, 'b' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	enum cfg_type type = CFG_TYPE_AUTO;
	unsigned i, n;
	int c, li;

	*a = (struct cmd_args){ .format = CFG_FMT_AUTO, .bpffs = KM_BPFFS_DIR };
	optind = 0;	/* full re-initialization (glibc) */
	opterr = 0;
	while ((li = -1, c = getopt_long(argc, argv, ":h", opts, &li)) != -1) {
		if (c != ':' && c != '?' && li >= 0 && !cmd_takes(cmd, c))
			return cmd_usage_error(cmd, "unrecognized option '--%s'",
					       opts[li].name);
		switch (c) {
		case 'h':
			cmd_help(cmd, stdout);
			return KM_EXIT_OK;
		case 'f':
			if (cfg_format_from_name(optarg, &a->format))
				return cmd_usage_error(cmd, "unknown format '%s' (use yaml or pb)",
						       optarg);
			break;
		case 't':
			if (cfg_type_from_name(optarg, &type))
				return cmd_usage_error(cmd, "unknown type '%s' (use bootstrap, listener, route, cluster, endpoints or kmesh)",
						       optarg);
			break;
		case 'n':
			a->no_validate = true;
			break;
		case 'b':
			a->bpffs = optarg;
			break;
		case 'c':
			a->cgroup = optarg;
			break;
		case ':':
			return cmd_usage_error(cmd, "option '%s' needs an argument",
					       argv[optind - 1]);
		default:
			return cmd_usage_error(cmd, "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	n = (unsigned)(argc - optind);
	if (n != cmd->n_args && !(n == 0 && (cmd->flags & CMD_F_FILE_OPTIONAL)))
		return cmd_usage_error(cmd, "expected %s, got %u argument%s",
				       *cmd->args ? cmd->args : "no arguments",
				       n, n == 1 ? "" : "s");
	for (i = 0; i < n && i < sizeof(a->args) / sizeof(a->args[0]); i++)
		a->args[i] = argv[optind + i];
	if ((cmd->flags & CMD_F_CGROUP) && !a->cgroup)
		return cmd_usage_error(cmd, "missing --cgroup PATH");
	if (!(cmd->flags & CMD_F_NO_CONFIG) && n && a->format == CFG_FMT_AUTO &&
	    cfg_format_from_path(a->args[0], &a->format))
		return cmd_usage_error(cmd, "cannot tell the format of '%s' from its name; use --format yaml|pb",
				       a->args[0]);
	a->format = CFG_FORMAT(CFG_SYNTAX(a->format), type);
	return -1;
}

/* Load and (if validate) validate path into *cfg, filling x; problems
 * are left in d, with input paths. */
static int load(const char *path, enum cfg_format format, bool validate,
		Kmesh__Config **cfg, struct cfg_extra *x, struct diag *d)
{
	int rc;

	rc = config_load_ex(path, format, cfg, x, d);
	if (rc == KM_EXIT_OK && validate && config_validate(*cfg, d)) {
		config_free(*cfg);
		*cfg = NULL;
		rc = KM_EXIT_INVALID;
	}
	pathmap_rewrite(&x->map, d);
	return rc;
}

int cmd_load_notes(const char *path, enum cfg_format format, bool validate,
		   bool notes, bool *envoy, Kmesh__Config **cfg)
{
	struct cfg_extra x;
	struct diag d;
	int rc;

	diag_init(&d, KM_MAX_ERRORS);
	cfg_extra_init(&x, validate);
	rc = load(path, format, validate, cfg, &x, &d);
	if (notes)
		envoy_notes_print(&x.notes, stderr);
	diag_print(&d, stderr);
	if (envoy)
		*envoy = x.envoy;
	cfg_extra_free(&x);
	diag_free(&d);
	return rc;
}

int cmd_load(const char *path, enum cfg_format format, bool validate,
	     Kmesh__Config **cfg)
{
	return cmd_load_notes(path, format, validate, false, NULL, cfg);
}

int cmd_compile_file(const char *path, enum cfg_format format, bool notes,
		     Kmesh__Config **cfg_out, struct kmesh_compiled *c)
{
	Kmesh__Config *cfg = NULL;
	struct cfg_extra x;
	struct diag d;
	int rc;

	diag_init(&d, KM_MAX_ERRORS);
	cfg_extra_init(&x, true);
	rc = load(path, format, true, &cfg, &x, &d);
	if (!rc && kmesh_compile(cfg, c, &d)) {
		pathmap_rewrite(&x.map, &d);
		rc = KM_EXIT_INVALID;	/* kmesh_compile() freed the tables */
	}
	if (notes)
		envoy_notes_print(&x.notes, stderr);
	diag_print(&d, stderr);
	if (!rc && cfg_out)
		*cfg_out = cfg;
	else
		config_free(cfg);
	cfg_extra_free(&x);
	diag_free(&d);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kmeshctl subcommands. Each is a struct km_cmd in its own cmd_*.c file,
 * listed in the command table of kmeshctl.c; cmd_common.c holds what they
 * share (option parsing, help, loading a config), cmd_bpf.c what the BPF
 * commands share. No command calls into another command's file.
 */
#ifndef KMESH_TOOLS_CMD_H
#define KMESH_TOOLS_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config_load.h"
#include "lib/exitcode.h"

struct km_cmd {
	const char *name;
	const char *args;	/* synopsis after the options: "FILE OUT.pb" */
	const char *summary;	/* one line, for `kmeshctl --help` */
	const char *help;	/* what it does, for `kmeshctl CMD --help` */
	unsigned flags;		/* CMD_F_* */
	unsigned n_args;	/* positional arguments, all required */
	/* argv[0] is the command name; returns an enum km_exit */
	int (*run)(const struct km_cmd *cmd, int argc, char **argv);
};

#define CMD_F_NO_VALIDATE	(1u << 0)	/* accepts --no-validate */
#define CMD_F_NO_CONFIG		(1u << 1)	/* no FILE argument, no --format */
#define CMD_F_BPFFS		(1u << 2)	/* accepts --bpffs DIR */
#define CMD_F_CGROUP		(1u << 3)	/* requires --cgroup PATH */
#define CMD_F_FILE_OPTIONAL	(1u << 4)	/* FILE may be left out */

extern const struct km_cmd cmd_validate;
extern const struct km_cmd cmd_dump;
extern const struct km_cmd cmd_convert;
extern const struct km_cmd cmd_compile;
/* With KMESH_BPF (built with KDIR): the data plane commands. */
extern const struct km_cmd cmd_bpf_load;
extern const struct km_cmd cmd_apply;
extern const struct km_cmd cmd_unload;
extern const struct km_cmd cmd_stats;
extern const struct km_cmd cmd_export;
/* Print the active config of the data plane pinned under bpffs as YAML
 * (export, dump without FILE; cmd_bpf.c). Returns an enum km_exit. */
int cmd_print_active(const char *bpffs);

/* Where `kmeshctl load` pins the data plane unless --bpffs says. */
#define KM_BPFFS_DIR	"/sys/fs/bpf/kmesh"

struct cmd_args {
	enum cfg_format format;	/* syntax resolved from the first argument if
				 * AUTO, with --type (CFG_FORMAT()) */
	bool no_validate;
	const char *bpffs;	/* CMD_F_BPFFS: KM_BPFFS_DIR by default */
	const char *cgroup;	/* CMD_F_CGROUP */
	char *args[4];
};

/* Parse the options and arguments of cmd. Returns -1 to go on, or the
 * exit code (KM_EXIT_OK after --help, KM_EXIT_USAGE). */
int cmd_parse(const struct km_cmd *cmd, int argc, char **argv,
	      struct cmd_args *a);
void cmd_help(const struct km_cmd *cmd, FILE *out);
int cmd_usage_error(const struct km_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Load path and (unless !validate) validate it; print every problem on
 * stderr. Returns an enum km_exit; *cfg is set on KM_EXIT_OK only. */
int cmd_load(const char *path, enum cfg_format format, bool validate,
	     Kmesh__Config **cfg);
/* The same; with notes, the ignored Envoy fields are listed first (one
 * "note:" line each); *envoy (if not NULL) tells whether the input was
 * in Envoy's form. */
int cmd_load_notes(const char *path, enum cfg_format format, bool validate,
		   bool notes, bool *envoy, Kmesh__Config **cfg);
/* Load, validate and compile path into *c (kmesh_compiled_free() it on
 * KM_EXIT_OK): the one path from a file to the tables, so that validate
 * refuses whatever compile and apply would. Problems are printed on
 * stderr, after the notes on ignored Envoy fields with notes. With cfg,
 * *cfg keeps the config on KM_EXIT_OK (config_free() it). Returns an
 * enum km_exit. */
struct kmesh_compiled;
int cmd_compile_file(const char *path, enum cfg_format format, bool notes,
		     Kmesh__Config **cfg, struct kmesh_compiled *c);

#endif

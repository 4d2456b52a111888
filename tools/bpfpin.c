// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Helpers of the BPF commands (load, apply, unload), see bpfpin.h. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpfpin.h"
#include "cmd.h"

int bpf_cmd_parse(const struct km_cmd *cmd, int argc, char **argv,
		  struct bpf_cmd_args *a, const char *usage_opts)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "bpffs", required_argument, NULL, 'b' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned n;
	int c;

	*a = (struct bpf_cmd_args){ .bpffs = KM_BPFFS_DIR };
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("Usage: kmeshctl %s %s%s%s\n\n%s\n\n"
			       "Options:\n%s"
			       "  --bpffs DIR       pin directory (default " KM_BPFFS_DIR ")\n"
			       "  -h, --help        show this help\n\n"
			       "Exit status: 0 ok, 1 invalid config, 2 usage error,\n"
			       "3 I/O error (a file, bpffs or BPF operation failed).\n",
			       cmd->name, "[OPTIONS]", *cmd->args ? " " : "",
			       cmd->args, cmd->help, usage_opts);
			return KM_EXIT_OK;
		case 'b':
			a->bpffs = optarg;
			break;
		case 'c':
			if (!strstr(usage_opts, "--cgroup"))
				return cmd_usage_error(cmd, "unrecognized option '--cgroup'");
			a->cgroup = optarg;
			break;
		case 'f':
			if (!strstr(usage_opts, "--format"))
				return cmd_usage_error(cmd, "unrecognized option '--format'");
			a->format = optarg;
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
	if (n != cmd->n_args)
		return cmd_usage_error(cmd, "expected %s, got %u argument%s",
				       *cmd->args ? cmd->args : "no arguments",
				       n, n == 1 ? "" : "s");
	for (c = 0; c < (int)n && c < 2; c++)
		a->args[c] = argv[optind + c];
	return -1;
}

int pin_path(char *buf, size_t len, const char *dir, const char *sub,
	     const char *name)
{
	int n = snprintf(buf, len, "%s/%s%s%s", dir, sub, name ? "/" : "",
			 name ? name : "");

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int pin_map_open(const char *dir, const char *name)
{
	char path[4096];
	int fd;

	if (pin_path(path, sizeof(path), dir, "maps", name)) {
		fprintf(stderr, "kmeshctl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	fd = bpf_obj_get(path);
	if (fd < 0)
		fprintf(stderr, "kmeshctl: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (run 'kmeshctl load' first)" : "");
	return fd;
}

int pin_dir_remove(const char *dir, const char *sub)
{
	char path[4096], file[4096];
	struct dirent *e;
	int rc = 0;
	DIR *d;

	if (pin_path(path, sizeof(path), dir, sub, NULL))
		return -1;
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (pin_path(file, sizeof(file), path, e->d_name, NULL) ||
		    unlink(file))
			rc = -1;
	}
	closedir(d);
	if (rmdir(path))
		rc = -1;
	return rc;
}

int bpf_grace_period(void)
{
	int inner, outer, rc;
	__u32 key = 0;
	LIBBPF_OPTS(bpf_map_create_opts, o);

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
	if (inner < 0)
		return -1;
	o.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, NULL, 4, 4, 1, &o);
	if (outer < 0) {
		close(inner);
		return -1;
	}
	/* the update returns after synchronize_rcu() */
	rc = bpf_map_update_elem(outer, &key, &inner, BPF_ANY);
	close(outer);
	close(inner);
	return rc;
}

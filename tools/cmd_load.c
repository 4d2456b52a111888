// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl load --cgroup PATH [--bpffs DIR] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfpin.h"
#include "cmd.h"
#include "kmesh.skel.h"

static int fail(const char *what, const char *path, int err)
{
	fprintf(stderr, "kmeshctl load: %s%s%s: %s\n", what, path ? " " : "",
		path ? path : "", strerror(err));
	return KM_EXIT_IO;
}

static int mkdir_p(const char *dir, const char *sub)
{
	char path[4096];

	if (pin_path(path, sizeof(path), dir, sub, NULL))
		return -1;
	if (mkdir(path, 0700) && errno != EEXIST)
		return -1;
	return 0;
}

/* Fill the per-family prog arrays with the stage programs. */
static int fill_stages(struct kmesh_bpf *s)
{
	const struct bpf_program *p4[] = {
		s->progs.km_chain4, s->progs.km_filter4,
		s->progs.km_cluster4, s->progs.km_rewrite4,
	};
	const struct bpf_program *p6[] = {
		s->progs.km_chain6, s->progs.km_filter6,
		s->progs.km_cluster6, s->progs.km_rewrite6,
	};
	int m4 = bpf_map__fd(s->maps.km_progs4);
	int m6 = bpf_map__fd(s->maps.km_progs6);
	__u32 i;
	int fd;

	for (i = 0; i < sizeof(p4) / sizeof(p4[0]); i++) {
		fd = bpf_program__fd(p4[i]);
		if (bpf_map_update_elem(m4, &i, &fd, BPF_ANY))
			return -1;
		fd = bpf_program__fd(p6[i]);
		if (bpf_map_update_elem(m6, &i, &fd, BPF_ANY))
			return -1;
	}
	return 0;
}

static int attach(struct kmesh_bpf *s, int cgfd, const char *dir)
{
	struct bpf_program *progs[] = {
		s->progs.km_connect4, s->progs.km_connect6, s->progs.km_release,
	};
	char path[4096];
	struct bpf_link *l;
	size_t i;
	int err;

	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		if (pin_path(path, sizeof(path), dir, "links",
			     bpf_program__name(progs[i])))
			return fail("pin path", dir, errno);
		l = bpf_program__attach_cgroup(progs[i], cgfd);
		if (!l)
			return fail("attaching", bpf_program__name(progs[i]), errno);
		err = bpf_link__pin(l, path);
		bpf_link__destroy(l);	/* the pin keeps it attached */
		if (err)
			return fail("pinning", path, -err);
	}
	return KM_EXIT_OK;
}

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct kmesh_bpf *s = NULL;
	struct bpf_cmd_args a;
	char path[4096];
	int rc, err, cgfd = -1;

	rc = bpf_cmd_parse(cmd, argc, argv, &a,
			   "  --cgroup PATH     cgroup v2 directory to attach to (required)\n");
	if (rc >= 0)
		return rc;
	if (!a.cgroup)
		return cmd_usage_error(cmd, "missing --cgroup PATH");
	if (pin_path(path, sizeof(path), a.bpffs, "links", "km_connect4"))
		return fail("pin path", a.bpffs, errno);
	if (!access(path, F_OK)) {
		fprintf(stderr, "kmeshctl load: already loaded at %s (run 'kmeshctl unload' first to reload)\n",
			a.bpffs);
		return KM_EXIT_OK;
	}
	cgfd = open(a.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0)
		return fail("cgroup", a.cgroup, errno);
	libbpf_set_print(NULL);
	s = kmesh_bpf__open_and_load();
	if (!s) {
		rc = fail("loading the BPF programs", NULL, errno);
		goto out;
	}
	if (fill_stages(s)) {
		rc = fail("filling the stage prog arrays", NULL, errno);
		goto out;
	}
	if (mkdir(a.bpffs, 0700) && errno != EEXIST) {
		rc = fail("creating", a.bpffs, errno);
		goto out;
	}
	if (mkdir_p(a.bpffs, "maps") || mkdir_p(a.bpffs, "progs") ||
	    mkdir_p(a.bpffs, "links")) {
		rc = fail("creating directories in", a.bpffs, errno);
		goto undo;
	}
	pin_path(path, sizeof(path), a.bpffs, "maps", NULL);
	err = bpf_object__pin_maps(s->obj, path);
	if (err) {
		rc = fail("pinning maps in", path, -err);
		goto undo;
	}
	pin_path(path, sizeof(path), a.bpffs, "progs", NULL);
	err = bpf_object__pin_programs(s->obj, path);
	if (err) {
		rc = fail("pinning programs in", path, -err);
		goto undo;
	}
	rc = attach(s, cgfd, a.bpffs);
	if (rc == KM_EXIT_OK)
		goto out;
undo:
	pin_dir_remove(a.bpffs, "links");
	pin_dir_remove(a.bpffs, "progs");
	pin_dir_remove(a.bpffs, "maps");
	rmdir(a.bpffs);
out:
	kmesh_bpf__destroy(s);
	close(cgfd);
	return rc;
}

const struct km_cmd cmd_bpf_load = {
	.name = "load",
	.args = "",
	.summary = "load the BPF data plane and attach it to a cgroup",
	.help = "Load the kmesh-native BPF programs, pin their maps and programs\n"
		"under the bpffs directory and attach them to the cgroup with\n"
		"pinned links: they stay attached after kmeshctl exits, until\n"
		"'kmeshctl unload'. No config is active until 'kmeshctl apply'.\n"
		"Loading again when already loaded does nothing.",
	.n_args = 0,
	.run = run,
};

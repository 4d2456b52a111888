// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmeshctl load --cgroup PATH [--bpffs DIR] */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/bpfpin.h"
#include "dataplane/update.h"
#include "cmd.h"
#include "kmesh.skel.h"
#include "lib/report.h"

/* libbpf's warnings (the verifier log of a program that does not load),
 * kept to be printed only if loading fails. */
static char *lbpf_log;
static size_t lbpf_len;

static int keep_log(enum libbpf_print_level level, const char *fmt,
		    va_list ap)
{
	char *line, *tmp;
	int n;

	if (level != LIBBPF_WARN)
		return 0;
	n = vasprintf(&line, fmt, ap);
	if (n < 0)
		return 0;
	tmp = realloc(lbpf_log, lbpf_len + n + 1);
	if (tmp) {
		lbpf_log = tmp;
		memcpy(lbpf_log + lbpf_len, line, n + 1);
		lbpf_len += n;
	}
	free(line);
	return n;
}

static int fail(const char *what, const char *path, int err)
{
	km_err("%s%s%s: %s", what, path ? " " : "",
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

/* Fill the prog arrays (connect4, connect6, sock_ops) with the stages,
 * in enum km_stage order (bpf/kmesh.h). */
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
	const struct bpf_program *pops[] = {
		s->progs.km_chain_ops, s->progs.km_filter_ops,
		s->progs.km_cluster_ops, s->progs.km_rewrite_ops,
		s->progs.km_http_ops, s->progs.km_route_ops,
	};
	int m4 = bpf_map__fd(s->maps.km_progs4);
	int m6 = bpf_map__fd(s->maps.km_progs6);
	int mops = bpf_map__fd(s->maps.km_progs_ops);
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
	for (i = 0; i < sizeof(pops) / sizeof(pops[0]); i++) {
		fd = bpf_program__fd(pops[i]);
		if (bpf_map_update_elem(mops, &i, &fd, BPF_ANY))
			return -1;
	}
	return 0;
}

/* Is the bpf_defer ULP registered (HTTP listeners need it)? The list is
 * only in the initial network namespace's /proc/sys. */
static int have_defer_ulp(void)
{
	char buf[256] = "", *tok, *save;
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_available_ulp", "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save))
		if (!strcmp(tok, "bpf_defer"))
			return 1;
	return 0;
}

/* HTTP listeners need the bpf_defer ULP (CONFIG_TCP_BPF_DEFER=y). */
static void check_defer_ulp(void)
{
	if (!have_defer_ulp())
		km_warn("this kernel has no bpf_defer TCP ULP (CONFIG_TCP_BPF_DEFER): connections to HTTP listeners will be refused");
}

static int attach(struct kmesh_bpf *s, int cgfd, const char *dir)
{
	struct bpf_program *progs[] = {
		s->progs.km_connect4, s->progs.km_connect6, s->progs.km_release,
		s->progs.km_sockops,
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
	struct cmd_args a;
	char path[4096];
	int rc, err, cgfd = -1, lock;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (pin_path(path, sizeof(path), a.bpffs, "links", "km_connect4"))
		return fail("pin path", a.bpffs, errno);
	if (mkdir(a.bpffs, 0700) && errno != EEXIST)
		return fail("creating", a.bpffs, errno);
	lock = dp_lock(a.bpffs);
	if (lock < 0)
		return KM_EXIT_IO;
	if (!access(path, F_OK)) {
		km_err("already loaded at %s (run 'kmeshctl unload' first to reload)",
			a.bpffs);
		rc = dp_recover(a.bpffs, true) ? KM_EXIT_IO : KM_EXIT_OK;
		close(lock);
		return rc;
	}
	check_defer_ulp();
	cgfd = open(a.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgfd < 0) {
		rc = fail("cgroup", a.cgroup, errno);
		goto undo;
	}
	libbpf_set_print(keep_log);
	s = kmesh_bpf__open_and_load();
	if (!s) {
		err = errno;
		if (lbpf_log)
			fputs(lbpf_log, stderr);
		rc = fail("loading the BPF programs", NULL, err);
		goto undo;
	}
	if (fill_stages(s)) {
		rc = fail("filling the stage prog arrays", NULL, errno);
		goto undo;
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
undo:	/* leave nothing, not even the directory made above */
	pin_dir_remove(a.bpffs, "links");
	pin_dir_remove(a.bpffs, "progs");
	pin_dir_remove(a.bpffs, "maps");
	rmdir(a.bpffs);
out:
	kmesh_bpf__destroy(s);
	if (cgfd >= 0)
		close(cgfd);
	close(lock);
	free(lbpf_log);
	lbpf_log = NULL;
	lbpf_len = 0;
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
		"HTTP listeners need the kernel's bpf_defer TCP ULP\n"
		"(CONFIG_TCP_BPF_DEFER=y): load warns if it is missing.\n"
		"Loading again when already loaded changes nothing but cleans up\n"
		"after an apply that was killed (the generation it left behind).",
	.flags = CMD_F_NO_CONFIG | CMD_F_BPFFS | CMD_F_CGROUP,
	.n_args = 0,
	.run = run,
};

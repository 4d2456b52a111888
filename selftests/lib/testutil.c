// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#define _GNU_SOURCE
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CGROOT "/sys/fs/cgroup"

int tu_new_netns(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, err = 0;

	if (unshare(CLONE_NEWNET))
		return -errno;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			err = -errno;
	} else {
		err = -errno;
	}
	close(fd);
	return err;
}

int tu_cgroup_create(char *path, size_t len)
{
	static int seq;

	snprintf(path, len, CGROOT "/kmesh-test-%d-%d", getpid(), seq++);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int tu_cgroup_join(const char *path)
{
	char procs[512], pid[32];

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return tu_write_file(procs, pid);
}

void tu_cgroup_destroy(const char *path)
{
	tu_cgroup_join(CGROOT);
	rmdir(path);
}

socklen_t tu_sockaddr(struct sockaddr_storage *ss, const char *addr, uint16_t port)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	return 0;
}

int tu_tcp_listen(const char *addr, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = tu_sockaddr(&ss, addr, *port);
	int fd, one = 1;

	if (!len)
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 128) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		int err = -errno;

		close(fd);
		return err;
	}
	*port = ntohs(ss.ss_family == AF_INET ?
		      ((struct sockaddr_in *)&ss)->sin_port :
		      ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

int tu_tcp_listen_n(const char *addr, uint16_t first, int n, int *fds)
{
	uint16_t port;
	int i;

	for (i = 0; i < n; i++)
		fds[i] = -1;
	for (i = 0; i < n; i++) {
		port = first + i;
		fds[i] = tu_tcp_listen(addr, &port);
		if (fds[i] < 0)
			return fds[i];
	}
	return 0;
}

void tu_close_all(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int tu_tcp_connect(const char *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = tu_sockaddr(&ss, addr, port);
	int fd;

	if (!len)
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&ss, len)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int tu_beside_self(char *buf, size_t len, const char *name)
{
	char self[PATH_MAX], *slash;
	ssize_t n;
	int w;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return -1;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (slash)
		*slash = 0;
	w = snprintf(buf, len, "%s/%s", self, name);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

int tu_kmeshctl_argv(const char *out, const char *const *args)
{
	const char *env = getenv("KMESHCTL");
	char ctl[PATH_MAX + 32], *argv[8];
	pid_t pid;
	int st, fd, i;

	argv[0] = "kmeshctl";
	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	if (env)
		snprintf(ctl, sizeof(ctl), "%s", env);
	else if (tu_beside_self(ctl, sizeof(ctl), "kmeshctl"))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (out) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(127);
		}
		execv(ctl, argv);
		fprintf(stderr, "exec %s: %s\n", ctl, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int tu_kmeshctl_out(const char *out, const char *bpffs, const char *a1,
		    const char *a2, const char *a3)
{
	const char *args[] = { a1, "--bpffs", bpffs, a2, a3, NULL };

	return tu_kmeshctl_argv(out, args);
}

int tu_kmeshctl(const char *bpffs, const char *a1, const char *a2,
		const char *a3)
{
	return tu_kmeshctl_out(NULL, bpffs, a1, a2, a3);
}

char *tu_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int tu_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	if (close(fd))
		return -errno;
	return (size_t)n == strlen(s) ? 0 : -EIO;
}

int tu_tmp_config(char *path, size_t len, const char *tag, const char *yaml)
{
	int w = snprintf(path, len, "/tmp/kmesh-%s-%d.yaml", tag, getpid());

	if (w < 0 || (size_t)w >= len)
		return -1;
	return tu_write_file(path, yaml);
}

int tu_mesh_up(struct tu_mesh *m, const char *tag)
{
	int rc;

	m->loaded = 0;
	snprintf(m->bpffs, sizeof(m->bpffs), "/sys/fs/bpf/kmesh-%s-%d", tag,
		 getpid());
	if (tu_cgroup_create(m->cg, sizeof(m->cg)))
		return -1;
	rc = tu_kmeshctl(m->bpffs, "load", "--cgroup", m->cg);
	if (rc) {
		fprintf(stderr, "# kmeshctl load: exit status %d\n", rc);
		return -1;
	}
	m->loaded = 1;
	return 0;
}

int tu_mesh_down(struct tu_mesh *m)
{
	int rc = 0;

	tu_cgroup_destroy(m->cg);
	if (m->loaded && tu_kmeshctl(m->bpffs, "unload", NULL, NULL))
		rc = -1;
	m->loaded = 0;
	return rc;
}

int tu_mesh_enter(const struct tu_mesh *m, const char *cfg)
{
	int rc = tu_kmeshctl(m->bpffs, "apply", cfg, NULL);

	return rc ? rc : tu_cgroup_join(m->cg);
}

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Helpers shared by the kmesh-native selftests: namespaces, cgroups, sockets. */
#ifndef KMESH_TESTUTIL_H
#define KMESH_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Move the calling process into a new network namespace with lo up. */
int tu_new_netns(void);

/* Create a fresh cgroup v2 directory below /sys/fs/cgroup. */
int tu_cgroup_create(char *path, size_t len);
/* Move the calling process into the cgroup at path. */
int tu_cgroup_join(const char *path);
/* Move the calling process back to the root cgroup and remove path. */
void tu_cgroup_destroy(const char *path);

/* Fill a sockaddr for addr:port; family from the address text. */
socklen_t tu_sockaddr(struct sockaddr_storage *ss, const char *addr, uint16_t port);
/* A listening TCP socket on addr, port 0 picks one; *port gets it. */
int tu_tcp_listen(const char *addr, uint16_t *port);
/* n listening sockets on addr, ports first..first+n-1, into fds (-1 for
 * those not opened); 0 or the -errno of the first that failed. */
int tu_tcp_listen_n(const char *addr, uint16_t first, int n, int *fds);
/* Close the n fds that are not -1. */
void tu_close_all(int *fds, int n);
/* A blocking TCP client connected to addr:port, or -errno. */
int tu_tcp_connect(const char *addr, uint16_t port);

/* The path of name in the test binary's directory, into buf; 0 or -1. */
int tu_beside_self(char *buf, size_t len, const char *name);

/* Run kmeshctl CMD --bpffs BPFFS [A2 [A3]] and return its exit status
 * (-1 if it did not run). kmeshctl is the one next to the test binary
 * (selftests/Makefile links it there), or $KMESHCTL. */
int tu_kmeshctl(const char *bpffs, const char *cmd, const char *a2,
		const char *a3);
/* Run kmeshctl with the NULL-terminated args (at most 6), its standard
 * output and error written to the file out (if not NULL); its exit
 * status, -1 if it did not run. */
int tu_kmeshctl_argv(const char *out, const char *const *args);
/* tu_kmeshctl() with its standard output and error written to out. */
int tu_kmeshctl_out(const char *out, const char *bpffs, const char *cmd,
		    const char *a2, const char *a3);
/* Write s to path (created or truncated: a file, or a cgroup, sysfs or
 * debugfs knob); 0, or -errno (-EIO for a short write). */
int tu_write_file(const char *path, const char *s);
/* Write yaml to /tmp/kmesh-TAG-PID.yaml, its path into path; 0 or -1. */
int tu_tmp_config(char *path, size_t len, const char *tag, const char *yaml);
/* The whole file as a NUL-terminated string to free(), or NULL. */
char *tu_read_file(const char *path);

/*
 * The data plane a test binary shares between its tests: a cgroup, and a
 * bpffs directory of its own for `kmeshctl load` on it. Loading (the
 * verifier, dozens of programs) is what takes time in a debug guest, so it
 * is done once, by main() (TU_MESH_MAIN), before the harness forks the
 * tests; each test enters a new network namespace, applies its config
 * (a new generation) and joins the cgroup.
 */
struct tu_mesh {
	char cg[256];
	char bpffs[64];
	int loaded;
};

/* Create the cgroup and load the data plane on it; 0 or -1. */
int tu_mesh_up(struct tu_mesh *m, const char *tag);
/* Remove the cgroup and unload; 0 or -1. */
int tu_mesh_down(struct tu_mesh *m);
/* `kmeshctl apply` the config at cfg (a new generation), then move the
 * calling process into the cgroup: 0, kmeshctl's exit status (-1 if it
 * did not run), or -errno of the move. */
int tu_mesh_enter(const struct tu_mesh *m, const char *cfg);

/* main() of a test binary whose tests share the data plane mesh. */
#define TU_MESH_MAIN(mesh, tag)						\
	static void tu_mesh_at_exit(void) { tu_mesh_down(&(mesh)); }	\
	int main(int argc, char **argv)					\
	{								\
		if (!tu_mesh_up(&(mesh), tag))				\
			atexit(tu_mesh_at_exit);			\
		return test_harness_run(argc, argv);			\
	}

#endif

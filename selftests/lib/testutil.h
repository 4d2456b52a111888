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
/* A blocking TCP client connected to addr:port, or -errno. */
int tu_tcp_connect(const char *addr, uint16_t port);

/* Run kmeshctl CMD --bpffs BPFFS [A2 [A3]] and return its exit status
 * (-1 if it did not run). kmeshctl is the one next to the test binary
 * (selftests/Makefile links it there), or $KMESHCTL. */
int tu_kmeshctl(const char *bpffs, const char *cmd, const char *a2,
		const char *a3);
/* Write s to path; 0 or -1. */
int tu_write_file(const char *path, const char *s);

#endif

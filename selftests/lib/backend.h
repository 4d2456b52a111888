/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Which of a test's listening servers received a connection, and whether
 * it received exactly what the client sent: the tests' way of telling
 * where the data plane routed a connection.
 */
#ifndef KMESH_BACKEND_H
#define KMESH_BACKEND_H

#include <stdint.h>

/* The most servers one call watches. */
#define TU_MAX_SRV	16

/*
 * The index of the server of srv[0..n-1] that accepted a connection
 * within 2 s and received exactly req on it ("" checks no bytes);
 * -1: none did, -2: more than one, -3: other bytes, -EINVAL: n over
 * TU_MAX_SRV. With keep, the accepted socket is left open in *keep
 * instead of closed.
 */
int tu_received_by(const int *srv, int n, const char *req, int *keep);

/*
 * Connect to addr:port from the calling process (so from its cgroup),
 * send req in one send and return tu_received_by() for it, or -errno of
 * the connect or the send (-EIO for a short send). With keep, the client
 * socket is left open in keep[0] and the server's in keep[1].
 */
int tu_request(const int *srv, int n, const char *addr, uint16_t port,
	       const char *req, int *keep);

#endif

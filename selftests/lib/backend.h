/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Which of a test's listening servers received a connection, and whether
 * it received exactly what the client sent: the tests' way of telling
 * where the data plane routed a connection. The clients connect from the
 * calling process, so from its cgroup.
 */
#ifndef KMESH_BACKEND_H
#define KMESH_BACKEND_H

#include <stddef.h>
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
/* tu_received_by() of a connection, whatever it carries. */
int tu_accepted(const int *srv, int n, int *keep);

/*
 * Connect to addr:port, send req in one send (none if it is "") and
 * return tu_received_by() for it, or -errno of the connect or the send
 * (-EIO for a short send). With keep, the client socket is left open in
 * keep[0] and the server's in keep[1].
 */
int tu_request(const int *srv, int n, const char *addr, uint16_t port,
	       const char *req, int *keep);
/* tu_request() of req in sends sends, cut at cuts[0..sends-2]. */
int tu_request_split(const int *srv, int n, const char *addr, uint16_t port,
		     const char *req, const size_t *cuts, int sends);
/* Connect to addr:port and return tu_accepted() for it, both sockets
 * closed; or -errno of the connect, logged. */
int tu_route(const int *srv, int n, const char *addr, uint16_t port);

/* times tu_request()s, seen[i] counting those server i received; 0, or
 * the first result that was no server's (logged). */
int tu_tally(const int *srv, int n, const char *addr, uint16_t port,
	     const char *req, int times, int *seen);
/*
 * tu_request()s, tries at the most, until want of them went to server
 * on: those left open, client and server socket, in pairs[2i] and
 * pairs[2i + 1], the others closed. How many are open, or the first
 * result that was no server's.
 */
int tu_hold(const int *srv, int n, int on, const char *addr, uint16_t port,
	    const char *req, int tries, int want, int *pairs);

#endif

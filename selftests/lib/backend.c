// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "backend.h"
#include "testutil.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int tu_received_by(const int *srv, int n, const char *req, int *keep)
{
	struct pollfd p[TU_MAX_SRV];
	size_t len = strlen(req), got = 0;
	char buf[8192];
	int i, a, who = -1, bad = 0;
	ssize_t r;

	if (n > TU_MAX_SRV)
		return -EINVAL;
	for (i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = srv[i], .events = POLLIN };
	if (poll(p, n, 2000) <= 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!(p[i].revents & POLLIN))
			continue;
		a = accept(srv[i], NULL, NULL);
		if (a < 0)
			continue;
		if (who >= 0)
			bad = -2;
		who = i;
		while (got < len) {
			struct pollfd q = { .fd = a, .events = POLLIN };

			if (poll(&q, 1, 2000) <= 0)
				break;
			r = recv(a, buf + got, sizeof(buf) - got, 0);
			if (r <= 0)
				break;
			got += r;
		}
		if (got != len || memcmp(buf, req, len))
			bad = bad ? bad : -3;
		if (keep && !bad)
			*keep = a;
		else
			close(a);
	}
	return bad ? bad : who;
}

int tu_request(const int *srv, int n, const char *addr, uint16_t port,
	       const char *req, int *keep)
{
	int c = tu_tcp_connect(addr, port), who;
	size_t len = strlen(req);
	ssize_t r;

	if (c < 0)
		return c;
	r = send(c, req, len, MSG_NOSIGNAL);
	if (r != (ssize_t)len) {
		who = r < 0 ? -errno : -EIO;
		if (r >= 0)
			fprintf(stderr, "# short send: %zd of %zu bytes\n",
				r, len);
		close(c);
		return who;
	}
	who = tu_received_by(srv, n, req, keep ? &keep[1] : NULL);
	if (keep && who >= 0)
		keep[0] = c;
	else
		close(c);
	return who;
}

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
	char buf[32768];	/* a head of up to the 16 KiB window, and more */
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

int tu_accepted(const int *srv, int n, int *keep)
{
	return tu_received_by(srv, n, "", keep);
}

/* tu_request() of req in sends pieces, cut at cuts[0..sends-2]; the
 * client's and the server's socket in keep[0] and keep[1] if kept. */
static int request(const int *srv, int n, const char *addr, uint16_t port,
		   const char *req, const size_t *cuts, int sends, int *keep)
{
	size_t off = 0, len = strlen(req), end;
	int c = tu_tcp_connect(addr, port), i, who;
	ssize_t r;

	if (c < 0)
		return c;
	for (i = 0; len && i < sends; i++) {
		end = i + 1 < sends ? cuts[i] : len;
		r = send(c, req + off, end - off, MSG_NOSIGNAL);
		if (r != (ssize_t)(end - off)) {
			who = r < 0 ? -errno : -EIO;
			if (r >= 0)
				fprintf(stderr, "# short send: %zd of %zu\n", r,
					end - off);
			close(c);
			return who;
		}
		off = end;
	}
	who = tu_received_by(srv, n, req, keep ? &keep[1] : NULL);
	if (keep && who >= 0)
		keep[0] = c;
	else
		close(c);
	return who;
}

int tu_request(const int *srv, int n, const char *addr, uint16_t port,
	       const char *req, int *keep)
{
	return request(srv, n, addr, port, req, NULL, 1, keep);
}

int tu_request_split(const int *srv, int n, const char *addr, uint16_t port,
		     const char *req, const size_t *cuts, int sends)
{
	return request(srv, n, addr, port, req, cuts, sends, NULL);
}

int tu_route(const int *srv, int n, const char *addr, uint16_t port)
{
	int c = tu_tcp_connect(addr, port), who;

	if (c < 0) {
		fprintf(stderr, "# connect %s:%u: %s\n", addr, port,
			strerror(-c));
		return c;
	}
	who = tu_accepted(srv, n, NULL);
	close(c);
	return who;
}

int tu_tally(const int *srv, int n, const char *addr, uint16_t port,
	     const char *req, int times, int *seen)
{
	int i, who;

	for (i = 0; i < times; i++) {
		who = tu_request(srv, n, addr, port, req, NULL);
		if (who < 0) {
			fprintf(stderr, "# request %d of %d to %s:%u: %d\n",
				i + 1, times, addr, port, who);
			return who;
		}
		seen[who]++;
	}
	return 0;
}

int tu_hold(const int *srv, int n, int on, const char *addr, uint16_t port,
	    const char *req, int tries, int want, int *pairs)
{
	int i, who, held = 0, k[2];

	for (i = 0; i < tries && held < want; i++) {
		who = tu_request(srv, n, addr, port, req, k);
		if (who < 0)
			return who;
		if (who == on) {
			pairs[2 * held] = k[0];
			pairs[2 * held + 1] = k[1];
			held++;
		} else {
			close(k[0]);
			close(k[1]);
		}
	}
	return held;
}

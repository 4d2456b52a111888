// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The directory lock, see dirlock.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "dirlock.h"

#define POLL_MS	10	/* how often a waiter tries again */

int dirlock_take(const char *dir, unsigned wait_ms)
{
	struct timespec nap = { 0, POLL_MS * 1000000L };
	unsigned waited = 0;
	int fd, err;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		err = errno;
		if (err == EINTR)
			continue;
		if (err != EWOULDBLOCK || waited >= wait_ms) {
			close(fd);
			errno = err == EWOULDBLOCK ? ETIMEDOUT : err;
			return -1;
		}
		nanosleep(&nap, NULL);
		waited += POLL_MS;
	}
	return fd;
}

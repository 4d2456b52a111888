// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* File reading and atomic writing, see fileio.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int file_read(const char *path, size_t max, char **buf, size_t *len)
{
	bool own = strcmp(path, "-") != 0;
	FILE *f = own ? fopen(path, "rb") : stdin;
	size_t cap = 65536, n = 0, got;
	char *b = NULL, *nb;
	struct stat st;
	int err = 0;

	if (!f)
		return -1;
	/* a regular file: room for all of it, and the read that finds its end */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (size_t)st.st_size <= max)
		cap = (size_t)st.st_size + 2;
	for (;;) {
		if (!b || cap - n < 2) {
			if (b)
				cap *= 2;
			if (cap > max + 2)
				cap = max + 2;
			nb = realloc(b, cap);
			if (!nb) {
				err = ENOMEM;
				break;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			err = EFBIG;
			break;
		}
		if (got == 0) {
			if (ferror(f))
				err = EIO;
			break;
		}
	}
	if (own)
		fclose(f);
	if (err) {
		free(b);
		errno = err;
		return -1;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int file_write_atomic(const char *path, const void *buf, size_t len)
{
	size_t plen = strlen(path);
	char *tmp;
	int fd, err;

	if (!strcmp(path, "-"))
		return write_all(STDOUT_FILENO, buf, len);
	tmp = malloc(plen + sizeof(".tmpXXXXXX"));
	if (!tmp)
		return -1;
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmpXXXXXX", sizeof(".tmpXXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (write_all(fd, buf, len) || fchmod(fd, 0644) || fsync(fd)) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) || rename(tmp, path)) {
		err = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	errno = err;
	return -1;
}

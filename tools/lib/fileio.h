/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Whole-file reads and atomic writes. "-" is stdin/stdout. */
#ifndef KMESH_TOOLS_FILEIO_H
#define KMESH_TOOLS_FILEIO_H

#include <stddef.h>

/*
 * Read all of path into a new NUL-terminated buffer (free it). Returns 0,
 * or -1 with errno set (EFBIG: larger than max bytes).
 */
int file_read(const char *path, size_t max, char **buf, size_t *len);

/*
 * Replace path with len bytes at buf: written to a temporary file in the
 * same directory, synced, then renamed over path, so readers see the old
 * or the new file, never a part. Returns 0, or -1 with errno set.
 */
int file_write_atomic(const char *path, const void *buf, size_t len);

#endif

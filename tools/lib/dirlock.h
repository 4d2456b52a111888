/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * An exclusive lock on a directory (flock(2) on the directory itself), so
 * that two kmeshctl processes updating the data plane pinned there take
 * turns. The kernel drops it when the holder exits, however it exits:
 * a killed holder never leaves it taken.
 */
#ifndef KMESH_TOOLS_DIRLOCK_H
#define KMESH_TOOLS_DIRLOCK_H

/*
 * Lock dir, waiting up to wait_ms while another process holds it (0: do
 * not wait). Returns the descriptor that holds the lock (close() it to
 * unlock), or -1 with errno: ETIMEDOUT when still held after wait_ms,
 * or why dir could not be opened or locked.
 */
int dirlock_take(const char *dir, unsigned wait_ms);

#endif

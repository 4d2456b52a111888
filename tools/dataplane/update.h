/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The update protocol of the pinned data plane (include/kmesh/maps.h,
 * "Generations" and "the loader's own record"): one update at a time,
 * under a lock on the pin directory; each step recorded in km_loader
 * before it is taken, so that an update killed at any point is finished
 * or undone by the next one (or by `kmeshctl load`).
 */
#ifndef KMESH_TOOLS_UPDATE_H
#define KMESH_TOOLS_UPDATE_H

#include <stdbool.h>

#include "compile/compile.h"

/* How long a command waits for another one's lock before giving up. */
#define DP_LOCK_WAIT_MS		(300 * 1000)

/* Take the update lock of the data plane pinned at dir (wait for a
 * holder to finish). Returns the fd that holds it (close it to unlock),
 * or -1 with a message on stderr. */
int dp_lock(const char *dir);

/*
 * Under the lock: clean up after an update that was killed (finish the
 * one that had switched generations, delete the one that had not) and
 * delete every generation but the active one, with the state of the
 * objects it does not have. Only when km_loader says an update was
 * interrupted, or always with force. Says on stderr what it found.
 * Returns 0, or -1 with a message.
 */
int dp_recover(const char *dir, bool force);

/*
 * Under the lock: make c the active config. Its stateful objects get the
 * state ids of their counterparts in the active config (compile/
 * state_ids.h), the new generation is written, switched to, the old
 * one's counters are carried over by name, and the old generation and
 * the state of removed objects are deleted. Returns 0, or -1 with a
 * message on stderr (the old config is then still the active one, unless
 * the switch happened: then c is, and the next update cleans up).
 */
int dp_apply(const char *dir, struct kmesh_compiled *c);

#endif

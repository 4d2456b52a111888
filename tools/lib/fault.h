/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Fault injection, for the tests of what a killed kmeshctl leaves behind:
 * with KMESH_FAULT set in the environment, the process kills itself with
 * SIGKILL (no cleanup runs, as if killed from outside) at a chosen point:
 *
 *   KMESH_FAULT=writes:N   at the N+1st map write (fault_write()): after
 *                          exactly N writes
 *   KMESH_FAULT=at:NAME    at fault_point(NAME)
 *
 * Unset (the normal case) nothing happens. A value of another form is
 * reported once on stderr and ignored.
 */
#ifndef KMESH_TOOLS_FAULT_H
#define KMESH_TOOLS_FAULT_H

#include <stdbool.h>

struct fault {
	enum { FAULT_NONE, FAULT_WRITES, FAULT_AT } kind;
	unsigned long writes;	/* FAULT_WRITES: writes allowed */
	char at[32];		/* FAULT_AT: the point's name */
};

/* Parse a KMESH_FAULT value (NULL: none). Returns 0, or -1 when it has
 * neither form (f is then FAULT_NONE). */
int fault_parse(const char *spec, struct fault *f);

/* A map write is about to happen. */
void fault_write(void);
/* n map writes are about to happen at once (a batch): how many of them
 * may be made before the kill, n when none is due. A caller that gets
 * fewer makes those, then calls fault_write(), which kills. */
unsigned long fault_writes(unsigned long n);
/* The named point is reached. */
void fault_point(const char *name);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What to do about the loader's record (struct km_loader in
 * include/kmesh/maps.h) that an update finds when it starts, holding the
 * lock: a phase other than IDLE means the update before it was killed.
 * The plan is plain C (no maps), host-tested; dataplane/update.c
 * carries it out.
 */
#ifndef KMESH_TOOLS_JOURNAL_H
#define KMESH_TOOLS_JOURNAL_H

#include <stdbool.h>
#include <linux/types.h>
#include <kmesh/maps.h>

struct journal_plan {
	bool interrupted;	/* an update was killed: clean up after it */
	bool carry;		/* carry the counters of carry_from to the
				 * active generation (not done yet) */
	__u32 carry_from;
	const char *what;	/* what is done about it, for the message */
};

/*
 * The plan for record j, with generation active now active. Whatever
 * it says, every generation but the active one is then deleted, with
 * the state of objects the active one does not have: under the lock,
 * no other update can be writing them.
 */
void journal_plan(const struct km_loader *j, __u32 active,
		  struct journal_plan *p);

#endif

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The update protocol, see update.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpfpin.h"
#include "compile/state_ids.h"
#include "counters.h"
#include "generation.h"
#include "journal.h"
#include "lib/dirlock.h"
#include "lib/fault.h"
#include "lib/report.h"
#include "mapread.h"
#include "update.h"

int dp_lock(const char *dir)
{
	int fd = dirlock_take(dir, DP_LOCK_WAIT_MS);

	if (fd >= 0)
		return fd;
	if (errno == ETIMEDOUT)
		km_err("%s: another kmeshctl has held its lock for %u s; not waiting longer",
		       dir, DP_LOCK_WAIT_MS / 1000);
	else
		km_err("locking %s: %s%s", dir, strerror(errno),
		       errno == ENOENT ? " (run 'kmeshctl load' first)" : "");
	return -1;
}

static int journal_read(const char *dir, struct km_loader *j)
{
	__u32 key = KM_LOADER_KEY;
	int fd = pin_map_open(dir, "km_loader"), rc;

	if (fd < 0)
		return -1;
	rc = bpf_map_lookup_elem(fd, &key, j);
	if (rc)
		km_err("reading km_loader: %s", strerror(errno));
	close(fd);
	return rc ? -1 : 0;
}

static int journal_write(const char *dir, const struct km_loader *j)
{
	__u32 key = KM_LOADER_KEY;
	int fd = pin_map_open(dir, "km_loader"), rc;

	if (fd < 0)
		return -1;
	rc = pin_map_update(fd, &key, j, BPF_ANY);
	if (rc)
		km_err("writing km_loader: %s", strerror(errno));
	close(fd);
	return rc ? -1 : 0;
}

static int journal_set(const char *dir, struct km_loader *j, __u32 phase)
{
	j->phase = phase;
	return journal_write(dir, j);
}

static int set_active(const char *dir, __u32 gen)
{
	struct km_active act = { .gen = gen };
	__u32 key = KM_ACTIVE_KEY;
	int fd = pin_map_open(dir, "km_active"), rc;

	if (fd < 0)
		return -1;
	rc = pin_map_update(fd, &key, &act, BPF_ANY);
	if (rc)
		km_err("writing km_active: %s", strerror(errno));
	close(fd);
	return rc ? -1 : 0;
}

/*
 * The end of an update that has switched to generation active (from
 * j->old_gen): counters carried (unless j says it was done), then every
 * other generation and the state of objects active does not have
 * deleted, once no program can still be deciding under them. c: the
 * active config, or NULL to read it back from the maps; old: the config
 * of j->old_gen as read before the update, whose records are deleted by
 * key (the only other generation there is when the update started
 * IDLE), or NULL to sweep every map of every other generation.
 */
static int finish(const char *dir, struct km_loader *j, __u32 active,
		  bool carry, const struct kmesh_compiled *c,
		  const struct kmesh_compiled *old)
{
	struct kmesh_compiled back;
	__u32 gen;
	int rc = 0;

	if (bpf_grace_period()) {
		km_err("waiting for running programs: %s; the next apply deletes what is left",
		       strerror(errno));
		return -1;
	}
	if (carry && j->old_gen &&
	    counters_carry(dir, j->old_gen, active,
			   old && j->old_gen != active ? old : NULL, c))
		km_warn("the counters of generation %u were not carried over",
			j->old_gen);
	if (journal_set(dir, j, KM_PHASE_CARRIED))
		return -1;
	fault_point("carried");
	if (old && j->old_gen != active ? gen_delete(dir, old, j->old_gen) :
	    gen_sweep(dir, active, NULL))
		rc = -1;
	if (!c && active) {
		if (mapread_active(dir, &back, &gen))
			return -1;
		rc = state_sweep(dir, &back) || rc ? -1 : 0;
		kmesh_compiled_free(&back);
	} else {
		rc = state_sweep(dir, active ? c : NULL) || rc ? -1 : 0;
	}
	if (rc)
		return -1;
	j->old_gen = j->new_gen = active;
	return journal_set(dir, j, KM_PHASE_IDLE);
}

int dp_recover(const char *dir, bool force)
{
	struct journal_plan p;
	struct km_loader j;
	__u32 active;

	if (journal_read(dir, &j) || pin_active_gen(dir, &active))
		return -1;
	journal_plan(&j, active, &p);
	if (!p.interrupted && !force)
		return 0;
	if (p.interrupted)
		km_warn("an earlier update of %s was interrupted: %s", dir,
			p.what);
	j.old_gen = p.carry_from;
	return finish(dir, &j, active, p.carry, NULL, NULL);
}

int dp_apply(const char *dir, struct kmesh_compiled *c)
{
	struct kmesh_compiled old;
	struct km_loader j;
	__u32 active, gen;
	int rc;

	if (dp_recover(dir, false) || journal_read(dir, &j) ||
	    pin_active_gen(dir, &active))
		return -1;
	memset(&old, 0, sizeof(old));
	if (active && mapread_active(dir, &old, &gen))
		return -1;
	rc = state_ids_assign(c, active ? &old : NULL, &j.next_state_id);
	if (rc) {
		kmesh_compiled_free(&old);
		km_err("assigning state ids: %s", strerror(ENOMEM));
		return -1;
	}
	j.old_gen = active;
	j.new_gen = active + 1 ? active + 1 : 1;
	rc = -1;
	/* the state ids are given for good before any record has them */
	if (journal_set(dir, &j, KM_PHASE_WRITING))
		goto out;
	if (gen_write(dir, c, j.new_gen))
		goto undo;
	fault_point("written");
	if (set_active(dir, j.new_gen))
		goto undo;
	fault_point("switched");
	if (journal_set(dir, &j, KM_PHASE_SWITCHED))
		goto out;	/* switched: the next update finishes */
	/* deleted by key: old is what the maps hold of generation active
	 * (nothing when there was none) */
	rc = finish(dir, &j, j.new_gen, true, c, &old);
	goto out;
undo:
	if (!gen_delete(dir, c, j.new_gen))
		journal_set(dir, &j, KM_PHASE_IDLE);
out:
	kmesh_compiled_free(&old);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The plan for a leftover loader record, see journal.h. */
#include <string.h>

#include "journal.h"

void journal_plan(const struct km_loader *j, __u32 active,
		  struct journal_plan *p)
{
	memset(p, 0, sizeof(*p));
	switch (j->phase) {
	case KM_PHASE_IDLE:
		p->what = "nothing to do";
		return;
	case KM_PHASE_WRITING:
		p->interrupted = true;
		if (active != j->new_gen) {
			p->what = "deleting the generation it was writing";
			return;
		}
		/* killed between the switch and its record */
		break;
	case KM_PHASE_SWITCHED:
		p->interrupted = true;
		if (active != j->new_gen) {
			p->what = "deleting every generation but the active one";
			return;
		}
		break;
	case KM_PHASE_CARRIED:
		p->interrupted = true;
		p->what = "deleting the generation it had replaced";
		return;
	default:
		p->interrupted = true;
		p->what = "deleting every generation but the active one";
		return;
	}
	p->what = "carrying the counters of the generation it had replaced over, then deleting it";
	p->carry = j->old_gen && j->old_gen != active;
	p->carry_from = j->old_gen;
}

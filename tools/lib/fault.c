// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Fault injection, see fault.h. */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "report.h"
#include "scalar.h"

int fault_parse(const char *spec, struct fault *f)
{
	uint64_t n;

	memset(f, 0, sizeof(*f));
	if (!spec || !*spec)
		return 0;
	if (!strncmp(spec, "writes:", 7) &&
	    !scalar_parse_u64(spec + 7, UINT32_MAX, &n)) {
		f->kind = FAULT_WRITES;
		f->writes = (unsigned long)n;
		return 0;
	}
	if (!strncmp(spec, "at:", 3) && spec[3] &&
	    strlen(spec + 3) < sizeof(f->at)) {
		f->kind = FAULT_AT;
		strcpy(f->at, spec + 3);
		return 0;
	}
	return -1;
}

static struct fault *armed(void)
{
	static struct fault f;
	static bool parsed;

	if (!parsed) {
		parsed = true;
		if (fault_parse(getenv("KMESH_FAULT"), &f))
			km_warn("KMESH_FAULT=%s: expected writes:N or at:NAME; ignored",
				getenv("KMESH_FAULT"));
	}
	return &f;
}

static void die(void)
{
	raise(SIGKILL);
}

void fault_write(void)
{
	struct fault *f = armed();

	if (f->kind != FAULT_WRITES)
		return;
	if (!f->writes)
		die();
	f->writes--;
}

unsigned long fault_writes(unsigned long n)
{
	struct fault *f = armed();

	if (f->kind != FAULT_WRITES)
		return n;
	if (f->writes >= n) {
		f->writes -= n;
		return n;
	}
	n = f->writes;
	f->writes = 0;
	return n;
}

void fault_point(const char *name)
{
	struct fault *f = armed();

	if (f->kind == FAULT_AT && !strcmp(f->at, name))
		die();
}

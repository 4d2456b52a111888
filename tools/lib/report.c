// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The error reporter, see report.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "report.h"

static const char *cmd;

void km_report_cmd(const char *name)
{
	cmd = name;
}

static void report(const char *tag, const char *fmt, va_list ap)
{
	int saved = errno;
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "kmeshctl%s%s: %s%s\n", cmd ? " " : "", cmd ? cmd : "",
		tag, msg);
	errno = saved;
}

void km_verr(const char *fmt, va_list ap)
{
	report("", fmt, ap);
}

void km_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("", fmt, ap);
	va_end(ap);
}

void km_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning: ", fmt, ap);
	va_end(ap);
}

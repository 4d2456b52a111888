/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Error collection: every problem found in a config is added here (one
 * line each, no trailing newline), up to a cap; the rest are only counted.
 */
#ifndef KMESH_TOOLS_DIAG_H
#define KMESH_TOOLS_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct kpath;

struct diag {
	char **msgs;	/* the first min(total, cap) messages */
	size_t n;	/* stored */
	size_t total;	/* added, including dropped ones */
	size_t cap;
};

void diag_init(struct diag *d, size_t cap);
void diag_add(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Add "PATH[.field]: message" for the config path p (field may be NULL). */
void diag_vadd_at(struct diag *d, struct kpath *p, const char *field,
		  const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
/* One message per line, then "N more errors not shown" if any were dropped. */
void diag_print(const struct diag *d, FILE *out);
void diag_free(struct diag *d);

/*
 * Render s (len bytes) for a message: double-quoted, with control and
 * non-ASCII bytes escaped as \xNN, ", \ escaped, cut to about 64 bytes.
 */
const char *diag_quote(char *buf, size_t size, const char *s, size_t len);
#define DIAG_QUOTE_SIZE 300

#endif

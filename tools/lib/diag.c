// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Error collection, see diag.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "path.h"

void diag_init(struct diag *d, size_t cap)
{
	memset(d, 0, sizeof(*d));
	d->cap = cap;
}

void diag_add(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	char **msgs;

	d->total++;
	if (d->n >= d->cap)
		return;
	msgs = realloc(d->msgs, (d->n + 1) * sizeof(*msgs));
	if (!msgs)
		return;		/* counted, not stored: shows as "not shown" */
	d->msgs = msgs;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg)
		d->msgs[d->n++] = msg;
}

void diag_print(const struct diag *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(out, "%s\n", d->msgs[i]);
	if (d->total > d->n)
		fprintf(out, "%zu more error%s not shown\n", d->total - d->n,
			d->total - d->n == 1 ? "" : "s");
}

void diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d, d->cap);
}

const char *diag_quote(char *buf, size_t size, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;

	if (size < 16)
		return "\"...\"";
	buf[o++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o + 8 > size || i >= 64) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

void diag_vadd_at(struct diag *d, struct kpath *p, const char *field,
		  const char *fmt, va_list ap)
{
	size_t mark = field ? path_field(p, field) : p->len;
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	diag_add(d, "%s: %s", path_str(p), msg);
	path_pop(p, mark);
}

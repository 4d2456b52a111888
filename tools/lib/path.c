// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Config paths for error messages, see path.h. */
#include <stdio.h>
#include <string.h>

#include "path.h"

void path_init(struct kpath *p)
{
	p->buf[0] = '\0';
	p->len = 0;
}

/* Append piece; a path that does not fit ends in "..." (the schema's
 * depth keeps real paths far below KPATH_MAX). Returns the mark. */
static size_t path_append(struct kpath *p, const char *piece)
{
	size_t mark = p->len;
	size_t n = strlen(piece);

	if (n < KPATH_MAX - p->len) {
		memcpy(p->buf + p->len, piece, n + 1);
		p->len += n;
	} else {
		memcpy(p->buf + p->len, piece, KPATH_MAX - 1 - p->len);
		memcpy(p->buf + KPATH_MAX - 4, "...", 4);
		p->len = KPATH_MAX - 1;
	}
	return mark;
}

size_t path_field(struct kpath *p, const char *name)
{
	size_t mark = p->len;

	if (p->len)
		path_append(p, ".");
	path_append(p, name);
	return mark;
}

size_t path_index(struct kpath *p, size_t index)
{
	char piece[32];

	snprintf(piece, sizeof(piece), "[%zu]", index);
	return path_append(p, piece);
}

size_t path_key(struct kpath *p, const char *key)
{
	size_t mark = p->len, o = 0;
	char piece[KPATH_MAX];

	piece[o++] = '[';
	piece[o++] = '"';
	for (; *key && o + 8 < sizeof(piece); key++) {
		unsigned char c = (unsigned char)*key;

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(piece + o, sizeof(piece) - o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(piece + o, sizeof(piece) - o, "\\x%02x", c);
		else
			piece[o++] = (char)c;
	}
	memcpy(piece + o, "\"]", 3);
	path_append(p, piece);
	return mark;
}

void path_pop(struct kpath *p, size_t mark)
{
	if (mark < p->len) {
		p->len = mark;
		p->buf[mark] = '\0';
	}
}

const char *path_str(const struct kpath *p)
{
	return p->len ? p->buf : "(top level)";
}

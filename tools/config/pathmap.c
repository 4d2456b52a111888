// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmesh paths -> input paths in messages, see pathmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nameset.h"
#include "lib/path.h"
#include "pathmap.h"

void pathmap_init(struct pathmap *m)
{
	memset(m, 0, sizeof(*m));
}

void pathmap_free(struct pathmap *m)
{
	strpool_free(&m->strings);
	free(m->pairs);
	pathmap_init(m);
}

void pathmap_add(struct pathmap *m, const char *from, const char *to)
{
	const char *f, *t;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct pathmap_pair *p = realloc(m->pairs, cap * sizeof(*p));

		if (!p) {
			m->oom = true;
			return;
		}
		m->pairs = p;
		m->cap = cap;
	}
	f = strpool_add(&m->strings, from);
	t = strpool_add(&m->strings, to);
	if (!f || !t) {
		m->oom = true;
		return;
	}
	m->pairs[m->n].from = f;
	m->pairs[m->n++].to = t;
}

/* The pair whose path is the longest prefix of msg ending at a path
 * boundary ('.', '[' or the ": " after the path); of equal ones, the
 * first added. froms: the pairs by path. */
static const struct pathmap_pair *lookup(const struct pathmap *m,
					 const struct nameset *froms,
					 const char *msg)
{
	char prefix[KPATH_MAX + 1];
	size_t n, i;

	for (n = strnlen(msg, KPATH_MAX); n > 0; n--) {
		char c = msg[n];

		if (c != '.' && c != '[' && !(c == ':' && msg[n + 1] == ' '))
			continue;
		memcpy(prefix, msg, n);
		prefix[n] = '\0';
		if (nameset_find(froms, prefix, &i))
			return &m->pairs[i];
	}
	return NULL;
}

void pathmap_rewrite(const struct pathmap *m, struct diag *d)
{
	struct nameset froms;
	size_t i;

	if (!d->n || !m->n || nameset_init(&froms, m->n))
		return;
	for (i = 0; i < m->n; i++)
		nameset_add(&froms, m->pairs[i].from, i);
	for (i = 0; i < d->n; i++) {
		const struct pathmap_pair *p = lookup(m, &froms, d->msgs[i]);
		const char *rest;
		char *s;

		if (!p)
			continue;
		rest = d->msgs[i] + strlen(p->from);
		if (!*p->to && *rest == '.')	/* a lone resource's top */
			rest++;
		if (asprintf(&s, "%s%s", *p->to || *rest != ':' ? p->to :
			     "(top level)", rest) < 0)
			continue;
		free(d->msgs[i]);
		d->msgs[i] = s;
	}
	nameset_free(&froms);
}

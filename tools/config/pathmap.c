// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* kmesh paths -> input paths in messages, see pathmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathmap.h"

void pathmap_init(struct pathmap *m)
{
	memset(m, 0, sizeof(*m));
}

void pathmap_free(struct pathmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->pairs[i].from);
		free(m->pairs[i].to);
	}
	free(m->pairs);
	pathmap_init(m);
}

void pathmap_add(struct pathmap *m, const char *from, const char *to)
{
	char *f, *t;

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
	f = strdup(from);
	t = strdup(to);
	if (!f || !t) {
		free(f);
		free(t);
		m->oom = true;
		return;
	}
	m->pairs[m->n].from = f;
	m->pairs[m->n++].to = t;
}

/* The pair whose path is the longest prefix of msg ending at a path
 * boundary ('.', '[' or the ": " after the path). */
static const struct pathmap_pair *lookup(const struct pathmap *m,
					 const char *msg)
{
	const struct pathmap_pair *best = NULL;
	size_t best_len = 0, i;

	for (i = 0; i < m->n; i++) {
		size_t n = strlen(m->pairs[i].from);
		char c = msg[n];

		if (n > best_len && !strncmp(msg, m->pairs[i].from, n) &&
		    (c == '.' || c == '[' || (c == ':' && msg[n + 1] == ' '))) {
			best = &m->pairs[i];
			best_len = n;
		}
	}
	return best;
}

void pathmap_rewrite(const struct pathmap *m, struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct pathmap_pair *p = lookup(m, d->msgs[i]);
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
}

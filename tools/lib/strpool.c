// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A pool of strings in blocks, see strpool.h. */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"

#define BLOCK_SIZE	(256u << 10)

struct strpool_block {
	struct strpool_block *next;	/* filled before this one */
	size_t used, cap;
	char data[];
};

void strpool_init(struct strpool *p)
{
	p->head = NULL;
}

void strpool_free(struct strpool *p)
{
	struct strpool_block *b, *n;

	for (b = p->head; b; b = n) {
		n = b->next;
		free(b);
	}
	p->head = NULL;
}

char *strpool_addn(struct strpool *p, const char *s, size_t n)
{
	struct strpool_block *b = p->head;
	char *t;

	if (n + 1 < n)
		return NULL;
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > BLOCK_SIZE ? n + 1 : BLOCK_SIZE;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->cap = cap;
		if (p->head && n + 1 > BLOCK_SIZE) {
			/* a large string: keep filling the current block */
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
		}
	}
	t = b->data + b->used;
	if (n)
		memcpy(t, s, n);
	t[n] = '\0';
	b->used += n + 1;
	return t;
}

char *strpool_add(struct strpool *p, const char *s)
{
	return strpool_addn(p, s, strlen(s));
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Open-addressing string set, see nameset.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nameset.h"

static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 32));
}

static size_t capacity(size_t max)
{
	size_t cap = 8;

	while (cap < 2 * max)	/* load factor <= 1/2 */
		cap *= 2;
	return cap;
}

int nameset_init(struct nameset *s, size_t max)
{
	size_t cap = capacity(max);

	s->slots = calloc(cap, sizeof(*s->slots));
	s->mask = cap - 1;
	s->n = 0;
	s->max = max;
	return s->slots ? 0 : -1;
}

void nameset_free(struct nameset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->n = 0;
}

/* The slot holding name, or the empty slot where it would go. */
static struct nameset_slot *lookup(const struct nameset *s, const char *name)
{
	size_t i = hash(name) & s->mask;

	while (s->slots[i].name && strcmp(s->slots[i].name, name))
		i = (i + 1) & s->mask;
	return &s->slots[i];
}

size_t nameset_add(struct nameset *s, const char *name, size_t index)
{
	struct nameset_slot *slot = lookup(s, name);

	if (slot->name)
		return slot->index;
	if (s->n >= s->max)
		return (size_t)-1;
	slot->name = name;
	slot->index = index;
	s->n++;
	return index;
}

bool nameset_find(const struct nameset *s, const char *name, size_t *index)
{
	const struct nameset_slot *slot = lookup(s, name);

	if (!slot->name)
		return false;
	if (index)
		*index = slot->index;
	return true;
}

size_t *nameset_index(struct nameset *s, const char *name)
{
	struct nameset_slot *slot = lookup(s, name);

	return slot->name ? &slot->index : NULL;
}

int nameset_reserve(struct nameset *s, size_t max)
{
	struct nameset old = *s;
	size_t i;

	if (max <= s->max)
		return 0;
	if (nameset_init(s, max)) {
		*s = old;
		return -1;
	}
	for (i = 0; i <= old.mask; i++)
		if (old.slots[i].name)
			*lookup(s, old.slots[i].name) = old.slots[i];
	s->n = old.n;
	free(old.slots);
	return 0;
}

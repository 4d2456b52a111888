/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A set of names, each with the index of its first occurrence: finds
 * duplicates and resolves references in O(1). The names are borrowed
 * (they must outlive the set); the capacity is fixed at init, or grown
 * with nameset_reserve().
 */
#ifndef KMESH_TOOLS_NAMESET_H
#define KMESH_TOOLS_NAMESET_H

#include <stdbool.h>
#include <stddef.h>

struct nameset_slot {
	const char *name;
	size_t index;
};

struct nameset {
	struct nameset_slot *slots;
	size_t mask;	/* slots - 1, a power of two minus one */
	size_t n;
	size_t max;	/* names it was sized for */
};

/* Room for max names. Returns 0, or -1 when out of memory. */
int nameset_init(struct nameset *s, size_t max);
void nameset_free(struct nameset *s);
/*
 * Add name with index unless present. Returns the index stored for name
 * (index itself when it was new); (size_t)-1 when the set is full.
 */
size_t nameset_add(struct nameset *s, const char *name, size_t index);
bool nameset_find(const struct nameset *s, const char *name, size_t *index);
/* The index stored for name, which may be changed; NULL when absent. */
size_t *nameset_index(struct nameset *s, const char *name);
/* Room for max names (or more) with the names kept, for a set that
 * grows. Returns 0, or -1 when out of memory (the set is unchanged). */
int nameset_reserve(struct nameset *s, size_t max);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Strings that live as long as the pool, copied into large blocks: one
 * malloc() per block instead of one per string, and one free() each.
 */
#ifndef KMESH_TOOLS_STRPOOL_H
#define KMESH_TOOLS_STRPOOL_H

#include <stddef.h>

struct strpool_block;

struct strpool {
	struct strpool_block *head;	/* the block being filled */
};

/* An empty pool (a zeroed struct is one too). */
void strpool_init(struct strpool *p);
/* Free every string of the pool; it is empty again. */
void strpool_free(struct strpool *p);
/* A copy of the n bytes at s, NUL added (s may hold NULs); NULL when
 * out of memory. */
char *strpool_addn(struct strpool *p, const char *s, size_t n);
/* A copy of the string s. */
char *strpool_add(struct strpool *p, const char *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading the active config back from the pinned maps (the inverse of
 * `kmeshctl apply`'s write_generation()): the records of the active
 * generation, keyed (gen, id) with dense ids, into the tables of a
 * struct kmesh_compiled, with the names km_names holds for it.
 */
#ifndef KMESH_TOOLS_MAPREAD_H
#define KMESH_TOOLS_MAPREAD_H

#include <linux/types.h>

#include "compile/compile.h"

/*
 * Read the active generation under the pin directory dir into *c
 * (kmesh_compiled_free() it) and its number into *gen. Retried when an
 * `apply` switches generations meanwhile. Returns 0, or -1 with a
 * message on stderr (nothing applied, a map missing or of another
 * layout, a generation with holes in its ids).
 */
int mapread_active(const char *dir, struct kmesh_compiled *c, __u32 *gen);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The inverse of the compile stage: the flat tables of a struct
 * kmesh_compiled (from kmesh_compile() or read back from the pinned
 * maps) -> a kmesh.Config, printed as the canonical YAML of `kmeshctl
 * dump`. The property it keeps, for every valid config F:
 *
 *	compile(decompile(compile(F))) == compile(F)
 *
 * as kmesh_compiled_print() shows them. What the tables do not hold
 * comes back in one canonical form: IPv4 as dotted quads (also where F
 * had a v4-mapped IPv6 literal), prefixes with their host bits cleared,
 * domains and header names lowercased, domains grouped per virtual host
 * in match order, PRESENT header matchers as present_match: true
 * (inverted: present_match: false), endpoint weight 1 left out,
 * stat_prefix left out (the tables do not keep it). Names the tables
 * lack (NULL or empty) are left out where the schema allows it (filter
 * chains, filters, routes) and synthesized elsewhere, unique in their
 * kind: listener_N, route_config_N, virtual_host_N, cluster_N (N the
 * id, with '_' appended while that name is taken).
 */
#ifndef KMESH_TOOLS_DECOMPILE_H
#define KMESH_TOOLS_DECOMPILE_H

#include <stddef.h>
#include <stdio.h>

#include "compile/compile.h"
#include "lib/diag.h"
#include "kmesh.pb-c.h"

/*
 * Decompile c into *out (config_free() it). Returns 0, or the number of
 * problems added to d with *out NULL: tables that do not hang together
 * (a child range or reference outside its table, an unknown kind, a
 * length over its field; "filter_chains[3]: filters [5,9) outside the
 * 7 filters"), or running out of memory.
 */
size_t kmesh_decompile(const struct kmesh_compiled *c, Kmesh__Config **out,
		       struct diag *d);

/* Decompile c and write it as YAML to out (flushed). Returns 0;
 * -EINVAL when the tables do not hang together (the problems are printed
 * on stderr); another negative errno (-EIO when the writer has no errno)
 * on a write error, with the reason in *err. */
int kmesh_decompile_print(const struct kmesh_compiled *c, FILE *out,
			  const char **err);

/* The check of kmesh_decompile(), on its own: the number of problems
 * added to d (decompile_check.c). */
size_t kmesh_decompile_check(const struct kmesh_compiled *c, struct diag *d);

#endif

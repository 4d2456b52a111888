/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The location of a value inside a config, as printed in errors:
 * listeners[0].filter_chains[1].filters[0].tcp_proxy.cluster
 *
 * Push with path_field()/path_index(), which return a mark; path_pop()
 * goes back to a mark.
 */
#ifndef KMESH_TOOLS_PATH_H
#define KMESH_TOOLS_PATH_H

#include <stddef.h>

#define KPATH_MAX 512

struct kpath {
	char buf[KPATH_MAX];
	size_t len;
};

void path_init(struct kpath *p);
size_t path_field(struct kpath *p, const char *name);
size_t path_index(struct kpath *p, size_t index);
/* A map entry: ["key"], the key quoted (", \ and bytes outside
 * printable ASCII escaped). */
size_t path_key(struct kpath *p, const char *key);
void path_pop(struct kpath *p, size_t mark);
/* The path, or "(top level)" when empty. */
const char *path_str(const struct kpath *p);

#endif

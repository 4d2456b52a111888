/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A YAML document as a compact read-only tree, composed from libyaml's
 * events: what pbyaml_read walks. libyaml's own composer
 * (yaml_parser_load) allocates every node, scalar and child list on its
 * own and takes most of the time of reading a large config; here nodes
 * are 32 bytes in one array, child lists one array of indices, scalars
 * copied into large blocks, and freeing is a handful of free()s.
 *
 * As yaml_parser_load: an alias is the node it names (so reading it is
 * reading that node a second time, which pbyaml_read refuses), an alias
 * to no anchor and a duplicate anchor are errors of the parser (its
 * error, problem and marks set as libyaml's composer sets them), tags
 * are not kept.
 */
#ifndef KMESH_TOOLS_YDOC_H
#define KMESH_TOOLS_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "lib/strpool.h"

enum ydoc_type {
	YDOC_SCALAR = 1,
	YDOC_SEQUENCE = 2,
	YDOC_MAPPING = 3,
};

struct ydoc_node {
	const char *value;	/* SCALAR: NUL-terminated (may hold NULs) */
	uint32_t line, column;	/* of its start, from 0 */
	uint32_t n;		/* SCALAR: bytes; SEQUENCE: items;
				 * MAPPING: pairs */
	uint32_t first;		/* collections: in ydoc.items */
	uint8_t type;		/* enum ydoc_type */
	uint8_t plain;		/* SCALAR: plain style (unquoted) */
};

struct ydoc {
	struct ydoc_node *nodes;	/* nodes[0]: the root */
	size_t n_nodes, cap_nodes;
	uint32_t *items;	/* children, by node index; a mapping's
				 * pairs as key, value */
	size_t n_items, cap_items;
	struct strpool text;	/* scalar values */
	uint32_t line, column;	/* of the document's start */
};

/*
 * The next document of the stream p reads into doc (initialized here):
 * true with its nodes, or with none when the stream had no more; false
 * on an error, described by p's fields as after yaml_parser_load (doc
 * is then empty). Free doc with ydoc_free() either way.
 */
bool ydoc_load(yaml_parser_t *p, struct ydoc *doc);
void ydoc_free(struct ydoc *doc);

static inline const struct ydoc_node *ydoc_root(const struct ydoc *doc)
{
	return doc->n_nodes ? &doc->nodes[0] : NULL;
}

/* Child i of collection n (of a mapping: 2i is pair i's key, 2i+1 its
 * value). */
static inline const struct ydoc_node *ydoc_child(const struct ydoc *doc,
						 const struct ydoc_node *n,
						 size_t i)
{
	return &doc->nodes[doc->items[n->first + i]];
}

#endif

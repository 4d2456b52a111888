// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* libyaml events -> a compact tree, see ydoc.h. */
#include <stdlib.h>
#include <string.h>

#include "ydoc.h"

struct anchor {
	char *name;
	uint32_t node;
	yaml_mark_t mark;
};

/* What composing one document keeps besides the document. */
struct composer {
	yaml_parser_t *p;
	struct ydoc *doc;
	uint32_t *pending;	/* children of the open collections */
	size_t n_pending, cap_pending;
	struct frame {
		uint32_t node;
		size_t first;	/* its children from pending[first] */
	} *open;
	size_t n_open, cap_open;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
};

/* Room for one more of size bytes at *v (n used of *cap). */
static bool grow(void *v, size_t n, size_t *cap, size_t size)
{
	size_t c = *cap ? 2 * *cap : 64;
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*(void **)v, c * size);
	if (!p)
		return false;
	*(void **)v = p;
	*cap = c;
	return true;
}

static bool oom(struct composer *c)
{
	c->p->error = YAML_MEMORY_ERROR;
	return false;
}

/* libyaml's composer errors, as it reports them. */
static bool composer_error(struct composer *c, const char *context,
			   yaml_mark_t context_mark, const char *problem,
			   yaml_mark_t problem_mark)
{
	c->p->error = YAML_COMPOSER_ERROR;
	c->p->context = context;
	c->p->context_mark = context_mark;
	c->p->problem = problem;
	c->p->problem_mark = problem_mark;
	return false;
}

/* Node i is a child of the open collection (or the root). */
static bool add_child(struct composer *c, uint32_t i)
{
	if (!c->n_open)
		return true;	/* the root */
	if (!grow(&c->pending, c->n_pending, &c->cap_pending,
		  sizeof(*c->pending)))
		return oom(c);
	c->pending[c->n_pending++] = i;
	return true;
}

/* The anchor of node i (the event's, taken over), if any. */
static bool add_anchor(struct composer *c, yaml_char_t **anchor, uint32_t i,
		       yaml_mark_t mark)
{
	struct anchor *a;
	size_t k;

	if (!*anchor)
		return true;
	for (k = 0; k < c->n_anchors; k++)
		if (!strcmp(c->anchors[k].name, (char *)*anchor))
			return composer_error(c, "found duplicate anchor; first occurrence",
					      c->anchors[k].mark,
					      "second occurrence", mark);
	if (!grow(&c->anchors, c->n_anchors, &c->cap_anchors,
		  sizeof(*c->anchors)))
		return oom(c);
	a = &c->anchors[c->n_anchors++];
	a->name = (char *)*anchor;
	*anchor = NULL;
	a->node = i;
	a->mark = mark;
	return true;
}

static bool add_node(struct composer *c, const yaml_event_t *e,
		     enum ydoc_type type, uint32_t *index)
{
	struct ydoc *doc = c->doc;
	struct ydoc_node *n;

	if (doc->n_nodes >= UINT32_MAX ||
	    !grow(&doc->nodes, doc->n_nodes, &doc->cap_nodes,
		  sizeof(*doc->nodes)))
		return oom(c);
	*index = (uint32_t)doc->n_nodes;
	n = &doc->nodes[doc->n_nodes++];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->line = (uint32_t)e->start_mark.line;
	n->column = (uint32_t)e->start_mark.column;
	if (type == YDOC_SCALAR) {
		n->n = (uint32_t)e->data.scalar.length;
		n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->value = strpool_addn(&doc->text,
					(const char *)e->data.scalar.value,
					e->data.scalar.length);
		if (!n->value)
			return oom(c);
	}
	return add_child(c, *index);
}

static bool start(struct composer *c, yaml_event_t *e, enum ydoc_type type,
		  yaml_char_t **anchor)
{
	uint32_t i;

	if (!add_node(c, e, type, &i) ||
	    !add_anchor(c, anchor, i, e->start_mark))
		return false;
	if (!grow(&c->open, c->n_open, &c->cap_open, sizeof(*c->open)))
		return oom(c);
	c->open[c->n_open].node = i;
	c->open[c->n_open++].first = c->n_pending;
	return true;
}

/* The open collection ends: its children move to doc->items. */
static bool end(struct composer *c)
{
	struct ydoc *doc = c->doc;
	struct frame *f = &c->open[--c->n_open];
	size_t n = c->n_pending - f->first;
	struct ydoc_node *node = &doc->nodes[f->node];

	if (doc->n_items + n < doc->n_items || doc->n_items + n > UINT32_MAX)
		return oom(c);
	while (doc->cap_items < doc->n_items + n)
		if (!grow(&doc->items, doc->cap_items, &doc->cap_items,
			  sizeof(*doc->items)))
			return oom(c);
	if (n)	/* an empty one may have no items array yet */
		memcpy(doc->items + doc->n_items, c->pending + f->first,
		       n * sizeof(*doc->items));
	node->first = (uint32_t)doc->n_items;
	node->n = (uint32_t)(node->type == YDOC_MAPPING ? n / 2 : n);
	doc->n_items += n;
	c->n_pending = f->first;
	return true;
}

static bool alias(struct composer *c, const yaml_event_t *e)
{
	size_t k;

	for (k = 0; k < c->n_anchors; k++)
		if (!strcmp(c->anchors[k].name, (char *)e->data.alias.anchor))
			return add_child(c, c->anchors[k].node);
	return composer_error(c, NULL, e->start_mark, "found undefined alias",
			      e->start_mark);
}

/* One event of the document's content; *done at its end. */
static bool compose(struct composer *c, yaml_event_t *e, bool *done)
{
	uint32_t i;

	switch (e->type) {
	case YAML_SCALAR_EVENT:
		if (!add_node(c, e, YDOC_SCALAR, &i))
			return false;
		return add_anchor(c, &e->data.scalar.anchor, i, e->start_mark);
	case YAML_SEQUENCE_START_EVENT:
		return start(c, e, YDOC_SEQUENCE, &e->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return start(c, e, YDOC_MAPPING, &e->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return c->n_open ? end(c) : true;
	case YAML_ALIAS_EVENT:
		return alias(c, e);
	case YAML_DOCUMENT_END_EVENT:
		*done = true;
		return true;
	default:	/* the parser sends nothing else inside a document */
		return true;
	}
}

static bool next(yaml_parser_t *p, yaml_event_t *e)
{
	return yaml_parser_parse(p, e) != 0;
}

bool ydoc_load(yaml_parser_t *p, struct ydoc *doc)
{
	struct composer c = { .p = p, .doc = doc };
	bool ok = true, done = false;
	yaml_event_t e;
	size_t k;

	memset(doc, 0, sizeof(*doc));
	if (!p->stream_start_produced) {
		if (!next(p, &e))
			return false;
		yaml_event_delete(&e);	/* STREAM-START */
	}
	if (p->stream_end_produced)
		return true;
	if (!next(p, &e))
		return false;
	if (e.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&e);
		return true;
	}
	doc->line = (uint32_t)e.start_mark.line;	/* DOCUMENT-START */
	doc->column = (uint32_t)e.start_mark.column;
	yaml_event_delete(&e);
	while (ok && !done) {
		if (!next(p, &e)) {
			ok = false;
			break;
		}
		ok = compose(&c, &e, &done);
		yaml_event_delete(&e);
	}
	for (k = 0; k < c.n_anchors; k++)
		free(c.anchors[k].name);
	free(c.anchors);
	free(c.open);
	free(c.pending);
	if (!ok)
		ydoc_free(doc);
	return ok;
}

void ydoc_free(struct ydoc *doc)
{
	strpool_free(&doc->text);
	free(doc->nodes);
	free(doc->items);
	memset(doc, 0, sizeof(*doc));
}

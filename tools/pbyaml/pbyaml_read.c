// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Generic YAML reader, see pbyaml_read.h. The document is composed from
 * libyaml's events (ydoc.h) and walked alongside the message descriptors.
 */
#include <float.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lib/path.h"
#include "pbfield.h"
#include "pbwkt.h"
#include "pbyaml_read.h"
#include "lib/scalar.h"
#include "ydoc.h"

struct rd {
	const struct ydoc *doc;
	const char *file;
	struct diag *d;
	struct kpath path;
	unsigned char *visited;	/* per node: seen once already */
};

static void rd_err(struct rd *r, const struct ydoc_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rd_err(struct rd *r, const struct ydoc_node *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(r->d, "%s:%zu:%zu: %s: %s", r->file,
		 (size_t)n->line + 1, (size_t)n->column + 1,
		 path_str(&r->path), msg);
}

static const char *kind(const struct ydoc_node *n)
{
	switch (n->type) {
	case YDOC_MAPPING:
		return "a mapping";
	case YDOC_SEQUENCE:
		return "a sequence";
	default:
		return "a scalar";
	}
}

static const char *text(const struct ydoc_node *n)
{
	return n->value;
}

static bool is_null(const struct ydoc_node *n)
{
	return n->type == YDOC_SCALAR &&
	       n->plain &&
	       scalar_is_null(text(n));
}

/* The quoted scalar, for messages. */
static const char *q(char *buf, const struct ydoc_node *n)
{
	return diag_quote(buf, DIAG_QUOTE_SIZE, text(n), n->n);
}

/* Each node is read once: a second visit is an alias (which could also
 * expand a small document into a huge one). */
static bool enter(struct rd *r, const struct ydoc_node *n)
{
	size_t i = (size_t)(n - r->doc->nodes);

	if (r->visited[i]) {
		rd_err(r, n, "YAML anchors and aliases are not supported");
		return false;
	}
	r->visited[i] = 1;
	return true;
}

static bool want_scalar(struct rd *r, const struct ydoc_node *n, const char *what)
{
	char qb[DIAG_QUOTE_SIZE];

	if (n->type != YDOC_SCALAR) {
		rd_err(r, n, "expected %s, got %s", what, kind(n));
		return false;
	}
	if (memchr(text(n), '\0', n->n)) {
		rd_err(r, n, "expected %s, got %s (contains a NUL byte)", what,
		       q(qb, n));
		return false;
	}
	return true;
}

static bool read_message(struct rd *r, const struct ydoc_node *n,
			 const ProtobufCMessageDescriptor *desc,
			 ProtobufCMessage *msg, const char *skip);
static bool read_value(struct rd *r, const struct ydoc_node *n,
		       const ProtobufCFieldDescriptor *f, void *dst);

static bool read_enum(struct rd *r, const struct ydoc_node *n,
		      const ProtobufCEnumDescriptor *ed, int32_t *out)
{
	const ProtobufCEnumValue *v;
	char names[512], qb[DIAG_QUOTE_SIZE];
	size_t i, o = 0;

	v = protobuf_c_enum_descriptor_get_value_by_name(ed, text(n));
	if (v) {
		*out = v->value;
		return true;
	}
	names[0] = '\0';
	for (i = 0; i < ed->n_values && o < sizeof(names); i++)
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
				      !i ? "" : i + 1 == ed->n_values ? " or " : ", ",
				      ed->values[i].name);
	rd_err(r, n, "unknown value %s (expected %s)", q(qb, n), names);
	return false;
}

static bool read_int(struct rd *r, const struct ydoc_node *n, ProtobufCType t,
		     void *dst)
{
	char qb[DIAG_QUOTE_SIZE];
	const char *what;
	uint64_t u;
	int64_t s;

	switch (t) {
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		what = "an unsigned 32-bit integer";
		if (scalar_parse_u64(text(n), UINT32_MAX, &u))
			break;
		*(uint32_t *)dst = (uint32_t)u;
		return true;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		what = "an unsigned 64-bit integer";
		if (scalar_parse_u64(text(n), UINT64_MAX, &u))
			break;
		*(uint64_t *)dst = u;
		return true;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		what = "a 64-bit integer";
		if (scalar_parse_i64(text(n), INT64_MIN, INT64_MAX, &s))
			break;
		*(int64_t *)dst = s;
		return true;
	default:	/* INT32, SINT32, SFIXED32 */
		what = "a 32-bit integer";
		if (scalar_parse_i64(text(n), INT32_MIN, INT32_MAX, &s))
			break;
		*(int32_t *)dst = (int32_t)s;
		return true;
	}
	rd_err(r, n, "expected %s, got %s", what, q(qb, n));
	return false;
}

static bool read_float(struct rd *r, const struct ydoc_node *n, ProtobufCType t,
		       void *dst)
{
	char qb[DIAG_QUOTE_SIZE];
	double v;

	if (scalar_parse_double(text(n), &v) ||
	    (t == PROTOBUF_C_TYPE_FLOAT && (v > FLT_MAX || v < -FLT_MAX))) {
		rd_err(r, n, "expected a number, got %s", q(qb, n));
		return false;
	}
	if (t == PROTOBUF_C_TYPE_FLOAT)
		*(float *)dst = (float)v;
	else
		*(double *)dst = v;
	return true;
}

/* A google.protobuf.Duration written as a string ("0.25s"). */
static bool read_duration(struct rd *r, const struct ydoc_node *n,
			  ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *md = m->descriptor;
	const ProtobufCFieldDescriptor *fs, *fn;
	char qb[DIAG_QUOTE_SIZE];
	int64_t sec;
	int32_t ns;

	if (!enter(r, n) || !want_scalar(r, n, "a duration"))
		return false;
	fs = protobuf_c_message_descriptor_get_field_by_name(md, "seconds");
	fn = protobuf_c_message_descriptor_get_field_by_name(md, "nanos");
	if (pbwkt_parse_duration(text(n), &sec, &ns) || !fs || !fn) {
		rd_err(r, n, "expected a duration such as \"0.25s\", got %s",
		       q(qb, n));
		return false;
	}
	*(int64_t *)((char *)m + fs->offset) = sec;
	*(int32_t *)((char *)m + fn->offset) = ns;
	return true;
}

/* A google.protobuf.Any: "@type" names the message, the other keys are
 * its fields; it is stored packed. A type kmeshctl does not know is kept
 * by URL only, its fields unread (the caller decides what it means). */
static bool read_any(struct rd *r, const struct ydoc_node *n, ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *td;
	const ProtobufCFieldDescriptor *fu;
	const struct ydoc_node *url = NULL;
	ProtobufCMessage *inner;
	size_t mark, i;
	bool ok;

	if (n->type != YDOC_MAPPING)
		return read_message(r, n, m->descriptor, m, NULL);
	for (i = 0; i < n->n; i++) {
		const struct ydoc_node *k = ydoc_child(r->doc, n, 2 * i);

		if (k->type == YDOC_SCALAR && !strcmp(text(k), "@type"))
			url = ydoc_child(r->doc, n, 2 * i + 1);
	}
	if (!url) {
		mark = path_field(&r->path, "@type");
		rd_err(r, n, "required field is missing");
		path_pop(&r->path, mark);
		return false;
	}
	fu = protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
							     "type_url");
	mark = path_field(&r->path, "@type");
	ok = fu && read_value(r, url, fu, (char *)m + fu->offset);
	path_pop(&r->path, mark);
	if (!ok)
		return false;
	td = pbwkt_find_type(text(url));
	if (!td) {
		enter(r, n);
		return true;
	}
	inner = malloc(td->sizeof_message);
	if (!inner) {
		rd_err(r, n, "out of memory");
		return false;
	}
	protobuf_c_message_init(td, inner);
	ok = read_message(r, n, td, inner, "@type");
	if (ok && pbwkt_pack(m, inner)) {
		rd_err(r, n, "out of memory");
		ok = false;
	}
	protobuf_c_message_free_unpacked(inner, NULL);
	return ok;
}

/* A message value: the well-known types have their own forms (pbwkt.h),
 * every other message is a mapping of its fields. */
static bool read_special(struct rd *r, const struct ydoc_node *n,
			 const ProtobufCMessageDescriptor *md,
			 ProtobufCMessage *m)
{
	switch (pbwkt_kind(md)) {
	case PBWKT_OPAQUE:
		enter(r, n);
		return true;	/* present; its content is not modelled */
	case PBWKT_WRAPPER:
		if (n->type != YDOC_SCALAR)
			break;
		return read_value(r, n, &md->fields[0],
				  (char *)m + md->fields[0].offset);
	case PBWKT_DURATION:
		if (n->type != YDOC_SCALAR)
			break;
		return read_duration(r, n, m);
	case PBWKT_ANY:
		return read_any(r, n, m);
	default:
		break;
	}
	return read_message(r, n, md, m, NULL);
}

/* One value (a field, or one element of a repeated field) into dst. A
 * message is stored in dst before it is read, so that it is freed with
 * its parent even when reading it fails. */
static bool read_value(struct rd *r, const struct ydoc_node *n,
		       const ProtobufCFieldDescriptor *f, void *dst)
{
	char qb[DIAG_QUOTE_SIZE];
	bool b;

	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessageDescriptor *md = f->descriptor;
		ProtobufCMessage *m = malloc(md->sizeof_message);

		if (!m) {
			rd_err(r, n, "out of memory");
			return false;
		}
		protobuf_c_message_init(md, m);
		*(ProtobufCMessage **)dst = m;
		return read_special(r, n, md, m);
	}
	case PROTOBUF_C_TYPE_BYTES:
		rd_err(r, n, "bytes fields are not supported");
		return false;
	default:
		break;
	}
	if (!enter(r, n))
		return false;
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		if (!want_scalar(r, n, "a string"))
			return false;
		*(char **)dst = strdup(text(n));
		if (!*(char **)dst) {
			rd_err(r, n, "out of memory");
			return false;
		}
		return true;
	case PROTOBUF_C_TYPE_BOOL:
		if (!want_scalar(r, n, "true or false"))
			return false;
		if (scalar_parse_bool(text(n), &b)) {
			rd_err(r, n, "expected true or false, got %s", q(qb, n));
			return false;
		}
		*(protobuf_c_boolean *)dst = b;
		return true;
	case PROTOBUF_C_TYPE_ENUM:
		if (!want_scalar(r, n, "an enum value name"))
			return false;
		return read_enum(r, n, f->descriptor, dst);
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_DOUBLE:
		if (!want_scalar(r, n, "a number"))
			return false;
		return read_float(r, n, f->type, dst);
	default:
		if (!want_scalar(r, n, "an integer"))
			return false;
		return read_int(r, n, f->type, dst);
	}
}

static void read_repeated(struct rd *r, const struct ydoc_node *n,
			  const ProtobufCFieldDescriptor *f,
			  ProtobufCMessage *msg)
{
	size_t *count = (size_t *)((char *)msg + f->quantifier_offset);
	void **arr = (void **)((char *)msg + f->offset);
	size_t i, size, len;

	if (!enter(r, n))
		return;
	if (n->type != YDOC_SEQUENCE) {
		rd_err(r, n, "expected a sequence, got %s", kind(n));
		return;
	}
	len = n->n;
	if (!len)
		return;
	size = pbfield_elt_size(f->type);
	*arr = calloc(len, size);
	if (!*arr) {
		rd_err(r, n, "out of memory");
		return;
	}
	*count = len;
	for (i = 0; i < len; i++) {
		const struct ydoc_node *e = ydoc_child(r->doc, n, i);
		size_t mark = path_index(&r->path, i);

		if (is_null(e))
			rd_err(r, e, "null is not allowed in a sequence");
		else
			read_value(r, e, f, (char *)*arr + i * size);
		path_pop(&r->path, mark);
	}
}

/* A map (pbfield_is_map()): a mapping of keys to values, one entry each,
 * in document order. */
static void read_map(struct rd *r, const struct ydoc_node *n,
		     const ProtobufCFieldDescriptor *f, ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *md = f->descriptor;
	size_t *count = (size_t *)((char *)msg + f->quantifier_offset);
	ProtobufCMessage ***arr = (ProtobufCMessage ***)((char *)msg + f->offset);
	size_t len, i, j;

	if (!enter(r, n))
		return;
	if (n->type != YDOC_MAPPING) {
		rd_err(r, n, "expected a mapping, got %s", kind(n));
		return;
	}
	len = n->n;
	if (!len)
		return;
	*arr = calloc(len, sizeof(**arr));
	if (!*arr) {
		rd_err(r, n, "out of memory");
		return;
	}
	for (i = 0; i < len; i++) {
		const struct ydoc_node *k, *v;
		ProtobufCMessage *e;
		size_t mark;

		k = ydoc_child(r->doc, n, 2 * i);
		v = ydoc_child(r->doc, n, 2 * i + 1);
		if (!want_scalar(r, k, "a key"))
			continue;
		mark = path_key(&r->path, text(k));
		for (j = 0; j < i; j++) {
			const struct ydoc_node *o = ydoc_child(r->doc, n, 2 * j);

			if (o->type == YDOC_SCALAR &&
			    !strcmp(text(o), text(k)))
				break;
		}
		e = malloc(md->sizeof_message);
		if (j < i) {
			rd_err(r, k, "duplicate key");
		} else if (!e) {
			rd_err(r, n, "out of memory");
		} else {
			protobuf_c_message_init(md, e);
			(*arr)[(*count)++] = e;
			e = NULL;
			if (read_value(r, k, &md->fields[0],
				       (char *)(*arr)[*count - 1] +
				       md->fields[0].offset)) {
				if (is_null(v))
					rd_err(r, v, "null is not allowed as a map value");
				else
					read_value(r, v, &md->fields[1],
						   (char *)(*arr)[*count - 1] +
						   md->fields[1].offset);
			}
		}
		free(e);
		path_pop(&r->path, mark);
	}
}

static void read_field(struct rd *r, const struct ydoc_node *n,
		       const ProtobufCFieldDescriptor *f,
		       const ProtobufCMessageDescriptor *desc,
		       ProtobufCMessage *msg)
{
	void *member = (char *)msg + f->offset;
	void *quant = (char *)msg + f->quantifier_offset;
	bool ok;

	if (is_null(n)) {
		enter(r, n);
		return;		/* unset */
	}
	if (pbfield_is_map(f)) {
		read_map(r, n, f, msg);
		return;
	}
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		read_repeated(r, n, f, msg);
		return;
	}
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		uint32_t set = *(uint32_t *)quant;

		if (set && set != f->id) {
			const ProtobufCFieldDescriptor *other =
				protobuf_c_message_descriptor_get_field(desc, set);

			rd_err(r, n, "only one of \"%s\" and \"%s\" may be set",
			       other ? other->name : "?", f->name);
			return;
		}
	}
	ok = read_value(r, n, f, member);
	if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		ok = *(void **)member != NULL;	/* owned by msg either way */
	if (!ok)
		return;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		*(uint32_t *)quant = f->id;
	else if (f->label == PROTOBUF_C_LABEL_OPTIONAL &&
		 f->type != PROTOBUF_C_TYPE_STRING &&
		 f->type != PROTOBUF_C_TYPE_MESSAGE)
		*(protobuf_c_boolean *)quant = 1;	/* proto2 has_ */
}

/* "a, b or c": the field names of desc, for an unknown key. */
static void field_list(const ProtobufCMessageDescriptor *desc, char *buf,
		       size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < desc->n_fields && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s",
				      !i ? "" : i + 1 == desc->n_fields ? " or " : ", ",
				      desc->fields[i].name);
}

/* A key as a path element: itself if it looks like a field name. */
static const char *key_name(const struct ydoc_node *k, char *buf)
{
	const char *s = text(k);
	size_t i;

	for (i = 0; i < k->n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_-@.", s[i]) || !s[i])
			return q(buf, k);
	return i ? s : "\"\"";
}

/* The field a key names: its name, or its proto3 JSON (lowerCamelCase)
 * name, "portValue" for "port_value". */
static const ProtobufCFieldDescriptor *
key_field(const ProtobufCMessageDescriptor *desc, const struct ydoc_node *k)
{
	const ProtobufCFieldDescriptor *f;
	const char *s = text(k);
	char snake[256];
	size_t o = 0;

	if (memchr(s, '\0', k->n))
		return NULL;
	f = protobuf_c_message_descriptor_get_field_by_name(desc, s);
	if (f || !strpbrk(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || strchr(s, '_'))
		return f;
	for (; *s && o + 2 < sizeof(snake); s++) {
		if (*s >= 'A' && *s <= 'Z') {
			snake[o++] = '_';
			snake[o++] = (char)(*s - 'A' + 'a');
		} else {
			snake[o++] = *s;
		}
	}
	if (*s)
		return NULL;
	snake[o] = '\0';
	return protobuf_c_message_descriptor_get_field_by_name(desc, snake);
}

static bool read_message(struct rd *r, const struct ydoc_node *n,
			 const ProtobufCMessageDescriptor *desc,
			 ProtobufCMessage *msg, const char *skip)
{
	char list[768], kb[DIAG_QUOTE_SIZE];
	unsigned char few[64], *seen = few;
	size_t errors = r->d->total, i, p;

	if (!enter(r, n))
		return false;
	if (n->type != YDOC_MAPPING) {
		rd_err(r, n, "expected a mapping, got %s", kind(n));
		return false;
	}
	if (desc->n_fields + 1 > sizeof(few))
		seen = calloc(desc->n_fields + 1, 1);
	else
		memset(few, 0, sizeof(few));
	if (!seen) {
		rd_err(r, n, "out of memory");
		return false;
	}
	for (p = 0; p < n->n; p++) {
		const struct ydoc_node *k = ydoc_child(r->doc, n, 2 * p);
		const struct ydoc_node *v = ydoc_child(r->doc, n, 2 * p + 1);
		const ProtobufCFieldDescriptor *f;
		size_t mark;

		if (k->type != YDOC_SCALAR) {
			rd_err(r, k, "expected a key, got %s", kind(k));
			continue;
		}
		if (skip && !strcmp(text(k), skip))
			continue;
		mark = path_field(&r->path, key_name(k, kb));
		f = key_field(desc, k);
		if (!f && desc->n_fields > 30) {	/* too many to list */
			rd_err(r, k, "unknown key (not a field of %s)", desc->name);
		} else if (!f) {
			field_list(desc, list, sizeof(list));
			rd_err(r, k, "unknown key (expected %s)", list);
		} else if (seen[f - desc->fields]) {
			rd_err(r, k, "duplicate key");
		} else {
			seen[f - desc->fields] = 1;
			read_field(r, v, f, desc, msg);
		}
		path_pop(&r->path, mark);
	}
	for (i = 0; i < desc->n_fields; i++) {
		if (desc->fields[i].label == PROTOBUF_C_LABEL_REQUIRED &&
		    !seen[i]) {
			size_t mark = path_field(&r->path, desc->fields[i].name);

			rd_err(r, n, "required field is missing");
			path_pop(&r->path, mark);
		}
	}
	if (seen != few)
		free(seen);
	return r->d->total == errors;
}

static void yaml_error(const yaml_parser_t *p, const char *file,
		       struct diag *d)
{
	if (p->error == YAML_MEMORY_ERROR) {
		diag_add(d, "%s: out of memory reading YAML", file);
	} else if (p->error == YAML_READER_ERROR) {
		diag_add(d, "%s: YAML: %s at byte %zu", file, p->problem,
			 p->problem_offset);
	} else if (p->context) {
		diag_add(d, "%s:%zu:%zu: YAML: %s (%s at line %zu)", file,
			 p->problem_mark.line + 1, p->problem_mark.column + 1,
			 p->problem, p->context, p->context_mark.line + 1);
	} else {
		diag_add(d, "%s:%zu:%zu: YAML: %s", file,
			 p->problem_mark.line + 1, p->problem_mark.column + 1,
			 p->problem ? p->problem : "error");
	}
}

/* Which of two types a document is read as (pbyaml_read_pick()). */
struct pick {
	const ProtobufCMessageDescriptor *alt;
	const char *const *keys;
	const ProtobufCMessageDescriptor **picked;
};

/* Whether the top-level mapping root of doc has one of keys. */
static bool has_top_key(const struct ydoc *doc, const struct ydoc_node *root,
			const char *const *keys)
{
	size_t i, j;

	if (!root || root->type != YDOC_MAPPING)
		return false;
	for (i = 0; i < root->n; i++) {
		const struct ydoc_node *k = ydoc_child(doc, root, 2 * i);

		if (k->type != YDOC_SCALAR)
			continue;
		for (j = 0; keys[j]; j++)
			if (!strcmp(text(k), keys[j]))
				return true;
	}
	return false;
}

static ProtobufCMessage *read_doc(const ProtobufCMessageDescriptor *desc,
				  const struct pick *pk, const char *yaml,
				  size_t len, const char *file,
				  struct diag *d, bool *fatal)
{
	struct ydoc doc, next;
	ProtobufCMessage *msg = NULL;
	const struct ydoc_node *root;
	yaml_parser_t p;
	struct rd r;

	if (!yaml_parser_initialize(&p)) {
		diag_add(d, "%s: out of memory", file);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
	if (!ydoc_load(&p, &doc)) {
		yaml_error(&p, file, d);
		yaml_parser_delete(&p);
		return NULL;
	}
	root = ydoc_root(&doc);
	if (pk && has_top_key(&doc, root, pk->keys)) {
		desc = pk->alt;
		*pk->picked = desc;
	}
	msg = malloc(desc->sizeof_message);
	if (!msg) {
		diag_add(d, "%s: out of memory", file);
		goto out;
	}
	protobuf_c_message_init(desc, msg);
	if (root) {
		memset(&r, 0, sizeof(r));
		r.doc = &doc;
		r.file = file;
		r.d = d;
		path_init(&r.path);
		r.visited = calloc(doc.n_nodes, 1);
		if (!r.visited) {
			diag_add(d, "%s: out of memory", file);
			*fatal = true;
		} else
			read_message(&r, root, desc, msg, NULL);
		free(r.visited);
	}
	if (!ydoc_load(&p, &next)) {
		yaml_error(&p, file, d);
		*fatal = true;
	} else {
		if (ydoc_root(&next)) {
			diag_add(d, "%s:%zu:%zu: YAML: only one document is allowed",
				 file, (size_t)next.line + 1,
				 (size_t)next.column + 1);
			*fatal = true;
		}
		ydoc_free(&next);
	}
out:
	ydoc_free(&doc);
	yaml_parser_delete(&p);
	if (!msg)
		*fatal = true;
	return msg;
}

ProtobufCMessage *pbyaml_read(const ProtobufCMessageDescriptor *desc,
			      const char *yaml, size_t len, const char *file,
			      struct diag *d)
{
	size_t errors = d->total;
	ProtobufCMessage *msg = pbyaml_read_partial(desc, yaml, len, file, d);

	if (msg && d->total != errors) {
		protobuf_c_message_free_unpacked(msg, NULL);
		msg = NULL;
	}
	return msg;
}

static ProtobufCMessage *read_checked(const ProtobufCMessageDescriptor *desc,
				      const struct pick *pk, const char *yaml,
				      size_t len, const char *file,
				      struct diag *d)
{
	bool fatal = false;
	ProtobufCMessage *msg = read_doc(desc, pk, yaml, len, file, d, &fatal);

	if (msg && fatal) {
		protobuf_c_message_free_unpacked(msg, NULL);
		msg = NULL;
	}
	return msg;
}

ProtobufCMessage *pbyaml_read_partial(const ProtobufCMessageDescriptor *desc,
				      const char *yaml, size_t len,
				      const char *file, struct diag *d)
{
	return read_checked(desc, NULL, yaml, len, file, d);
}

ProtobufCMessage *pbyaml_read_pick(const ProtobufCMessageDescriptor *desc,
				   const ProtobufCMessageDescriptor *alt,
				   const char *const *keys, const char *yaml,
				   size_t len, const char *file,
				   struct diag *d,
				   const ProtobufCMessageDescriptor **picked)
{
	struct pick pk = { .alt = alt, .keys = keys, .picked = picked };

	*picked = desc;
	return read_checked(desc, &pk, yaml, len, file, d);
}

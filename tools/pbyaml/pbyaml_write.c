// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Generic YAML writer, see pbyaml_write.h. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pbfield.h"
#include "pbwkt.h"
#include "pbyaml_write.h"
#include "lib/scalar.h"

struct writer {
	yaml_emitter_t y;
	unsigned flags;		/* PBYAML_* */
};

static int emit(struct writer *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(&e->y, ev) ? 0 : -1;
}

static int emit_scalar(struct writer *e, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)strlen(s), 1, 1, style))
		return -1;
	return emit(e, &ev);
}

static int emit_string(struct writer *e, const char *s)
{
	return emit_scalar(e, s, (e->flags & PBYAML_QUOTE_STRINGS) ||
			   scalar_needs_quotes(s) ?
			   YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}

static int emit_message(struct writer *e, const ProtobufCMessage *msg);
static int emit_fields(struct writer *e, const ProtobufCMessage *msg,
		       const char *url);

/* The shortest "%.Ng" that reads back as the same float or double. */
static void shortest(char *buf, size_t size, double v, bool is_float)
{
	int prec;

	for (prec = is_float ? 6 : 15; prec < (is_float ? 9 : 17); prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (is_float ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v)
			return;
	}
	snprintf(buf, size, "%.*g", prec, v);
}

/* One value of field f stored at p. */
static int emit_value(struct writer *e, const ProtobufCFieldDescriptor *f,
		      const void *p)
{
	const ProtobufCEnumValue *ev;
	char buf[64];

	switch (f->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
		return emit_message(e, *(ProtobufCMessage *const *)p);
	case PROTOBUF_C_TYPE_STRING:
		return emit_string(e, *(char *const *)p);
	case PROTOBUF_C_TYPE_BOOL:
		return emit_scalar(e, *(const protobuf_c_boolean *)p ? "true" : "false",
				   YAML_PLAIN_SCALAR_STYLE);
	case PROTOBUF_C_TYPE_ENUM:
		ev = protobuf_c_enum_descriptor_get_value(f->descriptor,
							  *(const int32_t *)p);
		if (ev)
			return emit_scalar(e, ev->name, YAML_PLAIN_SCALAR_STYLE);
		/* unknown value (from binary input): the number */
		snprintf(buf, sizeof(buf), "%" PRId32, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		snprintf(buf, sizeof(buf), "%" PRId32, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		snprintf(buf, sizeof(buf), "%" PRIu32, *(const uint32_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		snprintf(buf, sizeof(buf), "%" PRId64, *(const int64_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		snprintf(buf, sizeof(buf), "%" PRIu64, *(const uint64_t *)p);
		break;
	case PROTOBUF_C_TYPE_FLOAT:
		shortest(buf, sizeof(buf), *(const float *)p, true);
		break;
	case PROTOBUF_C_TYPE_DOUBLE:
		shortest(buf, sizeof(buf), *(const double *)p, false);
		break;
	default:	/* BYTES: never produced by the reader */
		return -1;
	}
	return emit_scalar(e, buf, YAML_PLAIN_SCALAR_STYLE);
}

static bool is_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* Whether the field is present in canonical output. */
static bool present(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)msg;
	const void *member = base + f->offset;
	const void *quant = base + f->quantifier_offset;

	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return *(const size_t *)quant > 0;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return *(const uint32_t *)quant == f->id;
	if (f->type == PROTOBUF_C_TYPE_MESSAGE)
		return *(const void *const *)member != NULL;
	if (f->type == PROTOBUF_C_TYPE_STRING) {
		const char *s = *(const char *const *)member;

		if (f->label == PROTOBUF_C_LABEL_NONE)
			return s && *s;
		return s != NULL;
	}
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL)
		return *(const protobuf_c_boolean *)quant;
	if (f->label == PROTOBUF_C_LABEL_REQUIRED)
		return true;
	switch (f->type) {	/* proto3: not the zero value */
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return !is_zero(member, 8);
	case PROTOBUF_C_TYPE_BOOL:
		return *(const protobuf_c_boolean *)member != 0;
	default:
		return !is_zero(member, 4);
	}
}

/* A map (pbfield_is_map()) as a mapping of its keys to its values. */
static int emit_map(struct writer *e, const ProtobufCFieldDescriptor *f,
		    ProtobufCMessage *const *v, size_t n)
{
	const ProtobufCMessageDescriptor *md = f->descriptor;
	yaml_event_t ev;
	size_t i;

	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						 YAML_BLOCK_MAPPING_STYLE) ||
	    emit(e, &ev))
		return -1;
	for (i = 0; i < n; i++) {
		const char *val = (const char *)v[i] + md->fields[1].offset;

		if (emit_value(e, &md->fields[0],
			       (const char *)v[i] + md->fields[0].offset))
			return -1;
		/* a message value missing from binary input: {} */
		if (md->fields[1].type == PROTOBUF_C_TYPE_MESSAGE &&
		    !*(ProtobufCMessage *const *)val ?
		    emit_fields(e, NULL, NULL) : emit_value(e, &md->fields[1], val))
			return -1;
	}
	if (!yaml_mapping_end_event_initialize(&ev))
		return -1;
	return emit(e, &ev);
}

static int emit_field(struct writer *e, const ProtobufCMessage *msg,
		      const ProtobufCFieldDescriptor *f)
{
	const char *member = (const char *)msg + f->offset;
	yaml_event_t ev;
	size_t i, n;

	if (emit_scalar(e, f->name, YAML_PLAIN_SCALAR_STYLE))
		return -1;
	if (pbfield_is_map(f))
		return emit_map(e, f, *(ProtobufCMessage *const *const *)member,
				*(const size_t *)((const char *)msg +
						  f->quantifier_offset));
	if (f->label != PROTOBUF_C_LABEL_REPEATED)
		return emit_value(e, f, member);
	n = *(const size_t *)((const char *)msg + f->quantifier_offset);
	if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						  YAML_BLOCK_SEQUENCE_STYLE) ||
	    emit(e, &ev))
		return -1;
	for (i = 0; i < n; i++)
		if (emit_value(e, f, *(const char *const *)member + i * pbfield_elt_size(f->type)))
			return -1;
	if (!yaml_sequence_end_event_initialize(&ev))
		return -1;
	return emit(e, &ev);
}

/* The fields of msg, in field-number order, after "@type: url" if set. */
static int emit_fields(struct writer *e, const ProtobufCMessage *msg,
		       const char *url)
{
	const ProtobufCMessageDescriptor *desc = msg ? msg->descriptor : NULL;
	yaml_event_t ev;
	unsigned i;

	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						 desc || url ?
						 YAML_BLOCK_MAPPING_STYLE :
						 YAML_FLOW_MAPPING_STYLE) ||
	    emit(e, &ev))
		return -1;
	if (url && (emit_scalar(e, "@type", YAML_SINGLE_QUOTED_SCALAR_STYLE) ||
		    emit_string(e, url)))
		return -1;
	for (i = 0; desc && i < desc->n_fields; i++)
		if (present(msg, &desc->fields[i]) &&
		    emit_field(e, msg, &desc->fields[i]))
			return -1;
	if (!yaml_mapping_end_event_initialize(&ev))
		return -1;
	return emit(e, &ev);
}

/* An Any as "@type" and the fields of the message it holds (only
 * "@type" when the type is unknown or its value does not decode). */
static int emit_any(struct writer *e, const ProtobufCMessage *any)
{
	const ProtobufCMessageDescriptor *td;
	ProtobufCMessage *inner = pbwkt_unpack(any, &td);
	const ProtobufCFieldDescriptor *fu =
		protobuf_c_message_descriptor_get_field_by_name(any->descriptor,
								"type_url");
	const char *url = fu ? *(char *const *)((const char *)any + fu->offset) : NULL;
	int rc = emit_fields(e, inner, url && *url ? url : NULL);

	if (inner)
		protobuf_c_message_free_unpacked(inner, NULL);
	return rc;
}

static int emit_message(struct writer *e, const ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;
	const char *base = (const char *)msg;
	char buf[64];

	switch (pbwkt_kind(desc)) {
	case PBWKT_WRAPPER:
		return emit_value(e, &desc->fields[0], base + desc->fields[0].offset);
	case PBWKT_DURATION:
		pbwkt_format_duration(buf, sizeof(buf),
				      *(const int64_t *)(base + desc->fields[0].offset),
				      *(const int32_t *)(base + desc->fields[1].offset));
		return emit_scalar(e, buf, YAML_PLAIN_SCALAR_STYLE);
	case PBWKT_ANY:
		return emit_any(e, msg);
	case PBWKT_OPAQUE:
		return emit_fields(e, NULL, NULL);	/* {} */
	default:
		return emit_fields(e, msg, NULL);
	}
}

int pbyaml_write(const ProtobufCMessage *msg, FILE *out, const char **err)
{
	return pbyaml_write_flags(msg, out, 0, err);
}

int pbyaml_write_flags(const ProtobufCMessage *msg, FILE *out, unsigned flags,
		       const char **err)
{
	struct writer w = { .flags = flags };
	yaml_emitter_t *y = &w.y;
	yaml_event_t ev;
	int rc = -1;

	*err = "out of memory";
	if (!yaml_emitter_initialize(y))
		return -1;
	yaml_emitter_set_output_file(y, out);
	yaml_emitter_set_unicode(y, 1);
	yaml_emitter_set_width(y, -1);
	yaml_emitter_set_indent(y, 2);
	if (yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    !emit(&w, &ev) &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
	    !emit(&w, &ev) &&
	    !emit_message(&w, msg) &&
	    yaml_document_end_event_initialize(&ev, 1) && !emit(&w, &ev) &&
	    yaml_stream_end_event_initialize(&ev) && !emit(&w, &ev) &&
	    yaml_emitter_flush(y))
		rc = 0;
	if (rc && y->problem)
		*err = y->problem;
	else if (rc && y->error == YAML_WRITER_ERROR)
		*err = "write error";
	yaml_emitter_delete(y);
	return rc;
}

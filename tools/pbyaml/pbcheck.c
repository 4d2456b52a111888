// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Unknown fields and UTF-8 in decoded messages, see pbcheck.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/path.h"
#include "pbcheck.h"

/* Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
static bool utf8_valid(const unsigned char *s)
{
	while (*s) {
		unsigned char c = *s;
		uint32_t cp;
		int n, i;

		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		s += n + 1;
	}
	return true;
}

static void check_msg(const ProtobufCMessage *msg, struct kpath *p,
		      bool unknown_ok, struct diag *d);

static void check_value(const ProtobufCFieldDescriptor *f, const void *v,
			struct kpath *p, bool unknown_ok, struct diag *d)
{
	if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
		check_msg(*(const ProtobufCMessage *const *)v, p, unknown_ok, d);
	} else if (f->type == PROTOBUF_C_TYPE_STRING) {
		const char *s = *(const char *const *)v;

		if (s && !utf8_valid((const unsigned char *)s))
			diag_add(d, "%s: not valid UTF-8", path_str(p));
	}
}

static void check_msg(const ProtobufCMessage *msg, struct kpath *p,
		      bool unknown_ok, struct diag *d)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;
	unsigned i;
	size_t j;

	for (i = 0; !unknown_ok && i < msg->n_unknown_fields; i++)
		diag_add(d, "%s: unknown field number %u", path_str(p),
			 msg->unknown_fields[i].tag);
	for (i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		const char *member = (const char *)msg + f->offset;
		const void *quant = (const char *)msg + f->quantifier_offset;
		size_t mark;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE &&
		    f->type != PROTOBUF_C_TYPE_STRING)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)quant != f->id)
			continue;
		mark = path_field(p, f->name);
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)quant;
			const void *const *arr = *(const void *const *const *)member;

			for (j = 0; j < n; j++) {
				size_t m = path_index(p, j);

				check_value(f, &arr[j], p, unknown_ok, d);
				path_pop(p, m);
			}
		} else if (f->type == PROTOBUF_C_TYPE_STRING ||
			   *(const void *const *)member) {
			check_value(f, member, p, unknown_ok, d);
		}
		path_pop(p, mark);
	}
}

void pbcheck(const ProtobufCMessage *msg, struct diag *d)
{
	struct kpath p;

	path_init(&p);
	check_msg(msg, &p, false, d);
}

void pbcheck_at(const ProtobufCMessage *msg, struct kpath *p, bool unknown_ok,
		struct diag *d)
{
	check_msg(msg, p, unknown_ok, d);
}

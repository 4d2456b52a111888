/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* protobuf-c field storage facts shared by the YAML reader and writer. */
#ifndef KMESH_TOOLS_PBFIELD_H
#define KMESH_TOOLS_PBFIELD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <protobuf-c/protobuf-c.h>

/* Size of one element of a repeated field of type t (as protobuf-c lays
 * it out: 32-bit enums and bools, pointers for strings and messages). */
static inline size_t pbfield_elt_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return sizeof(uint64_t);
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	default:	/* 32-bit integers, enums, float */
		return sizeof(uint32_t);
	}
}

/* Whether f is a protobuf map (map<K, V> f = N): repeated entries of a
 * nested message FEntry with fields key = 1 and value = 2, which is all
 * protoc-c says of one. In YAML a map is a mapping of keys to values. */
static inline int pbfield_is_map(const ProtobufCFieldDescriptor *f)
{
	const ProtobufCMessageDescriptor *md = f->descriptor;
	const char *s, *e;
	int up = 1;

	if (f->type != PROTOBUF_C_TYPE_MESSAGE ||
	    f->label != PROTOBUF_C_LABEL_REPEATED || md->n_fields != 2 ||
	    md->fields[0].id != 1 || strcmp(md->fields[0].name, "key") ||
	    md->fields[1].id != 2 || strcmp(md->fields[1].name, "value"))
		return 0;
	/* FEntry: f's name in CamelCase, then "Entry" */
	for (s = f->name, e = md->short_name; *s; s++) {
		if (*s == '_') {
			up = 1;
			continue;
		}
		if (*e++ != (up && *s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s))
			return 0;
		up = 0;
	}
	return !strcmp(e, "Entry");
}

#endif

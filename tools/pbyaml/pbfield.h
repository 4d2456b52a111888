/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* protobuf-c field storage facts shared by the YAML reader and writer. */
#ifndef KMESH_TOOLS_PBFIELD_H
#define KMESH_TOOLS_PBFIELD_H

#include <stddef.h>
#include <stdint.h>
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

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The protobuf well-known types as the YAML reader and writer spell them
 * (proto3 JSON mapping): a wrapper (google.protobuf.UInt32Value, ...) is
 * its plain value, a google.protobuf.Duration a string like "0.25s", a
 * google.protobuf.Any a mapping with "@type" and the fields of the packed
 * message, and kmesh.Opaque (a placeholder, see kmesh_opaque.proto) any
 * value at all. Message types are told apart by full name.
 */
#ifndef KMESH_TOOLS_PBWKT_H
#define KMESH_TOOLS_PBWKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

enum pbwkt {
	PBWKT_NONE,
	PBWKT_WRAPPER,		/* one field, "value" */
	PBWKT_DURATION,
	PBWKT_ANY,
	PBWKT_OPAQUE,
};

enum pbwkt pbwkt_kind(const ProtobufCMessageDescriptor *desc);

/* "1.5s", "-0.25s", "3s" (up to 9 fraction digits, |seconds| <=
 * 315576000000). Returns 0, or -1 when s is not a duration. */
int pbwkt_parse_duration(const char *s, int64_t *seconds, int32_t *nanos);
/* The inverse, shortest form ("1.5s", "0.250s" -> "0.25s"). */
void pbwkt_format_duration(char *buf, size_t size, int64_t seconds,
			   int32_t nanos);

/* The message type a type URL names ("type.googleapis.com/NAME": NAME is
 * what follows the last '/'), among the types pbtypes.c knows; NULL if
 * none. */
const ProtobufCMessageDescriptor *pbwkt_find_type(const char *type_url);
/* Unpack an Any into a new message (free with
 * protobuf_c_message_free_unpacked); NULL if the type is unknown or the
 * value does not decode. *desc is set to the type (NULL if unknown). */
ProtobufCMessage *pbwkt_unpack(const ProtobufCMessage *any,
			       const ProtobufCMessageDescriptor **desc);
/* Pack msg into any (type URL and serialized value); 0, or -1 (ENOMEM). */
int pbwkt_pack(ProtobufCMessage *any, const ProtobufCMessage *msg);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * YAML -> protobuf-c message, for any message type, driven by its
 * descriptor: mappings are messages (keys are field names), sequences are
 * repeated fields, scalars are strings, integers, bools, floats and enums
 * (by value name). A plain null (`key:`, `~`, `null`) leaves a field unset.
 * Keys are field names, or their proto3 JSON (lowerCamelCase) names. The
 * well-known types take their proto3 JSON forms (pbwkt.h): wrappers as
 * plain values, Duration as "1.5s", Any as "@type" plus the fields of the
 * message it names (resolved through pbtypes.c), kmesh.Opaque as any
 * value. Enums are value names. Unknown and duplicate keys,
 * a second member of a oneof, wrong types, bad enum names, aliases and
 * more than one document are errors.
 */
#ifndef KMESH_TOOLS_PBYAML_READ_H
#define KMESH_TOOLS_PBYAML_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "lib/diag.h"

/*
 * Parse len bytes of YAML at text into a new message of type desc. Each
 * error is added to d as "FILE:LINE:COLUMN: PATH: problem". Returns the
 * message (free with protobuf_c_message_free_unpacked(msg, NULL)), or NULL
 * when there were errors.
 */
ProtobufCMessage *pbyaml_read(const ProtobufCMessageDescriptor *desc,
			      const char *text, size_t len, const char *file,
			      struct diag *d);

/*
 * The same, but the message is returned even when some of it could not be
 * read (the problems are in d), so that later stages can report their
 * problems too; NULL only when the YAML itself could not be parsed (or
 * out of memory).
 */
ProtobufCMessage *pbyaml_read_partial(const ProtobufCMessageDescriptor *desc,
				      const char *text, size_t len,
				      const char *file, struct diag *d);
/*
 * As pbyaml_read_partial(), with the type picked by the document, which
 * is parsed once: alt when its top-level mapping has one of keys (a
 * NULL-terminated list), else desc (also when it does not parse).
 * *picked says which.
 */
ProtobufCMessage *pbyaml_read_pick(const ProtobufCMessageDescriptor *desc,
				   const ProtobufCMessageDescriptor *alt,
				   const char *const *keys, const char *text,
				   size_t len, const char *file,
				   struct diag *d,
				   const ProtobufCMessageDescriptor **picked);

#endif

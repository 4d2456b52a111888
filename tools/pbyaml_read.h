/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * YAML -> protobuf-c message, for any message type, driven by its
 * descriptor: mappings are messages (keys are field names), sequences are
 * repeated fields, scalars are strings, integers, bools, floats and enums
 * (by value name). A plain null (`key:`, `~`, `null`) leaves a field unset.
 * Unknown and duplicate keys, a second member of a oneof, wrong types,
 * bad enum names, aliases and more than one document are errors.
 */
#ifndef KMESH_TOOLS_PBYAML_READ_H
#define KMESH_TOOLS_PBYAML_READ_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "diag.h"

/*
 * Parse len bytes of YAML at text into a new message of type desc. Each
 * error is added to d as "FILE:LINE:COLUMN: PATH: problem". Returns the
 * message (free with protobuf_c_message_free_unpacked(msg, NULL)), or NULL
 * when there were errors.
 */
ProtobufCMessage *pbyaml_read(const ProtobufCMessageDescriptor *desc,
			      const char *text, size_t len, const char *file,
			      struct diag *d);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * protobuf-c message -> YAML, for any message type, driven by its
 * descriptor; the inverse of pbyaml_read(). Canonical: fields in
 * descriptor (field number) order, proto3 fields at their default value
 * left out, oneof members and proto2 fields written when set, enums by
 * name, strings quoted when a YAML tool could read them as another type.
 */
#ifndef KMESH_TOOLS_PBYAML_WRITE_H
#define KMESH_TOOLS_PBYAML_WRITE_H

#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

/* Write msg as one YAML document to out. Returns 0, or -1 with a reason
 * in *err (static text) when the emitter fails (invalid UTF-8, I/O). */
int pbyaml_write(const ProtobufCMessage *msg, FILE *out, const char **err);

/* Every string field double-quoted, for output that line-oriented
 * readers match (`kmeshctl stats`: `- name: "web"`). */
#define PBYAML_QUOTE_STRINGS	(1u << 0)

/* pbyaml_write() with PBYAML_* flags. */
int pbyaml_write_flags(const ProtobufCMessage *msg, FILE *out, unsigned flags,
		       const char **err);

#endif

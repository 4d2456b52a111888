/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Allocating protobuf-c messages, strings and repeated fields while
 * building one (the Envoy import and export): a failure sets *oom and
 * returns NULL, so a builder checks once, at the end.
 */
#ifndef KMESH_TOOLS_PBALLOC_H
#define KMESH_TOOLS_PBALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

/* A message of type desc, initialized to its defaults. */
void *pb_alloc_msg(bool *oom, const ProtobufCMessageDescriptor *desc);
/* A copy of s ("" for NULL). */
char *pb_alloc_str(bool *oom, const char *s);
/* n zeroed pointers, *count = n (0 and NULL for n == 0). */
void *pb_alloc_array(bool *oom, size_t n, size_t *count);

#endif

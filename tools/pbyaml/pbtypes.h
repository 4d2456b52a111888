/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The message types kmeshctl knows by name: what a google.protobuf.Any
 * may hold (its "@type"), and what `--type` selects for an input file.
 */
#ifndef KMESH_TOOLS_PBTYPES_H
#define KMESH_TOOLS_PBTYPES_H

#include <protobuf-c/protobuf-c.h>

/* By full name ("envoy.config.listener.v3.Listener"); NULL if unknown. */
const ProtobufCMessageDescriptor *pbtypes_find(const char *full_name);

#endif

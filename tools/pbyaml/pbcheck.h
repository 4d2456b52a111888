/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Generic checks of a message decoded from binary protobuf, which the
 * decoder accepts but the YAML reader never produces: fields this schema
 * does not know (a newer control plane?) and strings that are not UTF-8.
 */
#ifndef KMESH_TOOLS_PBCHECK_H
#define KMESH_TOOLS_PBCHECK_H

#include <stdbool.h>
#include <protobuf-c/protobuf-c.h>

#include "lib/diag.h"
#include "lib/path.h"

/* Adds "PATH: ..." to d for each problem. */
void pbcheck(const ProtobufCMessage *msg, struct diag *d);
/* The same for msg found at path p; with unknown_ok, unknown fields are
 * skipped as protobuf does (Envoy's messages have many kmesh leaves out). */
void pbcheck_at(const ProtobufCMessage *msg, struct kpath *p, bool unknown_ok,
		struct diag *d);

#endif

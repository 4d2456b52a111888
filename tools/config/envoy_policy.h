/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Envoy fields kmesh does not implement, in two sets (both listed in
 * tools/README.md): those that do not change where a connection goes are
 * accepted and ignored, with one note per field; those that would are
 * refused, naming the field. envoy_policy_walk() goes through a decoded
 * Envoy message (into the messages its Anys hold, too) and reports both;
 * the fields kmesh implements are left to envoy_import*.c.
 */
#ifndef KMESH_TOOLS_ENVOY_POLICY_H
#define KMESH_TOOLS_ENVOY_POLICY_H

#include <protobuf-c/protobuf-c.h>

#include "lib/diag.h"
#include "lib/path.h"

/* Ignored fields seen, one entry per field of a message type. */
struct envoy_notes {
	struct envoy_note {
		const char *msg, *field;	/* static (descriptors) */
		char *first;			/* where it was seen first */
		size_t count;
	} *v;
	size_t n;
};

void envoy_notes_free(struct envoy_notes *notes);
/* Record that field of message type msg is set at path. */
void envoy_note(struct envoy_notes *notes, const char *msg, const char *field,
		const char *path);
/* One line per ignored field: "note: PATH: FIELD ignored (...)". */
void envoy_notes_print(const struct envoy_notes *notes, FILE *out);

/* Walk msg found at path p: refused fields go to d, ignored ones to
 * notes; an Any of a type kmeshctl does not know, or that does not
 * decode, is an error too. */
void envoy_policy_walk(const ProtobufCMessage *msg, struct kpath *p,
		       struct diag *d, struct envoy_notes *notes);

#endif

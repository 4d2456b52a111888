// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>

#include "pballoc.h"

void *pb_alloc_msg(bool *oom, const ProtobufCMessageDescriptor *desc)
{
	ProtobufCMessage *m = malloc(desc->sizeof_message);

	if (!m) {
		*oom = true;
		return NULL;
	}
	protobuf_c_message_init(desc, m);
	return m;
}

char *pb_alloc_str(bool *oom, const char *s)
{
	char *c = strdup(s ? s : "");

	if (!c)
		*oom = true;
	return c;
}

void *pb_alloc_array(bool *oom, size_t n, size_t *count)
{
	void **a;

	*count = 0;
	if (!n)
		return NULL;
	a = calloc(n, sizeof(*a));
	if (!a) {
		*oom = true;
		return NULL;
	}
	*count = n;
	return a;
}

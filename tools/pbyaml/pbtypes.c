// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The message types kmeshctl knows by name, see pbtypes.h. */
#include <string.h>

#include "envoy.h"
#include "kmesh.pb-c.h"
#include "pbtypes.h"

static const ProtobufCMessageDescriptor *const types[] = {
	&envoy__config__bootstrap__v3__bootstrap__descriptor,
	&envoy__config__listener__v3__listener__descriptor,
	&envoy__config__route__v3__route_configuration__descriptor,
	&envoy__config__cluster__v3__cluster__descriptor,
	&envoy__config__endpoint__v3__cluster_load_assignment__descriptor,
	&envoy__extensions__filters__network__http_connection_manager__v3__http_connection_manager__descriptor,
	&envoy__extensions__filters__network__tcp_proxy__v3__tcp_proxy__descriptor,
	&envoy__extensions__filters__http__router__v3__router__descriptor,
	&envoy__extensions__filters__network__local_ratelimit__v3__local_rate_limit__descriptor,
	&envoy__extensions__filters__http__local_ratelimit__v3__local_rate_limit__descriptor,
	&kmesh__config__descriptor,
};

const ProtobufCMessageDescriptor *pbtypes_find(const char *full_name)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i]->name, full_name))
			return types[i];
	return NULL;
}

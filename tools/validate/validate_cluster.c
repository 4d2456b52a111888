// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Validation of a cluster and its endpoints, see validate_int.h. */
#include "lib/limits.h"
#include "validate_int.h"

static void validate_endpoint(struct vctx *v, const Kmesh__Endpoint *e)
{
	struct ipaddr ip;
	size_t mark;

	if (!e->address) {
		verr_at(v, "address", "must be set");
	} else {
		mark = path_field(&v->path, "address");
		check_ip(v, "address", e->address->address, &ip);
		check_port(v, "port_value", e->address->port_value, 1);
		path_pop(&v->path, mark);
	}
	/* 0 means KM_MIN_ENDPOINT_WEIGHT (proto3 cannot tell unset from 0) */
	if (e->weight > KM_MAX_ENDPOINT_WEIGHT)
		verr_at(v, "weight", "%u is out of range %d..%d", e->weight,
			KM_MIN_ENDPOINT_WEIGHT, KM_MAX_ENDPOINT_WEIGHT);
}

void validate_cluster(struct vctx *v, const Kmesh__Cluster *c)
{
	size_t i, mark;

	check_name(v, "name", c->name, true);
	if (!protobuf_c_enum_descriptor_get_value(
		    &kmesh__cluster__lb_policy__descriptor, (int)c->lb_policy))
		verr_at(v, "lb_policy", "unknown value %d", (int)c->lb_policy);
	check_count(v, "endpoints", c->n_endpoints, KM_MAX_ENDPOINTS,
		    "endpoints");
	for (i = 0; i < c->n_endpoints; i++) {
		mark = path_field(&v->path, "endpoints");
		path_index(&v->path, i);
		validate_endpoint(v, c->endpoints[i]);
		path_pop(&v->path, mark);
	}
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Envoy clusters and their endpoints -> kmesh, see envoy_import_int.h.
 * STRICT_DNS and LOGICAL_DNS clusters are taken when their endpoints are
 * IP literals (as STATIC); a host name is refused: kmesh resolves no
 * names (a control plane, or the agent, can hand it addresses).
 */
#include <arpa/inet.h>
#include <string.h>

#include "envoy_import_int.h"

#define LB(x) ENVOY__CONFIG__CLUSTER__V3__CLUSTER__LB_POLICY__##x
#define DT(x) ENVOY__CONFIG__CLUSTER__V3__CLUSTER__DISCOVERY_TYPE__##x

static bool is_ip(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static void imp_endpoint(struct imp *x, const ELbEndpoint *lb,
			 Kmesh__Endpoint **out, const char *dns)
{
	const EEndpoint *e = lb->host_identifier_case ==
		ENVOY__CONFIG__ENDPOINT__V3__LB_ENDPOINT__HOST_IDENTIFIER_ENDPOINT ?
		lb->endpoint : NULL;
	Kmesh__Endpoint *k;

	k = *out = imp_new(x, &kmesh__endpoint__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	if (lb->health_status > ENVOY__CONFIG__CORE__V3__HEALTH_STATUS__HEALTHY)
		imp_err(x, "health_status", "not supported: kmesh sends traffic to every endpoint listed (leave it out instead)");
	if (lb->load_balancing_weight) {
		k->weight = lb->load_balancing_weight->value;
		imp_map(x, "weight", "load_balancing_weight");
		if (!k->weight)
			imp_err(x, "load_balancing_weight", "0 is out of range 1..128");
	}
	if (!e)
		return;		/* endpoint_name: refused by the policy */
	k->address = imp_address(x, e->address);
	if (!k->address) {
		imp_map(x, "address", "endpoint.address");
		return;
	}
	imp_map(x, "address", "endpoint.address.socket_address");
	if (dns && *k->address->address && !is_ip(k->address->address))
		imp_err(x, "endpoint.address.socket_address.address",
			"host name \"%s\" in a %s cluster: kmesh does not resolve names; give IP addresses",
			k->address->address, dns);
}

void imp_endpoints(struct imp *x, const ECla *cla, Kmesh__Cluster *k,
		   const char *dns)
{
	size_t total = 0, i, j, n;

	for (i = 0; i < cla->n_endpoints; i++)
		total += cla->endpoints[i]->n_lb_endpoints;
	k->endpoints = imp_array(x, total, &n);
	k->n_endpoints = n;
	imp_map(x, "endpoints", "endpoints");
	for (i = 0, n = 0; i < cla->n_endpoints && k->endpoints; i++) {
		const ELocality *loc = cla->endpoints[i];

		for (j = 0; j < loc->n_lb_endpoints; j++, n++) {
			size_t m = path_field(&x->path, "endpoints");
			size_t km = path_field(&x->kp, "endpoints");

			path_index(&x->path, i);
			path_field(&x->path, "lb_endpoints");
			path_index(&x->path, j);
			path_index(&x->kp, n);
			imp_endpoint(x, loc->lb_endpoints[j], &k->endpoints[n], dns);
			path_pop(&x->path, m);
			path_pop(&x->kp, km);
		}
	}
}

/* What EDS would deliver for c: the cluster_load_assignments entry. */
static void imp_eds(struct imp *x, const ECluster *c, Kmesh__Cluster *k)
{
	const char *name = c->eds_cluster_config &&
			   *c->eds_cluster_config->service_name ?
			   c->eds_cluster_config->service_name : c->name;
	struct kpath saved = x->path;
	size_t i;

	for (i = 0; x->b && i < x->b->n_cluster_load_assignments; i++) {
		const ECla *cla = x->b->cluster_load_assignments[i];

		if (strcmp(cla->cluster_name, name))
			continue;
		path_init(&x->path);
		path_field(&x->path, "cluster_load_assignments");
		path_index(&x->path, i);
		imp_endpoints(x, cla, k, NULL);
		x->path = saved;
		return;
	}
	if (x->resolve)
		imp_err(x, NULL, "EDS cluster: no cluster_load_assignments entry with cluster_name \"%s\" (what EDS would deliver)",
			name);
}

void imp_cluster(struct imp *x, const ECluster *c, Kmesh__Cluster **out)
{
	const char *dns = NULL;
	Kmesh__Cluster *k;
	size_t i;

	k = *out = imp_new(x, &kmesh__cluster__descriptor);
	if (!k)
		return;
	imp_map(x, NULL, NULL);
	k->name = imp_str(x, c->name);
	switch (c->lb_policy) {
	case LB(ROUND_ROBIN):
		k->lb_policy = KMESH__CLUSTER__LB_POLICY__ROUND_ROBIN;
		break;
	case LB(LEAST_REQUEST):
		k->lb_policy = KMESH__CLUSTER__LB_POLICY__LEAST_REQUEST;
		break;
	case LB(RANDOM):
		k->lb_policy = KMESH__CLUSTER__LB_POLICY__RANDOM;
		break;
	default: {
		const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
			&envoy__config__cluster__v3__cluster__lb_policy__descriptor,
			(int)c->lb_policy);

		if (v)
			imp_err(x, "lb_policy", "%s is not supported (ROUND_ROBIN, LEAST_REQUEST or RANDOM)",
				v->name);
		else
			imp_err(x, "lb_policy", "unknown value %d", (int)c->lb_policy);
	}
	}
	if (c->circuit_breakers) {
		for (i = 0; i < c->circuit_breakers->n_thresholds; i++) {
			const EThresholds *t = c->circuit_breakers->thresholds[i];

			if (t->priority == ENVOY__CONFIG__CORE__V3__ROUTING_PRIORITY__DEFAULT &&
			    t->max_connections) {
				k->circuit_breakers = imp_new(x, &kmesh__circuit_breakers__descriptor);
				if (k->circuit_breakers)
					k->circuit_breakers->max_connections =
						t->max_connections->value;
				break;
			}
		}
	}
	if (c->cluster_discovery_type_case !=
	    ENVOY__CONFIG__CLUSTER__V3__CLUSTER__CLUSTER_DISCOVERY_TYPE_TYPE)
		goto static_endpoints;	/* cluster_type: refused by the policy */
	switch (c->type) {
	case DT(STRICT_DNS):
		dns = "STRICT_DNS";
		break;
	case DT(LOGICAL_DNS):
		dns = "LOGICAL_DNS";
		break;
	case DT(EDS):
		imp_eds(x, c, k);
		return;
	case DT(ORIGINAL_DST):
		imp_err(x, "type", "ORIGINAL_DST is not supported (STATIC, STRICT_DNS, LOGICAL_DNS or EDS)");
		return;
	default:
		break;
	}
static_endpoints:
	if (c->load_assignment) {
		size_t m = path_field(&x->path, "load_assignment");

		imp_endpoints(x, c->load_assignment, k, dns);
		path_pop(&x->path, m);
	}
}

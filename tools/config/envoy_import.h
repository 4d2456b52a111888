/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Envoy v3 config -> kmesh.Config, the form validation and compile work
 * on. The input is a Bootstrap (static_resources, plus the kmesh
 * extensions route_configurations and cluster_load_assignments standing
 * for RDS and EDS) or one Listener, RouteConfiguration, Cluster or
 * ClusterLoadAssignment. Fields kmesh does not implement are reported by
 * envoy_policy.c; this file maps the rest and refuses the values kmesh
 * cannot follow (a DNS name, an unsupported lb_policy, ...).
 */
#ifndef KMESH_TOOLS_ENVOY_IMPORT_H
#define KMESH_TOOLS_ENVOY_IMPORT_H

#include <stdbool.h>
#include <protobuf-c/protobuf-c.h>

#include "lib/diag.h"
#include "envoy_policy.h"
#include "kmesh.pb-c.h"
#include "pathmap.h"

/*
 * Translate msg. Problems go to d (each naming the input path), ignored
 * fields to notes, and map learns which input path each kmesh path
 * stands for. With !resolve, what a lone resource cannot resolve (an EDS
 * cluster's endpoints) is left empty instead of being an error. Returns
 * the config (also when there were problems, for the caller to free), or
 * NULL when out of memory.
 */
Kmesh__Config *envoy_import(const ProtobufCMessage *msg, bool resolve,
			    struct pathmap *map, struct envoy_notes *notes,
			    struct diag *d);

#endif

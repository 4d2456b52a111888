/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kmesh.Config -> Envoy v3 Bootstrap, what `kmeshctl dump` prints and
 * `convert` writes: listeners and clusters in static_resources; a route
 * config used by exactly one HTTP connection manager inline there, any
 * other in route_configurations (named by `rds`); endpoints as a STATIC
 * cluster's load_assignment; header matches as string_match. Importing
 * the result (envoy_import.h) gives back the same kmesh.Config.
 */
#ifndef KMESH_TOOLS_ENVOY_EXPORT_H
#define KMESH_TOOLS_ENVOY_EXPORT_H

#include "pbyaml/envoy.h"
#include "kmesh.pb-c.h"

/* A new Bootstrap (free with protobuf_c_message_free_unpacked), or NULL
 * when out of memory. */
EBootstrap *envoy_export(const Kmesh__Config *cfg);

#endif

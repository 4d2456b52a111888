/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading and writing a whole config: YAML or binary protobuf in, Envoy's
 * v3 form or kmesh.Config (the compatibility form), always as a
 * kmesh.Config; binary Envoy Bootstrap out. Only the syntax (and what
 * kmesh cannot take from Envoy's form) is checked here; see validate.h.
 */
#ifndef KMESH_TOOLS_CONFIG_LOAD_H
#define KMESH_TOOLS_CONFIG_LOAD_H

#include <stdbool.h>

#include "lib/diag.h"
#include "envoy_policy.h"
#include "kmesh.pb-c.h"
#include "pathmap.h"

/*
 * An input format: the syntax (the low two bits) and, above them, the
 * message type the file holds (CFG_TYPE_*), CFG_FORMAT(syntax, type).
 * Only the syntax is ever an enumerator; the type defaults from it.
 */
enum cfg_format {
	CFG_FMT_AUTO,	/* from the file name */
	CFG_FMT_YAML,
	CFG_FMT_PB,
};
enum cfg_type {
	CFG_TYPE_AUTO,		/* YAML: kmesh if the top level has listeners,
				 * route_configs or clusters; else bootstrap */
	CFG_TYPE_BOOTSTRAP,	/* envoy.config.bootstrap.v3.Bootstrap */
	CFG_TYPE_LISTENER,	/* envoy.config.listener.v3.Listener */
	CFG_TYPE_ROUTE,		/* envoy.config.route.v3.RouteConfiguration */
	CFG_TYPE_CLUSTER,	/* envoy.config.cluster.v3.Cluster */
	CFG_TYPE_ENDPOINTS,	/* envoy.config.endpoint.v3.ClusterLoadAssignment */
	CFG_TYPE_KMESH,		/* kmesh.Config, the compatibility form */
};
#define CFG_FORMAT(syntax, type) ((enum cfg_format)((unsigned)(syntax) | (unsigned)(type) << 2))
#define CFG_SYNTAX(fmt) ((enum cfg_format)((unsigned)(fmt) & 3))
#define CFG_TYPE(fmt) ((enum cfg_type)((unsigned)(fmt) >> 2))

/* "yaml" or "pb". Returns 0, or -1 for anything else. */
int cfg_format_from_name(const char *name, enum cfg_format *fmt);
/* .yaml/.yml or .pb (the type bits of *fmt are kept). Returns 0, or -1
 * when the extension says neither. */
int cfg_format_from_path(const char *path, enum cfg_format *fmt);
/* "bootstrap", "listener", "route", "cluster", "endpoints" or "kmesh".
 * Returns 0, or -1 for anything else. */
int cfg_type_from_name(const char *name, enum cfg_type *type);

/* What a load found besides the config. */
struct cfg_extra {
	bool resolve;		/* in: EDS endpoints must be found */
	bool envoy;		/* out: the input was Envoy's form */
	struct pathmap map;	/* out: kmesh paths -> input paths */
	struct envoy_notes notes;	/* out: ignored Envoy fields */
};
void cfg_extra_init(struct cfg_extra *x, bool resolve);
void cfg_extra_free(struct cfg_extra *x);

/*
 * Load path ("-": stdin) in format fmt (syntax not CFG_FMT_AUTO). Envoy
 * input is translated into a kmesh.Config (envoy_import.h). Returns
 * KM_EXIT_OK with *cfg set, or KM_EXIT_INVALID / KM_EXIT_IO with the
 * reasons added to d. config_load_ex also fills x (which must be
 * initialized) and reports every problem it can, not just the first.
 */
int config_load(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		struct diag *d);
int config_load_ex(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		   struct cfg_extra *x, struct diag *d);
/* Write cfg as a binary envoy.config.bootstrap.v3.Bootstrap (see
 * envoy_export.h) to path ("-": stdout), atomically. Returns KM_EXIT_OK,
 * or KM_EXIT_IO with the reason added to d. */
int config_save_pb(const Kmesh__Config *cfg, const char *path, struct diag *d);
void config_free(Kmesh__Config *cfg);

#endif

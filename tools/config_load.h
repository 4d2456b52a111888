/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reading and writing a whole kmesh.Config: YAML or binary protobuf in,
 * binary protobuf out. Only the syntax is checked here; see validate.h.
 */
#ifndef KMESH_TOOLS_CONFIG_LOAD_H
#define KMESH_TOOLS_CONFIG_LOAD_H

#include "diag.h"
#include "kmesh.pb-c.h"

enum cfg_format {
	CFG_FMT_AUTO,	/* from the file name */
	CFG_FMT_YAML,
	CFG_FMT_PB,
};

/* "yaml" or "pb". Returns 0, or -1 for anything else. */
int cfg_format_from_name(const char *name, enum cfg_format *fmt);
/* .yaml/.yml or .pb. Returns 0, or -1 when the extension says neither. */
int cfg_format_from_path(const char *path, enum cfg_format *fmt);

/*
 * Load path ("-": stdin) in format fmt (not CFG_FMT_AUTO). Returns
 * KM_EXIT_OK with *cfg set, or KM_EXIT_INVALID / KM_EXIT_IO with the
 * reasons added to d.
 */
int config_load(const char *path, enum cfg_format fmt, Kmesh__Config **cfg,
		struct diag *d);
/* Write cfg as binary protobuf to path ("-": stdout), atomically.
 * Returns KM_EXIT_OK, or KM_EXIT_IO with the reason added to d. */
int config_save_pb(const Kmesh__Config *cfg, const char *path, struct diag *d);
void config_free(Kmesh__Config *cfg);

#endif

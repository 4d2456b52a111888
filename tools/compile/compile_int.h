/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Internals of the compile stage: the entry points of compile_<kind>.c,
 * which compile.c calls in document order. Their helpers (compile_util.h)
 * are below both.
 */
#ifndef KMESH_TOOLS_COMPILE_INT_H
#define KMESH_TOOLS_COMPILE_INT_H

#include <stddef.h>

#include "compile_util.h"

void compile_listeners(struct cctx *x);
void compile_route_config(struct cctx *x, const Kmesh__RouteConfiguration *rc);
void compile_domains(struct cctx *x, const Kmesh__RouteConfiguration *rc,
		     struct km_route_config *rcv);
/* The header matcher at the current path, of route id route. */
void compile_header(struct cctx *x, const Kmesh__HeaderMatcher *m, __u32 route);
void compile_cluster(struct cctx *x, const Kmesh__Cluster *cl, size_t i);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Semantic validation of a kmesh.Config: everything the schema cannot say
 * (references between objects, unique names, addresses, ranges, domain
 * forms, the limits of limits.h). Run it before a config is used.
 */
#ifndef KMESH_TOOLS_VALIDATE_H
#define KMESH_TOOLS_VALIDATE_H

#include <stddef.h>

#include "lib/diag.h"
#include "kmesh.pb-c.h"

/* Adds one "PATH: problem" line to d per problem; returns how many. */
size_t config_validate(const Kmesh__Config *cfg, struct diag *d);

#endif

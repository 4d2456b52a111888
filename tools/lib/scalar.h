/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Text <-> scalar values for the YAML reader and writer. Strict: decimal
 * integers without leading zeros or '+', true/false, finite floats; anything
 * else is rejected rather than guessed.
 */
#ifndef KMESH_TOOLS_SCALAR_H
#define KMESH_TOOLS_SCALAR_H

#include <stdbool.h>
#include <stdint.h>

/* Each returns 0, or -1 when s is not a value of the type within range. */
int scalar_parse_u64(const char *s, uint64_t max, uint64_t *out);
int scalar_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
int scalar_parse_bool(const char *s, bool *out);
int scalar_parse_double(const char *s, double *out);

/* A plain YAML scalar that means "no value": "", "~", "null". */
bool scalar_is_null(const char *s);
/*
 * Whether the string s, written as a plain YAML scalar, would read as
 * something else (null, bool, number) to YAML tools; the writer quotes it.
 */
bool scalar_needs_quotes(const char *s);

#endif

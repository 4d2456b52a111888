/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* What the unit test files (unit.c, unit_decompile.c, unit_stats.c) share. */
#ifndef KMESH_TOOLS_TESTS_UNIT_H
#define KMESH_TOOLS_TESTS_UNIT_H

#include <stdbool.h>

/* Set by a failed expectation; reset by main() before each test. */
extern bool failed;

void unit_expect(bool ok, const char *what, const char *file, int line);
#define EXPECT(cond) unit_expect((cond), #cond, __FILE__, __LINE__)

/* unit_decompile.c */
struct kmesh_compiled;
/* Read, validate and compile a kmesh.Config in YAML; false (with # lines)
 * on errors. */
bool unit_compile_yaml(const char *yaml, struct kmesh_compiled *c);
void test_decompile_names(void);
void test_decompile_bad(void);
void test_decompile_empty(void);
/* Compile FILE and print its decompiled YAML on stdout; an exit status. */
int unit_decompile_file(const char *path);

/* unit_route.c: route FILE's "# route:" lines through bpf/lib/ (TAP
 * lines); an exit status. */
int unit_route_file(const char *path);

/* unit_state.c */
void test_state_ids(void);
void test_state_ids_fresh(void);
void test_journal_plan(void);
void test_dirlock(void);
void test_dirlock_serializes(void);
void test_fault(void);
void test_bucket(void);
void test_state_ids_ratelimits(void);

/* unit_genkeys.c */
void test_genkeys(void);

/* unit_stats.c */
void test_stats_names(void);
void test_stats_empty(void);

#endif

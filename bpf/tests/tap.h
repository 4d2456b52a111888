/* SPDX-License-Identifier: GPL-2.0 */
/* A TAP writer for the host tests (tap.c): "ok N name" / "not ok N name"
 * with "# ..." diagnostics; tap_done() prints the plan, returns the exit
 * status. */
#ifndef KMESH_BPF_TESTS_TAP_H
#define KMESH_BPF_TESTS_TAP_H

void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * kmeshctl's one reporter of its own errors (not a config's problems,
 * which lib/diag.h collects with their paths): "kmeshctl CMD: message"
 * on stderr, CMD set once by main(). The way of bpftool's p_err().
 */
#ifndef KMESH_TOOLS_REPORT_H
#define KMESH_TOOLS_REPORT_H

#include <stdarg.h>

/* The command messages are from (NULL: none, "kmeshctl: ..."). */
void km_report_cmd(const char *name);

/* "kmeshctl CMD: message\n" on stderr; errno is kept. */
void km_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void km_verr(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* "kmeshctl CMD: warning: message\n" on stderr. */
void km_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

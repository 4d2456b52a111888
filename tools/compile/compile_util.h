/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The helpers shared by compile*.c (compile_util.c): the context of one
 * kmesh_compile() run, error reporting with the config path, and the
 * conversions into table fields.
 */
#ifndef KMESH_TOOLS_COMPILE_UTIL_H
#define KMESH_TOOLS_COMPILE_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "lib/nameset.h"
#include "lib/path.h"

struct cctx {
	const Kmesh__Config *cfg;
	struct kmesh_compiled *c;
	struct diag *d;
	struct kpath path;		/* of the object being compiled */
	struct nameset route_configs;	/* name -> id */
	struct nameset clusters;
	unsigned full;			/* tables reported full, 1 << CT_* */
	bool oom;
};

/* Tables, for ctable_room(). */
enum ctable {
	CT_LISTENERS, CT_CHAINS, CT_FILTERS, CT_ROUTE_CONFIGS, CT_VHOSTS,
	CT_DOMAINS, CT_ROUTES, CT_HEADERS, CT_CLUSTERS, CT_ENDPOINTS,
	CT_RATELIMITS,
};

/* "PATH[.field]: message", PATH being the current path. */
void cerr(struct cctx *x, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The capacity of table t (KM_CAP_*). */
size_t ctable_cap(enum ctable t);
/* Whether table t has room for a record after its n ones; reports the
 * current path once per table when not. */
bool ctable_room(struct cctx *x, enum ctable t, size_t n);
/* Whether s fits a string field of max bytes; "PATH.field: N bytes long,
 * compiled table limit is max" when not. */
bool cfits(struct cctx *x, const char *field, const char *s, size_t max);
/* Store s (at most max bytes, checked before) into field; returns the
 * length. With lower, ASCII letters are lowercased. */
size_t cstore(__u8 *field, const char *s, bool lower);
/* A validated IPv4/IPv6 literal as 16 bytes (IPv4 v4-mapped); returns
 * KM_AF_INET (also for a v4-mapped IPv6 literal) or KM_AF_INET6. */
__u8 caddr(const char *s, __u8 addr[16]);
/* A copy of name for the names table; NULL when empty (or on ENOMEM). */
char *cname(struct cctx *x, const char *name);
/* The id of a validated reference. */
__u32 cref(const struct nameset *set, const char *name);
/* A record in the rate limit table for the validated l (NULL: none)
 * of owner (enum km_rl_owner) owner_id: its id + 1, what km_filter.rl
 * and km_route.rl hold; 0 when l is NULL or the table is full. */
__u32 crate_limit(struct cctx *x, const Kmesh__LocalRateLimit *l, __u8 owner,
		  __u32 owner_id);

#endif

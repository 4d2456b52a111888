/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Internals of the decompiler, shared by decompile*.c: the context and
 * the helpers of decompile.c. Every message and string is calloc()ed,
 * so config_free() (protobuf-c's free_unpacked) frees a whole or a
 * partly built config alike; an allocation failure sets oom and the
 * builders stop early.
 */
#ifndef KMESH_TOOLS_DECOMPILE_INT_H
#define KMESH_TOOLS_DECOMPILE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "decompile.h"

struct dctx {
	const struct kmesh_compiled *c;
	/* the names references need: given, or synthesized */
	char **listeners, **route_configs, **vhosts, **clusters;
	/* the rate limit (id + 1, 0: none) each owns (km_ratelimit.owner) */
	__u32 *rl_rc, *rl_vhost, *rl_route;
	bool oom;
};

/* calloc(n, size) (at least one byte); NULL sets x->oom. */
void *dalloc(struct dctx *x, size_t n, size_t size);
/* The n bytes at s as a string; NULL sets x->oom. */
char *dstrndup(struct dctx *x, const void *s, size_t n);
char *dstrdup(struct dctx *x, const char *s);
/* A new message of type desc, initialized; NULL sets x->oom. */
void *dnew_msg(struct dctx *x, const ProtobufCMessageDescriptor *desc);
/* Room for n pointers in repeated field f of m; false when out of
 * memory. The count stays 0 until each element is stored, so a partly
 * built message frees cleanly. */
#define REPEATED(x, m, f, n)						\
	((m)->n_##f = 0,						\
	 !(n) || ((m)->f = dalloc((x), (n), sizeof(*(m)->f))) != NULL)

/* names[i] unless NULL or empty (names may be NULL). */
const char *dgiven(char *const *names, size_t i);
/* Whether a 16-byte address is v4-mapped. */
bool dis_v4(const __u8 a[16]);
/* A 16-byte address as text: dotted IPv4 (its last 4 bytes) with v4. */
char *daddr_text(struct dctx *x, const __u8 a[16], bool v4);
/* An address and port (IPv4 dotted when v4-mapped). */
Kmesh__Address *daddress(struct dctx *x, const __u8 a[16], __u16 port);

/* Fill x->rl_* from the rate limit table (decompile_ratelimit.c). */
void drate_limits_index(struct dctx *x);
void drate_limits_free(struct dctx *x);
/* The LocalRateLimit of rate limit rl (id + 1); NULL for 0. */
Kmesh__LocalRateLimit *drate_limit(struct dctx *x, __u32 rl);

Kmesh__Listener *decompile_listener(struct dctx *x, size_t id);
Kmesh__RouteConfiguration *decompile_route_config(struct dctx *x, size_t id);
Kmesh__Cluster *decompile_cluster(struct dctx *x, size_t id);

#endif

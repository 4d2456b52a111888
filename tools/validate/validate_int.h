/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Internals of config validation, shared by validate*.c: the context
 * (current path, name tables) and the leaf checks of validate_check.c.
 */
#ifndef KMESH_TOOLS_VALIDATE_INT_H
#define KMESH_TOOLS_VALIDATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "kmesh.pb-c.h"
#include "lib/nameset.h"
#include "lib/path.h"

struct vctx {
	struct diag *d;
	struct kpath path;		/* of the object being checked */
	struct nameset listeners;	/* name -> first index */
	struct nameset route_configs;
	struct nameset clusters;
	struct nameset addresses;	/* listener "ip:port" -> first index */
	char (*addr_keys)[64];		/* the strings addresses points to */
};

struct ipaddr {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char bytes[16];
};

/* "PATH: message", PATH being the current path. */
void verr(struct vctx *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "PATH.field: message". */
void verr_at(struct vctx *v, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "PATH.field: N <what>, limit is L" when n > limit. */
void check_count(struct vctx *v, const char *field, size_t n, size_t limit,
		 const char *what);
/* field is a name: not empty (if required), at most KM_MAX_NAME_LEN. */
bool check_name(struct vctx *v, const char *field, const char *name,
		bool required);
/* field names an object of set (what: "cluster", ...): valid, and exists. */
void check_ref(struct vctx *v, const char *field, const char *name,
	       const struct nameset *set, const char *what);
/* The name at index i of list field list was first used at index first. */
void check_unique(struct vctx *v, const char *what, const char *list,
		  const char *name, size_t i, size_t first);
/* field is an IPv4 or IPv6 literal; *ip gets it. */
bool check_ip(struct vctx *v, const char *field, const char *s,
	      struct ipaddr *ip);
/* field is a port: min..65535. */
bool check_port(struct vctx *v, const char *field, uint32_t port,
		uint32_t min);
/* field is a string of at most KM_MAX_MATCH_LEN bytes (and not empty,
 * when required). */
bool check_match_len(struct vctx *v, const char *field, const char *s,
		     bool required);
/* field is a local rate limit (NULL: none): a token bucket, if any, of
 * max_tokens > 0 and a fill_interval of 50 ms .. 365 days. */
void check_rate_limit(struct vctx *v, const char *field,
		      const Kmesh__LocalRateLimit *l);
/* The current path is a domain: not empty, at most KM_MAX_NAME_LEN, no
 * control characters. Every such string is one of Envoy's forms: a
 * leading '*' is a suffix wildcard, a trailing one a prefix wildcard,
 * "*" any host, anything else (any other '*' too) exact. */
bool check_domain(struct vctx *v, const char *domain);
/* Whether domain has no control character (for tests). */
bool domain_form_ok(const char *domain);
/* "Q" for messages: name quoted and escaped (buffer of DIAG_QUOTE_SIZE). */
const char *vq(char *buf, const char *s);

void validate_listener(struct vctx *v, const Kmesh__Listener *l, size_t i);
void validate_route_config(struct vctx *v, const Kmesh__RouteConfiguration *rc);
void validate_cluster(struct vctx *v, const Kmesh__Cluster *c);

#endif

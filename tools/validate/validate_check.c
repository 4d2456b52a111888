// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Leaf checks and error helpers of config validation, see validate_int.h. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/limits.h"
#include "validate_int.h"

static void vadd(struct vctx *v, const char *field, const char *fmt,
		 va_list ap) __attribute__((format(printf, 3, 0)));

static void vadd(struct vctx *v, const char *field, const char *fmt,
		 va_list ap)
{
	size_t mark = field ? path_field(&v->path, field) : v->path.len;
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	diag_add(v->d, "%s: %s", path_str(&v->path), msg);
	path_pop(&v->path, mark);
}

void verr(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(v, NULL, fmt, ap);
	va_end(ap);
}

void verr_at(struct vctx *v, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(v, field, fmt, ap);
	va_end(ap);
}

const char *vq(char *buf, const char *s)
{
	return diag_quote(buf, DIAG_QUOTE_SIZE, s, strlen(s));
}

void check_count(struct vctx *v, const char *field, size_t n, size_t limit,
		 const char *what)
{
	if (n > limit)
		verr_at(v, field, "%zu %s, limit is %zu", n, what, limit);
}

static bool check_len(struct vctx *v, const char *field, const char *s,
		      bool required, size_t max)
{
	size_t n = strlen(s);

	if (!n && required) {
		verr_at(v, field, "must not be empty");
		return false;
	}
	if (n > max) {
		verr_at(v, field, "%zu bytes long, limit is %zu", n, max);
		return false;
	}
	return true;
}

bool check_name(struct vctx *v, const char *field, const char *name,
		bool required)
{
	return check_len(v, field, name, required, KM_MAX_NAME_LEN);
}

bool check_match_len(struct vctx *v, const char *field, const char *s,
		     bool required)
{
	return check_len(v, field, s, required, KM_MAX_MATCH_LEN);
}

void check_ref(struct vctx *v, const char *field, const char *name,
	       const struct nameset *set, const char *what)
{
	char qb[DIAG_QUOTE_SIZE];

	if (check_name(v, field, name, true) && !nameset_find(set, name, NULL))
		verr_at(v, field, "no %s %s", what, vq(qb, name));
}

void check_unique(struct vctx *v, const char *what, const char *list,
		  const char *name, size_t i, size_t first)
{
	char qb[DIAG_QUOTE_SIZE];

	if (*name && first != i && first != (size_t)-1)
		verr_at(v, "name", "duplicate %s name %s (first at %s[%zu])",
			what, vq(qb, name), list, first);
}

bool check_ip(struct vctx *v, const char *field, const char *s,
	      struct ipaddr *ip)
{
	char qb[DIAG_QUOTE_SIZE];

	if (!*s) {
		verr_at(v, field, "must not be empty");
		return false;
	}
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->bytes) == 1) {
		ip->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, ip->bytes) == 1) {
		ip->family = AF_INET6;
		return true;
	}
	verr_at(v, field, "%s is not an IPv4 or IPv6 address", vq(qb, s));
	return false;
}

bool check_port(struct vctx *v, const char *field, uint32_t port, uint32_t min)
{
	if (port >= min && port <= 65535)
		return true;
	verr_at(v, field, "%u is out of range %u..65535", port, min);
	return false;
}

/* A duration of seconds and nanos, in nanoseconds; false if it is not a
 * valid one (nanos outside 0..999999999, negative) or above max. */
static bool duration_ns(const Google__Protobuf__Duration *d, uint64_t max,
			uint64_t *ns)
{
	if (d->seconds < 0 || d->nanos < 0 || d->nanos > 999999999 ||
	    (uint64_t)d->seconds > max / 1000000000ULL)
		return false;
	*ns = (uint64_t)d->seconds * 1000000000ULL + (uint64_t)d->nanos;
	return *ns <= max;
}

void check_rate_limit(struct vctx *v, const char *field,
		      const Kmesh__LocalRateLimit *l)
{
	const Kmesh__TokenBucket *b = l ? l->token_bucket : NULL;
	size_t mark;
	uint64_t ns;

	if (!b)
		return;
	mark = path_field(&v->path, field);
	path_field(&v->path, "token_bucket");
	if (!b->max_tokens)
		verr_at(v, "max_tokens", "must be > 0");
	if (!b->fill_interval)
		verr_at(v, "fill_interval", "must be set");
	else if (!duration_ns(b->fill_interval, KM_MAX_FILL_NS, &ns) ||
		 ns < KM_MIN_FILL_NS)
		verr_at(v, "fill_interval", "must be 50 ms .. 365 days (Envoy's minimum is 50 ms)");
	path_pop(&v->path, mark);
}

bool domain_form_ok(const char *d)
{
	for (; *d; d++)
		if ((unsigned char)*d < 0x20 || *d == 0x7f)
			return false;
	return true;
}

bool check_domain(struct vctx *v, const char *domain)
{
	char qb[DIAG_QUOTE_SIZE];

	if (!check_name(v, NULL, domain, true))
		return false;
	if (domain_form_ok(domain))
		return true;
	verr(v, "%s has a control character (Envoy refuses them in domains)",
	     vq(qb, domain));
	return false;
}

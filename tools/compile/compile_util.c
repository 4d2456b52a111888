// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The helpers of the compile stage (compile_util.h): error reporting with
 * the config path, table room, string fields, addresses, names and
 * references. Below compile.c and compile_<kind>.c, calling neither.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile_util.h"

static const struct {
	const char *what;
	size_t cap;
} tables[] = {
	[CT_LISTENERS] = { "listeners", KM_CAP_LISTENERS },
	[CT_CHAINS] = { "filter chains", KM_CAP_FILTER_CHAINS },
	[CT_FILTERS] = { "filters", KM_CAP_FILTERS },
	[CT_ROUTE_CONFIGS] = { "route configs", KM_CAP_ROUTE_CONFIGS },
	[CT_VHOSTS] = { "virtual hosts", KM_CAP_VIRTUAL_HOSTS },
	[CT_DOMAINS] = { "domains", KM_CAP_DOMAINS },
	[CT_ROUTES] = { "routes", KM_CAP_ROUTES },
	[CT_HEADERS] = { "header matchers", KM_CAP_HEADERS },
	[CT_CLUSTERS] = { "clusters", KM_CAP_CLUSTERS },
	[CT_ENDPOINTS] = { "endpoints", KM_CAP_ENDPOINTS },
	[CT_RATELIMITS] = { "rate limits", KM_CAP_RATELIMITS },
};

void cerr(struct cctx *x, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd_at(x->d, &x->path, field, fmt, ap);
	va_end(ap);
}

size_t ctable_cap(enum ctable t)
{
	return tables[t].cap;
}

bool ctable_room(struct cctx *x, enum ctable t, size_t n)
{
	if (n < tables[t].cap)
		return true;
	if (!(x->full & (1u << t)))
		cerr(x, NULL, "does not fit: the compiled tables hold %zu %s",
		     tables[t].cap, tables[t].what);
	x->full |= 1u << t;
	return false;
}

bool cfits(struct cctx *x, const char *field, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return true;
	cerr(x, field, "%zu bytes long, compiled table limit is %zu", n, max);
	return false;
}

size_t cstore(__u8 *field, const char *s, bool lower)
{
	size_t i;

	for (i = 0; s[i]; i++)
		field[i] = (__u8)(lower && s[i] >= 'A' && s[i] <= 'Z' ?
				  s[i] - 'A' + 'a' : s[i]);
	return i;
}

__u8 caddr(const char *s, __u8 addr[16])
{
	static const __u8 mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr + 12) == 1) {
		memcpy(addr, mapped, sizeof(mapped));
		return KM_AF_INET;
	}
	inet_pton(AF_INET6, s, addr);
	return memcmp(addr, mapped, sizeof(mapped)) ? KM_AF_INET6 : KM_AF_INET;
}

char *cname(struct cctx *x, const char *name)
{
	char *s;

	if (!name || !*name)
		return NULL;
	s = strdup(name);
	if (!s)
		x->oom = true;
	return s;
}

__u32 cref(const struct nameset *set, const char *name)
{
	size_t id = 0;

	nameset_find(set, name, &id);
	return (__u32)id;
}

__u32 crate_limit(struct cctx *x, const Kmesh__LocalRateLimit *l, __u8 owner,
		  __u32 owner_id)
{
	const Kmesh__TokenBucket *b = l ? l->token_bucket : NULL;
	struct kmesh_compiled *c = x->c;
	struct km_ratelimit *v;
	size_t mark;
	bool room;

	if (!l)
		return 0;
	mark = path_field(&x->path, "local_ratelimit");
	room = ctable_room(x, CT_RATELIMITS, c->n_ratelimits);
	path_pop(&x->path, mark);
	if (!room)
		return 0;
	v = &c->ratelimits[c->n_ratelimits++];
	v->owner = owner;
	v->owner_id = owner_id;
	v->fill_ns = KM_MIN_FILL_NS;	/* limits nothing; never 0 */
	if (b) {
		v->max_tokens = b->max_tokens;
		v->tokens_per_fill = b->tokens_per_fill ? b->tokens_per_fill : 1;
		v->fill_ns = (__u64)b->fill_interval->seconds * 1000000000ULL +
			     (__u64)b->fill_interval->nanos;
	}
	return (__u32)c->n_ratelimits;
}

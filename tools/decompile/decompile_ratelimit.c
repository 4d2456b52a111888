// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Decompiling rate limits, see decompile_int.h. A record says what owns
 * it (a filter, or a route config, virtual host or route, whose
 * decompiler asks for it here); the routes' resolved km_route.rl is
 * what compiling those back gives again. */
#include <stdlib.h>

#include "decompile_int.h"

void drate_limits_index(struct dctx *x)
{
	const struct kmesh_compiled *c = x->c;
	size_t i;

	x->rl_rc = dalloc(x, c->n_route_configs, sizeof(*x->rl_rc));
	x->rl_vhost = dalloc(x, c->n_vhosts, sizeof(*x->rl_vhost));
	x->rl_route = dalloc(x, c->n_routes, sizeof(*x->rl_route));
	if (x->oom)
		return;
	for (i = 0; i < c->n_ratelimits; i++) {
		const struct km_ratelimit *v = &c->ratelimits[i];

		/* kmesh_decompile_check() has seen the owners in range */
		if (v->owner == KM_RL_ROUTE_CONFIG)
			x->rl_rc[v->owner_id] = (__u32)i + 1;
		else if (v->owner == KM_RL_VHOST)
			x->rl_vhost[v->owner_id] = (__u32)i + 1;
		else if (v->owner == KM_RL_ROUTE)
			x->rl_route[v->owner_id] = (__u32)i + 1;
	}
}

void drate_limits_free(struct dctx *x)
{
	free(x->rl_rc);
	free(x->rl_vhost);
	free(x->rl_route);
}

Kmesh__LocalRateLimit *drate_limit(struct dctx *x, __u32 rl)
{
	const struct km_ratelimit *v;
	Kmesh__LocalRateLimit *m;
	Kmesh__TokenBucket *b;

	if (!rl)
		return NULL;
	v = &x->c->ratelimits[rl - 1];
	m = dnew_msg(x, &kmesh__local_rate_limit__descriptor);
	if (!m || !v->max_tokens)
		return m;
	b = m->token_bucket = dnew_msg(x, &kmesh__token_bucket__descriptor);
	if (!b)
		return m;
	b->max_tokens = v->max_tokens;
	b->tokens_per_fill = v->tokens_per_fill == 1 ? 0 : v->tokens_per_fill;
	b->fill_interval = dnew_msg(x, &google__protobuf__duration__descriptor);
	if (b->fill_interval) {
		b->fill_interval->seconds = (int64_t)(v->fill_ns / 1000000000ULL);
		b->fill_interval->nanos = (int32_t)(v->fill_ns % 1000000000ULL);
	}
	return m;
}

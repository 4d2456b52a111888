// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmesh local rate limits -> Envoy, see envoy_export_int.h: configs
 * Envoy takes (a stat_prefix, which kmesh does not keep; a token bucket
 * where Envoy requires one) that import back to the same kmesh ones. A
 * rate limit that limits nothing is a disabled filter: runtime_enabled
 * false for the network filter, filter_enabled unset (0%) for the HTTP
 * one, each with a token bucket of one token if Envoy needs one.
 */
#include "envoy_export_int.h"

#define NET_STAT_PREFIX		"local_rate_limit"
#define HTTP_STAT_PREFIX	"http_local_rate_limiter"
#define DISABLED_KEY		"kmesh.local_ratelimit_disabled"

static ETokenBucket *bucket(struct exp *x, const Kmesh__TokenBucket *k)
{
	ETokenBucket *b = exp_new(x, &envoy__type__v3__token_bucket__descriptor);

	if (!b)
		return NULL;
	b->fill_interval = exp_new(x, &google__protobuf__duration__descriptor);
	if (!k) {	/* a placeholder for Envoy: one token a second */
		b->max_tokens = 1;
		if (b->fill_interval)
			b->fill_interval->seconds = 1;
		return b;
	}
	b->max_tokens = k->max_tokens;
	if (k->tokens_per_fill > 1)
		b->tokens_per_fill = exp_u32(x, k->tokens_per_fill);
	if (b->fill_interval && k->fill_interval) {
		b->fill_interval->seconds = k->fill_interval->seconds;
		b->fill_interval->nanos = k->fill_interval->nanos;
	}
	return b;
}

ProtobufCMessage *exp_net_rate_limit(struct exp *x, const Kmesh__LocalRateLimit *k)
{
	ENetRateLimit *r = exp_new(x, &envoy__extensions__filters__network__local_ratelimit__v3__local_rate_limit__descriptor);
	Envoy__Config__Core__V3__RuntimeFeatureFlag *on;

	if (!r)
		return NULL;
	r->stat_prefix = exp_str(x, NET_STAT_PREFIX);
	r->token_bucket = bucket(x, k->token_bucket);
	if (k->token_bucket)
		return &r->base;
	on = r->runtime_enabled = exp_new(x, &envoy__config__core__v3__runtime_feature_flag__descriptor);
	if (on) {
		on->runtime_key = exp_str(x, DISABLED_KEY);
		on->default_value = exp_new(x, &google__protobuf__bool_value__descriptor);
	}
	return &r->base;
}

/* 100%, for filter_enabled and filter_enforced. */
static ERuntimePercent *all(struct exp *x)
{
	ERuntimePercent *r = exp_new(x, &envoy__config__core__v3__runtime_fractional_percent__descriptor);

	if (!r)
		return NULL;
	r->default_value = exp_new(x, &envoy__type__v3__fractional_percent__descriptor);
	if (r->default_value)
		r->default_value->numerator = 100;
	return r;
}

/* The HTTP filter's config (per_route: a typed_per_filter_config's). */
static ProtobufCMessage *http(struct exp *x, const Kmesh__LocalRateLimit *k,
			      bool per_route)
{
	EHttpRateLimit *r = exp_new(x, &envoy__extensions__filters__http__local_ratelimit__v3__local_rate_limit__descriptor);

	if (!r)
		return NULL;
	r->stat_prefix = exp_str(x, HTTP_STAT_PREFIX);
	if (k->token_bucket || per_route)
		r->token_bucket = bucket(x, k->token_bucket);
	if (k->token_bucket) {
		r->filter_enabled = all(x);
		r->filter_enforced = all(x);
	}
	return &r->base;
}

EHttpFilter *exp_http_rate_limit(struct exp *x, const Kmesh__LocalRateLimit *k)
{
	EHttpFilter *f = exp_new(x, &envoy__extensions__filters__network__http_connection_manager__v3__http_filter__descriptor);

	if (!f)
		return NULL;
	f->name = exp_str(x, ENVOY_HTTP_RATE_LIMIT);
	f->typed_config = exp_any(x, http(x, k, false));
	if (f->typed_config)
		f->config_type_case = ENVOY__EXTENSIONS__FILTERS__NETWORK__HTTP_CONNECTION_MANAGER__V3__HTTP_FILTER__CONFIG_TYPE_TYPED_CONFIG;
	return f;
}

void *exp_per_filter(struct exp *x, const ProtobufCMessageDescriptor *entry,
		     const Kmesh__LocalRateLimit *k, size_t *n)
{
	ProtobufCMessage **v;
	char *e;

	*n = 0;
	if (!k)
		return NULL;
	v = exp_array(x, 1, n);
	if (!v)
		return NULL;
	e = exp_new(x, entry);
	v[0] = (ProtobufCMessage *)e;
	if (!e) {
		*n = 0;
		return v;
	}
	*(char **)(e + entry->fields[0].offset) = exp_str(x, ENVOY_HTTP_RATE_LIMIT);
	*(EAny **)(e + entry->fields[1].offset) = exp_any(x, http(x, k, true));
	return v;
}

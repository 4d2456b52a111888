// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Envoy's local rate limits -> kmesh.LocalRateLimit, see
 * envoy_import_int.h. kmesh enforces the token bucket of a filter that
 * is enabled, or limits nothing; what Envoy would do in between (a
 * fraction of the connections, shadow mode counting without refusing)
 * is refused, naming the field. Fields of no effect or not implemented
 * are the policy's (envoy_policy.c).
 */
#include <inttypes.h>
#include <string.h>

#include "envoy_import_int.h"
#include "pbyaml/pbfield.h"
#include "pbyaml/pbwkt.h"

#define PF(x) ENVOY__TYPE__V3__FRACTIONAL_PERCENT__DENOMINATOR_TYPE__##x

/* The token bucket (validated as kmesh's: max_tokens, fill_interval). */
static Kmesh__TokenBucket *bucket(struct imp *x, const ETokenBucket *b)
{
	Kmesh__TokenBucket *k = imp_new(x, &kmesh__token_bucket__descriptor);

	if (!k)
		return NULL;
	k->max_tokens = b->max_tokens;
	if (b->tokens_per_fill) {
		k->tokens_per_fill = b->tokens_per_fill->value;
		if (!k->tokens_per_fill)
			imp_err(x, "token_bucket.tokens_per_fill",
				"must be > 0 (unset: 1)");
	}
	if (!b->fill_interval) {
		imp_err(x, "token_bucket.fill_interval", "required");
		return k;
	}
	k->fill_interval = imp_new(x, &google__protobuf__duration__descriptor);
	if (k->fill_interval) {
		k->fill_interval->seconds = b->fill_interval->seconds;
		k->fill_interval->nanos = b->fill_interval->nanos;
	}
	return k;
}

/* The bucket of a disabled filter: not used, but checked as Envoy
 * would (kmesh's validation never sees it). */
static void check_bucket(struct imp *x, const ETokenBucket *b)
{
	Kmesh__TokenBucket *k = bucket(x, b);

	if (!b->max_tokens)
		imp_err(x, "token_bucket.max_tokens", "must be > 0");
	if (k)
		kmesh__token_bucket__free_unpacked(k, NULL);
}

/* A RuntimeFractionalPercent's default as a percentage (NULL: 0, as
 * Envoy's "defaults to 0% of requests for safety"); -1 for one of
 * neither 0% nor 100%, reported naming field. */
static int percent(struct imp *x, const char *field, const ERuntimePercent *r)
{
	static const uint64_t whole[] = {
		[PF(HUNDRED)] = 100, [PF(TEN_THOUSAND)] = 10000,
		[PF(MILLION)] = 1000000,
	};
	const EPercent *p = r ? r->default_value : NULL;
	uint64_t den;

	if (!p || !p->numerator)
		return 0;
	den = (unsigned)p->denominator < sizeof(whole) / sizeof(whole[0]) ?
	      whole[p->denominator] : 0;
	if (den && p->numerator >= den)
		return 100;	/* Envoy caps a numerator over the whole */
	imp_err(x, field, "%" PRIu32 " of %" PRIu64 " is not supported: kmesh enforces a rate limit for all connections (100%%) or none (0%%)",
		p->numerator, den);
	return -1;
}

Kmesh__LocalRateLimit *imp_net_rate_limit(struct imp *x, const ENetRateLimit *r)
{
	Kmesh__LocalRateLimit *k = imp_new(x, &kmesh__local_rate_limit__descriptor);
	const EBool *on;

	if (!k)
		return NULL;
	if (!r->token_bucket) {
		imp_err(x, "token_bucket", "required");
		return k;
	}
	/* Envoy: enabled unless runtime_enabled's default says false; its
	 * bucket is checked all the same */
	on = r->runtime_enabled ? r->runtime_enabled->default_value : NULL;
	if (on && !on->value) {
		check_bucket(x, r->token_bucket);
		return k;
	}
	k->token_bucket = bucket(x, r->token_bucket);
	imp_map(x, "token_bucket", "token_bucket");
	return k;
}

Kmesh__LocalRateLimit *imp_http_rate_limit(struct imp *x,
					   const EHttpRateLimit *r,
					   bool per_route)
{
	Kmesh__LocalRateLimit *k = imp_new(x, &kmesh__local_rate_limit__descriptor);
	int enabled, enforced;

	if (!k)
		return NULL;
	if (per_route && !r->token_bucket)
		imp_err(x, "token_bucket", "required in a per-route config (as in Envoy)");
	enabled = percent(x, "filter_enabled", r->filter_enabled);
	if (enabled <= 0) {	/* 0%: the filter does nothing */
		if (r->token_bucket)
			check_bucket(x, r->token_bucket);
		return k;
	}
	enforced = percent(x, "filter_enforced", r->filter_enforced);
	if (enforced == 0)
		imp_err(x, "filter_enforced", "0%% (unset) is not supported: kmesh refuses what it rate limits, it does not only count it");
	if (enforced <= 0 || !r->token_bucket)
		return k;
	k->token_bucket = bucket(x, r->token_bucket);
	imp_map(x, "token_bucket", "token_bucket");
	return k;
}

/* The key and value of a map<string, Any> entry. */
static void entry(const ProtobufCMessage *e, const char **key,
		  const EAny **value)
{
	const ProtobufCMessageDescriptor *md = e->descriptor;

	*key = *(char *const *)((const char *)e + md->fields[0].offset);
	*value = *(const EAny *const *)((const char *)e + md->fields[1].offset);
}

Kmesh__LocalRateLimit *imp_per_filter(struct imp *x,
				      ProtobufCMessage *const *entries,
				      size_t n)
{
	Kmesh__LocalRateLimit *k = NULL;
	const ProtobufCMessageDescriptor *td;
	ProtobufCMessage *inner;
	const EAny *value;
	const char *key;
	size_t i, mark, km;

	for (i = 0; i < n; i++) {
		entry(entries[i], &key, &value);
		if (!value)
			continue;
		mark = path_field(&x->path, "typed_per_filter_config");
		path_key(&x->path, key ? key : "");
		inner = pbwkt_unpack(&value->base, &td);
		if (!inner) {
			/* unknown or broken: reported by the policy */
		} else if (td != &envoy__extensions__filters__http__local_ratelimit__v3__local_rate_limit__descriptor) {
			imp_err(x, NULL, "a per-filter config of %s: kmesh runs no such HTTP filter (only %s)",
				td->name, ENVOY_HTTP_RATE_LIMIT);
		} else if (!key || strcmp(key, ENVOY_HTTP_RATE_LIMIT)) {
			imp_err(x, NULL, "kmesh takes the per-route local rate limit under the name of its HTTP filter, %s",
				ENVOY_HTTP_RATE_LIMIT);
		} else {
			km = path_field(&x->kp, "local_ratelimit");
			imp_map(x, NULL, NULL);
			k = imp_http_rate_limit(x, (const EHttpRateLimit *)inner,
						true);
			path_pop(&x->kp, km);
		}
		if (inner)
			protobuf_c_message_free_unpacked(inner, NULL);
		path_pop(&x->path, mark);
	}
	return k;
}

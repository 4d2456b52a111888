// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP stage (sock_ops, deferred-connect callback only): copy the first
 * bytes the application sent (up to 4096, what the callback exposes as
 * skb_data) into the socket's km_http, parse them as an HTTP/1.x request
 * head and tail-call the route stage.
 *
 * The parser is lib/http_parse.h (shared with the host tests, which run
 * it on every request shape and against Python's h11); what it accepts
 * and refuses is listed there. A refusal makes the first send fail with
 * ECONNREFUSED and counts on the listener, as Envoy answers 400/431/501
 * where we cannot answer; so does a head that does not end within the
 * first send or its first 4096 bytes (a request split over several
 * sends, or oversize headers).
 */
#include "http.h"

static __always_inline int km_http(void *ctx, int hook)
{
	struct bpf_sock_ops *skops = ctx;
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;
	struct km_http *h;
	void *data, *end;
	__u32 i;

	if (!sk)
		return km_refuse(ctx, hook);
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return km_refuse(ctx, hook);
	h = bpf_sk_storage_get(&km_sk_http, sk, 0,
			       BPF_SK_STORAGE_GET_F_CREATE);
	if (!h)
		goto refuse;
	__builtin_memset(h, 0, KM_HTTP_STATE_SIZE);
	data = (void *)(long)skops->skb_data;
	end = (void *)(long)skops->skb_data_end;
	for (i = 0; i < KM_HTTP_BUF; i++) {
		if (data + i + 1 > end)
			break;
		h->buf[i] = *(__u8 *)(data + i);
	}
	h->len = i;
	if (km_http_parse(h) != KM_HTTP_OK)
		goto refuse;
	km_next(ctx, hook, KM_STAGE_ROUTE);
refuse:
	return km_http_done(ctx, sk, st);
}

KM_STAGE_OPS(km_http, km_http)

char _license[] SEC("license") = "GPL";

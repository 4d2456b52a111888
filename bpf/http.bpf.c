// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP stage (sock_ops, deferred-connect callback only): parse the bytes
 * the application sent (bpf_sock_ops_defer_data(), a read-only dynptr of
 * the bytes held from earlier sends and the start of this one, at most
 * TCP_BPF_DEFER_CONNECT_WINDOW = KM_HTTP_WINDOW, 16384) as an HTTP/1.x
 * request head, straight from the dynptr (lib/bytes.h: no copy but a
 * 256-byte cache in the socket's km_http), and tail-call the route
 * stage, which reads the same bytes the same way.
 *
 * A head that has not ended yet is asked more of
 * (TCP_BPF_DEFER_CONNECT_MORE): the send succeeds, the kernel holds it,
 * and the chain runs again at the next send with the longer window,
 * parsed again from its start, so a head written in several sends is
 * routed like the same head in one.
 *
 * The parser is lib/http_parse.h (shared with the host tests, which run
 * it on every request shape and against Python's h11); what it accepts
 * and refuses is listed there. A refusal makes the send fail with
 * ECONNREFUSED and counts on the listener, as Envoy answers 400/431/501
 * where we cannot answer; so does a head that does not end within the
 * window (KM_HTTP_WINDOW bytes), or before the application reads, shuts
 * down or polls without sending more.
 */
#define KM_HTTP_DEFINE_READS	/* km_refill(), km_byte_once(): here */
#include "http.h"

static __always_inline int km_http(void *ctx, int hook)
{
	struct bpf_sock_ops *skops = ctx;
	struct bpf_sock *sk = skops->sk;
	struct km_state *st;
	struct bpf_dynptr d;
	struct km_http *h;
	__u32 len, status;
	int one = 1;

	if (!sk)
		return km_refuse(ctx, hook);
	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st)
		return km_refuse(ctx, hook);
	h = bpf_sk_storage_get(&km_sk_http, sk, 0,
			       BPF_SK_STORAGE_GET_F_CREATE);
	if (!h)
		goto refuse;
	if (bpf_sock_ops_defer_data(bpf_cast_to_kern_ctx(skops), 0, &d))
		goto refuse;	/* nothing sent: a read or poll came first */
	len = bpf_dynptr_size(&d);
	km_http_init(h, len);	/* at most KM_HTTP_WINDOW of it */
	status = km_http_parse(h, skops);
	if (status == KM_HTTP_TRUNCATED && len < KM_HTTP_WINDOW &&
	    !bpf_setsockopt(ctx, KM_SOL_TCP, TCP_BPF_DEFER_CONNECT_MORE,
			    &one, sizeof(one)))
		return 0;	/* held; asked again at the next send */
	if (status != KM_HTTP_OK)
		goto refuse;
	km_next(ctx, hook, KM_STAGE_ROUTE);
refuse:
	return km_http_done(ctx, sk, st);
}

KM_STAGE_OPS(km_http, km_http)

char _license[] SEC("license") = "GPL";

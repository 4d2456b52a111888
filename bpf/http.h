/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP/1.1 request head of a deferred connection, parsed by the HTTP
 * stage (http.bpf.c) and matched by the route stage (route.bpf.c). It
 * lives in the socket's storage (km_sk_http) from the first send until
 * the route is chosen: private to the connection, so neither preemption
 * nor another connection can touch it between the tail calls.
 */
#ifndef KMESH_BPF_HTTP_H
#define KMESH_BPF_HTTP_H

#include "kmesh.h"

#define KM_HTTP_BUF		4096	/* TCP_BPF_DEFER_CONNECT_DATA_MAX */
#define KM_HTTP_MAX_HDRS	64	/* header fields in a request head */
#define KM_HOST_MAX		256	/* Host value, with any :port */

/* h->status */
enum km_http_status {
	KM_HTTP_PARSING = 0,
	KM_HTTP_OK = 1,		/* a complete, well-formed request head */
	KM_HTTP_BAD = 2,	/* malformed request line or header field */
	KM_HTTP_TRUNCATED = 3,	/* no end of head in the first send */
	KM_HTTP_TOO_MANY = 4,	/* more than KM_HTTP_MAX_HDRS fields */
	KM_HTTP_BAD_HOST = 5,	/* two Host fields, or Host too long */
};

struct km_hdr_ref {
	__u16 name_off;		/* in buf, lowercased in place */
	__u16 name_len;
	__u16 val_off;		/* without leading and trailing whitespace */
	__u16 val_len;
};

struct km_http {
	/* parser state and results (the 80 bytes up to host are zeroed for
	 * each request) */
	__u32 len;		/* bytes in buf */
	__u32 status;		/* enum km_http_status */
	__u32 state;
	__u32 after_lf;		/* state after the LF of a CR LF */
	__u32 mark;		/* start of the token being read */
	__u32 vend;		/* end of the value, trailing whitespace excluded */
	__u32 hname_off;
	__u32 hname_len;
	__u32 qseen;
	/* results */
	__u32 path_off;		/* request target, origin-form */
	__u32 path_len;		/* up to '?' (exact path match) */
	__u32 target_len;	/* with the query (prefix match) */
	__u32 n_hdrs;
	__u32 host_hdr;		/* index + 1 of the Host field, 0: none */
	__u32 host_len;
	/* scratch of the Host copy */
	__u32 hv_off, hv_len, colon, bracket;
	__u32 pad;
	__u8 host[KM_HOST_MAX];	/* lowercased, without :port */
	struct km_hdr_ref hdrs[KM_HTTP_MAX_HDRS];
	__u8 buf[KM_HTTP_BUF];	/* copy of the first bytes sent */
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct km_http);
} km_sk_http __weak SEC(".maps");

/*
 * End of an HTTP stage: the request head is no longer needed (routed, or
 * refused); a refusal is counted on the listener. Returns the verdict.
 */
static __always_inline int km_http_done(void *ctx, struct bpf_sock *sk,
					struct km_state *st)
{
	bpf_sk_storage_delete(&km_sk_http, sk);
	km_count(&km_listener_counters, st->gen, st->listener_id, 1);
	return km_refuse(ctx, KM_OPS);
}

_Static_assert(__builtin_offsetof(struct km_http, host) == 80,
	       "the HTTP stage zeroes the 80 bytes before host");

#endif

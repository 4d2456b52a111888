/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP/1.1 request head of a deferred connection (struct km_http,
 * lib/http_parse.h), parsed by the HTTP stage (http.bpf.c) and matched
 * by the route stage (route.bpf.c). It lives in the socket's storage
 * (km_sk_http) from the first send until the route is chosen: private to
 * the connection, so neither preemption nor another connection can touch
 * it between the tail calls. It holds what the parse found (offsets into
 * the bytes sent, the fields' references) and a 256-byte cache of those
 * bytes, not the bytes: both stages read them from the kernel's held
 * window, the read-only dynptr of bpf_sock_ops_defer_data() (declared in
 * lib/bytes.h), opened from the program's context at each read.
 */
#ifndef KMESH_BPF_HTTP_H
#define KMESH_BPF_HTTP_H

#include "kmesh.h"
#include "lib/http_parse.h"

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

#endif

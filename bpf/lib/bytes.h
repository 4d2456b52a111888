/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bytes the application sent, as the parser and the route matcher
 * (lib/http_parse.h, lib/route_match.h) read them: a byte source,
 * km_src_t, and one way to read it, km_src_read() (the semantics of
 * bpf_dynptr_read(): all n bytes at off, or an error and nothing).
 *
 *   BPF	the program's context, the struct bpf_sock_ops of the
 *		deferred-connect callback: each read opens the held bytes
 *		(bpf_sock_ops_defer_data(), a read-only LOCAL dynptr of at
 *		most TCP_BPF_DEFER_CONNECT_WINDOW bytes) and copies from
 *		them with bpf_dynptr_read();
 *   host	a pointer to const bytes and their length: nothing the
 *		parser or matcher does can write them.
 *
 * Why the context and not a pointer to the stage's dynptr: inside a
 * global subprogram (KM_SUBPROG) a dynptr argument is a
 * CONST_PTR_TO_DYNPTR register, which the verifier does not spill
 * (is_spillable_regtype()): stored into a bpf_loop() callback's context
 * struct, as the matchers pass their state, or spilled by clang, it
 * would come back an unknown scalar. The context pointer spills, is a
 * global subprogram argument of its own (PTR_TO_CTX, by its type name),
 * and the dynptr then lives only in the frame that reads from it.
 */
#ifndef KMESH_BPF_LIB_BYTES_H
#define KMESH_BPF_LIB_BYTES_H

#include "compat.h"

#if defined(__BPF__) || defined(__bpf__)

/* BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB: the bytes sent, a read-only dynptr */
extern int bpf_sock_ops_defer_data(struct bpf_sock_ops_kern *skops,
				   __u64 flags,
				   struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_cast_to_kern_ctx(void *obj) __ksym;
extern __u32 bpf_dynptr_size(const struct bpf_dynptr *ptr) __ksym;

typedef struct bpf_sock_ops km_src_t;

KM_INLINE long km_src_read(void *dst, __u32 n, const km_src_t *s, __u32 off)
{
	struct bpf_dynptr d;

	if (bpf_sock_ops_defer_data(bpf_cast_to_kern_ctx((void *)s), 0, &d))
		return -1;
	return bpf_dynptr_read(dst, n, &d, off, 0);
}

#else

#include <string.h>

struct km_src {
	const __u8 *p;
	__u32 len;
};

typedef struct km_src km_src_t;

/* Reads of a source so far, for tests of what parsing and matching cost. */
static __u32 km_src_reads __attribute__((unused));

KM_INLINE long km_src_read(void *dst, __u32 n, const km_src_t *s, __u32 off)
{
	km_src_reads++;
	if (off > s->len || n > s->len - off)
		return -1;
	memcpy(dst, s->p + off, n);
	return 0;
}

#endif

#endif

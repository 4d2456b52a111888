/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lets the pure parts of the data plane (the headers of bpf/lib/:
 * the HTTP parser, the route and filter chain matchers) build from one
 * source into the BPF stages and into the host tests (bpf/tests/):
 *
 *   KM_INLINE	a helper inlined into its caller;
 *   KM_SUBPROG	a function the verifier checks once, whatever the number
 *		of call sites (a global BPF function: its pointer
 *		arguments may be NULL, so it checks them); static inline on
 *		the host. Include a header that defines one from a single
 *		.bpf.c only, or the stages' link would see it twice;
 *   km_loop(n, fn, ctx)  call fn(i, ctx) for i = 0, 1, ... n - 1 until it
 *		returns non-zero: bpf_loop() in BPF (the verifier checks fn
 *		once), a plain loop on the host. Returns the calls made.
 *
 * In BPF the includer has included vmlinux.h and bpf_helpers.h first.
 * (checkpatch asks for parentheses around KM_INLINE and KM_SUBPROG:
 * they hold a storage class, which parentheses would break.)
 */
#ifndef KMESH_BPF_LIB_COMPAT_H
#define KMESH_BPF_LIB_COMPAT_H

#if defined(__BPF__) || defined(__bpf__)

#define KM_INLINE	static __always_inline
#define KM_SUBPROG	__noinline
#define km_loop(n, fn, ctx)	(bpf_loop((n), (fn), (ctx), 0))

#else

#include <linux/types.h>

#define KM_INLINE	static inline
#define KM_SUBPROG	static inline
/* as bpf_helpers.h: keeps the compiler from dropping a bound on var */
#define barrier_var(var)	__asm__ __volatile__("" : "+r"(var))

static inline long km_loop(__u32 n, long (*fn)(__u32, void *), void *ctx)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (fn(i, ctx))
			return i + 1;
	return n;
}

#endif

KM_INLINE __u8 km_lower(__u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#endif

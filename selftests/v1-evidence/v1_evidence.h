/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by v1_evidence.bpf.c and v1_evidence.c. */
#ifndef V1_EVIDENCE_H
#define V1_EVIDENCE_H

#include <linux/types.h>

/* What the deciding program does in the deferred-connect callback */
enum ev_action {
	EV_KEEP,	/* nothing: connect to the original destination */
	EV_REWRITE,	/* TCP_BPF_DEFER_CONNECT_ADDR to new_addr:new_port */
};

struct ev_cfg {
	__u16 port;		/* connects to this port get bpf_defer (host order) */
	__u16 new_port;		/* EV_REWRITE port (host order) */
	__u32 action;
	__u32 new_family;	/* AF_INET: new_addr[0..3]; AF_INET6: all 16 */
	__u8 new_addr[16];
	__u32 new_scope_id;	/* sin6_scope_id */
	__u32 new_flowinfo;	/* sin6_flowinfo (host order) */
};

struct ev_result {
	__u32 connect_runs;	/* connect4/connect6 for cfg.port */
	__s32 set_ret;		/* their bpf_setsockopt(TCP_ULP, "bpf_defer") */
	__u32 cb_runs;		/* deferred-connect callbacks seen by the decider */
	__u32 cb_len;		/* args[1] of the last one */
	__s32 cb_set_ret;	/* bpf_setsockopt(TCP_BPF_DEFER_CONNECT_ADDR) */
	__u32 neighbour_runs;	/* runs of the samples/bpf-style neighbour */
};

#endif

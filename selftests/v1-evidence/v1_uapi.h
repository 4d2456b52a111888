/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The uapi of v1 of the series (patches at 06e7dfa^), which the system's
 * <linux/bpf.h> does not have.  v2 renumbered all of it (callback 21,
 * optnames 1011-1014) because these values collide with mainline.
 */
#ifndef V1_UAPI_H
#define V1_UAPI_H

/* v1 0004: appended after BPF_SOCK_OPS_WRITE_HDR_OPT_CB (15) of 6.12;
 * mainline's BPF_SOCK_OPS_TSTAMP_SCHED_CB.  Sent to every sock_ops
 * program; a program returning 0 or setting reply refuses the connect.
 */
#define V1_BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB	16

/* v1 0004: bpf_setsockopt(SOL_TCP) in that callback only, with a struct
 * sockaddr_in or sockaddr_in6; mainline's SK_BPF_CB_FLAGS.
 */
#define V1_TCP_BPF_DEFER_CONNECT_ADDR		1009

/* v1 0002/0005: attached with bpf_setsockopt(SOL_TCP, TCP_ULP) from a
 * cgroup connect4/connect6 program (or sock_ops); tristate, built as a
 * module by v1's kernel-config/base.config.
 */
#define V1_TCP_ULP				31
#define V1_ULP_NAME				"bpf_defer"
#define V1_ULP_MODULE				"tcp_bpf_defer"

#endif

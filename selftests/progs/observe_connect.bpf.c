// SPDX-License-Identifier: GPL-2.0
/* Count active TCP connects per destination port, as seen by sock_ops. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);	/* remote port, host order */
	__type(value, __u64);	/* connects seen */
} connects SEC(".maps");

SEC("sockops")
int observe_connect(struct bpf_sock_ops *skops)
{
	__u32 port;
	__u64 one = 1, *n;

	if (skops->op != BPF_SOCK_OPS_TCP_CONNECT_CB)
		return 1;
	port = bpf_ntohl(skops->remote_port) & 0xffff;
	n = bpf_map_lookup_elem(&connects, &port);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&connects, &port, &one, BPF_NOEXIST);
	return 1;
}

char _license[] SEC("license") = "GPL";

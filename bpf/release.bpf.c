// SPDX-License-Identifier: GPL-2.0
/*
 * Socket release: give back the connection slot a routed socket holds in
 * its cluster's open-connection count (circuit_breakers.max_connections).
 * Attached to the same cgroup as the connect programs.
 */
#include "kmesh.h"

SEC("cgroup/sock_release")
int km_release(struct bpf_sock *sk)
{
	struct km_state *st;
	struct km_key k;
	__u64 *open;

	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (!st || !st->counted)
		return 1;
	k.gen = st->counted_gen;
	k.id = st->counted_cluster;
	open = bpf_map_lookup_elem(&km_cluster_active, &k);
	if (open)
		__sync_fetch_and_add(open, -1);
	st->counted = 0;
	return 1;
}

char _license[] SEC("license") = "GPL";

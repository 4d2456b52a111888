// SPDX-License-Identifier: GPL-2.0
/*
 * Socket release: give back the slots a routed socket holds (its
 * cluster's open connections for circuit_breakers.max_connections, its
 * endpoint's live connections for LEAST_REQUEST) if the sock_ops state
 * callback has not already. Attached to the same cgroup as the connect
 * programs.
 */
#include "kmesh.h"

SEC("cgroup/sock_release")
int km_release(struct bpf_sock *sk)
{
	struct km_state *st;

	st = bpf_sk_storage_get(&km_sk_state, sk, 0, 0);
	if (st)
		km_put_slots(st);
	return 1;
}

char _license[] SEC("license") = "GPL";

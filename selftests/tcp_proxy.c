// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The L4 slice of the governance chain end to end: `kmeshctl load` attaches
 * the data plane (bpf/) to a cgroup, `kmeshctl apply` activates a config,
 * and TCP connects from inside the cgroup to a listener's address are
 * routed at connect() to the cluster's endpoints: round robin, IPv4 and
 * IPv6, untouched without a listener, max_connections refusing with
 * ECONNREFUSED, and a second apply switching generations.
 * kmeshctl is the one selftests/Makefile builds next to this binary (with
 * the BPF commands, against the same kernel), or $KMESHCTL.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "kselftest_harness.h"
#include "lib/backend.h"
#include "lib/testutil.h"

#define N_SRV 3

static const char config1[] =
	"listeners:\n"
	"- name: db4\n"
	"  address: {address: 0.0.0.0, port_value: 3306}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.tcp_proxy\n"
	"      tcp_proxy: {stat_prefix: db4, cluster: db}\n"
	"- name: db6\n"
	"  address: {address: '::', port_value: 3306}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.tcp_proxy\n"
	"      tcp_proxy: {stat_prefix: db6, cluster: db}\n"
	"- name: limited\n"
	"  address: {address: 127.0.0.1, port_value: 3307}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.tcp_proxy\n"
	"      tcp_proxy: {stat_prefix: limited, cluster: limited}\n"
	/* filter chains in Envoy's findFilterChain order: the port first */
	"- name: port-first\n"
	"  address: {address: 0.0.0.0, port_value: 3310}\n"
	"  filter_chains:\n"
	"  - filter_chain_match:\n"
	"      prefix_ranges: [{address_prefix: 127.0.0.1, prefix_len: 32}]\n"
	"    filters: [{tcp_proxy: {cluster: db}}]\n"
	"  - filter_chain_match:\n"
	"      destination_port: 3310\n"
	"      prefix_ranges: [{address_prefix: 127.0.0.0, prefix_len: 8}]\n"
	"    filters: [{tcp_proxy: {cluster: to3}}]\n"
	"- name: no-fall-back\n"
	"  address: {address: 0.0.0.0, port_value: 3309}\n"
	"  filter_chains:\n"
	"  - filters: [{tcp_proxy: {cluster: db}}]\n"
	"  - filter_chain_match:\n"
	"      destination_port: 3309\n"
	"      prefix_ranges: [{address_prefix: 10.0.0.0, prefix_len: 8}]\n"
	"    filters: [{tcp_proxy: {cluster: db}}]\n"
	"clusters:\n"
	"- name: to3\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8003}\n"
	"- name: db\n"
	"  lb_policy: ROUND_ROBIN\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8001}\n"
	"  - address: {address: 127.0.0.1, port_value: 8002}\n"
	"- name: limited\n"
	"  circuit_breakers: {max_connections: 2}\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8001}\n";

/* Generation 2: 3306 goes to 8002 only. */
static const char config2[] =
	"listeners:\n"
	"- name: db4\n"
	"  address: {address: 0.0.0.0, port_value: 3306}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.tcp_proxy\n"
	"      tcp_proxy: {stat_prefix: db4, cluster: only2}\n"
	"clusters:\n"
	"- name: only2\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8002}\n";

static struct tu_mesh mesh;

FIXTURE(proxy) {
	char cfg1[64], cfg2[64];
	int srv[N_SRV];
};

FIXTURE_SETUP(proxy)
{
	memset(self->srv, -1, sizeof(self->srv));	/* no fds yet */
	ASSERT_TRUE(mesh.loaded);
	ASSERT_EQ(0, tu_new_netns());
	ASSERT_EQ(0, tu_tmp_config(self->cfg1, sizeof(self->cfg1), "tp1", config1));
	ASSERT_EQ(0, tu_tmp_config(self->cfg2, sizeof(self->cfg2), "tp2", config2));
	ASSERT_EQ(0, tu_tcp_listen_n("127.0.0.1", 8001, N_SRV, self->srv));
	/* loading again is harmless */
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "load", "--cgroup", mesh.cg));
	ASSERT_EQ(0, tu_mesh_enter(&mesh, self->cfg1));
}

FIXTURE_TEARDOWN(proxy)
{
	tu_close_all(self->srv, N_SRV);
	unlink(self->cfg1);
	unlink(self->cfg2);
}

/* n connects to addr:3306 alternate between 8001 and 8002, n/2 each. */
static void expect_round_robin(struct __test_metadata *_metadata, int *srv,
			       const char *addr, int n)
{
	int i, who, prev = -1, seen[N_SRV] = {};

	for (i = 0; i < n; i++) {
		who = tu_route(srv, N_SRV, addr, 3306);
		ASSERT_LE(0, who);
		ASSERT_GT(2, who);	/* 8001 or 8002, never 8003 */
		if (prev >= 0)
			EXPECT_NE(prev, who);
		prev = who;
		seen[who]++;
	}
	EXPECT_EQ(n / 2, seen[0]);
	EXPECT_EQ(n / 2, seen[1]);
}

TEST_F_TIMEOUT(proxy, round_robin_v4, 300)
{
	expect_round_robin(_metadata, self->srv, "127.0.0.1", 8);
}

TEST_F_TIMEOUT(proxy, round_robin_v6, 300)
{
	expect_round_robin(_metadata, self->srv, "::1", 6);
}

TEST_F_TIMEOUT(proxy, no_listener_untouched, 300)
{
	int i;

	/* 8003 has no listener: reaches 8003 itself, every time */
	for (i = 0; i < 3; i++)
		EXPECT_EQ(2, tu_route(self->srv, N_SRV, "127.0.0.1", 8003));
	/* a closed port without a listener stays closed */
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 3308));
}

TEST_F_TIMEOUT(proxy, filter_chain_port_first, 300)
{
	/* a chain naming the destination port wins over a longer prefix
	 * without one */
	EXPECT_EQ(2, tu_route(self->srv, N_SRV, "127.0.0.1", 3310));
	/* and shuts the chains without one out, even when its own prefix
	 * does not match: refused, as Envoy finds no chain */
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 3309));
}

TEST_F_TIMEOUT(proxy, max_connections, 300)
{
	int c1, c2, c3, c4;

	c1 = tu_tcp_connect("127.0.0.1", 3307);
	ASSERT_LE(0, c1);
	c2 = tu_tcp_connect("127.0.0.1", 3307);
	ASSERT_LE(0, c2);
	c3 = tu_tcp_connect("127.0.0.1", 3307);
	EXPECT_EQ(-ECONNREFUSED, c3);
	if (c3 >= 0)
		close(c3);
	close(c1);
	c4 = tu_tcp_connect("127.0.0.1", 3307);
	EXPECT_LE(0, c4);
	if (c4 >= 0)
		close(c4);
	close(c2);
	/* the refusal did not leak a slot: two at once work again */
	c1 = tu_tcp_connect("127.0.0.1", 3307);
	c2 = tu_tcp_connect("127.0.0.1", 3307);
	EXPECT_LE(0, c1);
	EXPECT_LE(0, c2);
	if (c1 >= 0)
		close(c1);
	if (c2 >= 0)
		close(c2);
}

TEST_F_TIMEOUT(proxy, apply_switches_generation, 300)
{
	int i;

	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->cfg2, NULL));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(1, tu_route(self->srv, N_SRV, "127.0.0.1", 3306));
	/* 3307 and [::]:3306 are gone with generation 1 */
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 3307));
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("::1", 3306));
	/* back to generation 3 = config1 */
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->cfg1, NULL));
	EXPECT_LE(0, tu_route(self->srv, N_SRV, "::1", 3306));
}

TEST_F_TIMEOUT(proxy, apply_invalid_keeps_config, 300)
{
	char bad[64], out[64], *msg;

	snprintf(out, sizeof(out), "/tmp/kmesh-bad-%d.out", getpid());
	ASSERT_EQ(0, tu_tmp_config(bad, sizeof(bad), "bad", "listeners:\n- name: x\n"));
	EXPECT_EQ(1, tu_kmeshctl_out(out, mesh.bpffs, "apply", bad, NULL));
	msg = tu_read_file(out);
	ASSERT_NE(NULL, msg);
	EXPECT_STREQ("listeners[0].address: must be set\n"
		     "listeners[0].filter_chains: at least one filter chain is required\n",
		     msg);
	free(msg);
	unlink(bad);
	unlink(out);
	EXPECT_LE(0, tu_route(self->srv, N_SRV, "127.0.0.1", 3306));
	EXPECT_EQ(3, tu_kmeshctl("/sys/fs/bpf/kmesh-none", "apply", self->cfg1, NULL));
}

/* A protocol where the server speaks first (MySQL, SMTP): routed at
 * connect(), the client reads the greeting before sending anything. */
TEST_F_TIMEOUT(proxy, server_first_protocol, 300)
{
	char buf[32] = {};
	int c, a = -1;

	c = tu_tcp_connect("127.0.0.1", 3306);
	ASSERT_LE(0, c);
	ASSERT_LE(0, tu_accepted(self->srv, N_SRV, &a));
	ASSERT_EQ(9, send(a, "220 hello", 9, 0));
	EXPECT_EQ(9, recv(c, buf, 9, MSG_WAITALL));
	EXPECT_STREQ("220 hello", buf);
	EXPECT_EQ(4, send(c, "QUIT", 4, 0));
	EXPECT_EQ(4, recv(a, buf, 4, MSG_WAITALL));
	close(a);
	close(c);
}

TU_MESH_MAIN(mesh, "proxy")

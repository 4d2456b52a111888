// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The data plane at the sizes the loader promises: 10 000 listeners and
 * 10 000 clusters, a route config of 10 000 virtual hosts (an exact
 * domain each: looked up by hash), 1024 routes in the last one, a
 * cluster of 1024 endpoints, a 253-byte domain and cluster name. Every endpoint is its own loopback address (127.x.y.z)
 * on port 8001, so the one server on 0.0.0.0:8001 tells by the accepted
 * socket's local address which endpoint a connection was routed to.
 * A config one endpoint over the limit is refused and the old one stays.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "kselftest_harness.h"
#include "lib/testutil.h"

#define N_LISTENERS	10000
#define N_CLUSTERS	10000
#define N_VHOSTS	10000	/* one route each, but */
#define N_LAST		1024	/* the last: KM_MAX_VHOST_ROUTES */
#define N_ENDPOINTS	1024
#define LPORT0		20000	/* listener i on 127.0.0.1:LPORT0 + i */

/* cluster i's endpoint, and endpoint j of cluster "big" */
static void cluster_addr(char *b, size_t n, int i)
{
	snprintf(b, n, "127.1.%d.%d", i / 200, i % 200 + 1);
}

static void big_addr(char *b, size_t n, int j)
{
	snprintf(b, n, "127.2.%d.%d", j / 200, j % 200 + 1);
}

static void long_name(char *b, char c)
{
	memset(b, c, 253);
	b[253] = 0;
}

/* The config as YAML, with n_big endpoints in cluster big. */
static char *gen_config(int n_big)
{
	size_t cap = 8 << 20, len = 0;
	char *y = malloc(cap), a[32], dom[254], cname[254];
	int i;

	if (!y)
		return NULL;
#define OUT(...) (len += snprintf(y + len, cap - len, __VA_ARGS__))
	long_name(dom, 'd');
	memcpy(dom + 249, ".com", 4);
	long_name(cname, 'c');
	OUT("listeners:\n"
	    "- name: web\n"
	    "  address: {address: 127.0.0.1, port_value: 80}\n"
	    "  filter_chains: [{filters: [{name: envoy.filters.network.http_connection_manager, http_connection_manager: {stat_prefix: web, route_config_name: web}}]}]\n");
	for (i = 0; i < N_LISTENERS - 1; i++)
		OUT("- name: l%d\n"
		    "  address: {address: 127.0.0.1, port_value: %d}\n"
		    "  filter_chains: [{filters: [{name: envoy.filters.network.tcp_proxy, tcp_proxy: {stat_prefix: l%d, cluster: c%d}}]}]\n",
		    i, LPORT0 + i, i, i);
	OUT("route_configs:\n- name: web\n  virtual_hosts:\n");
	for (i = 0; i < N_VHOSTS - 1; i++)
		OUT("  - {name: v%d, domains: [h%d.example], routes: [{match: {prefix: /}, route: {cluster: c%d}}]}\n",
		    i, i, i);
	OUT("  - name: last\n    domains: [%s]\n    routes:\n", dom);
	for (i = 0; i < N_LAST - 1; i++)
		OUT("    - {match: {prefix: /r%d/}, route: {cluster: c%d}}\n", i, i);
	OUT("    - {match: {prefix: /big/}, route: {cluster: %s}}\n", cname);
	OUT("clusters:\n");
	for (i = 0; i < N_CLUSTERS - 1; i++) {
		cluster_addr(a, sizeof(a), i);
		OUT("- {name: c%d, endpoints: [{address: {address: %s, port_value: 8001}}]}\n",
		    i, a);
	}
	OUT("- name: %s\n  endpoints:\n", cname);
	for (i = 0; i < n_big; i++) {
		big_addr(a, sizeof(a), i);
		OUT("  - {address: {address: %s, port_value: 8001}}\n", a);
	}
#undef OUT
	if (len >= cap) {
		free(y);
		return NULL;
	}
	return y;
}

/* Loaded once, with the big config applied once (see main()). */
static struct tu_mesh mesh;
static int applied;

FIXTURE(scale) {
	int srv;
};

FIXTURE_SETUP(scale)
{
	uint16_t port = 8001;

	self->srv = -1;
	ASSERT_TRUE(mesh.loaded);
	ASSERT_TRUE(applied);
	ASSERT_EQ(0, tu_new_netns());
	self->srv = tu_tcp_listen("0.0.0.0", &port);
	ASSERT_LE(0, self->srv);
	ASSERT_EQ(0, tu_cgroup_join(mesh.cg));
}

FIXTURE_TEARDOWN(scale)
{
	if (self->srv >= 0)
		close(self->srv);
}

/* Connect to 127.0.0.1:port, send req (if any); the local address the
 * server accepted the connection on, as text, or "" on failure. */
static void routed_to(int srv, uint16_t port, const char *req, char *out,
		      size_t n)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	struct pollfd p = { .fd = srv, .events = POLLIN };
	int c, s;

	out[0] = 0;
	c = tu_tcp_connect("127.0.0.1", port);
	if (c < 0)
		return;
	if (req && send(c, req, strlen(req), MSG_NOSIGNAL) < 0)
		goto out;
	if (poll(&p, 1, 5000) != 1)
		goto out;
	s = accept(srv, (struct sockaddr *)&a, &alen);
	if (s < 0)
		goto out;
	alen = sizeof(a);
	if (!getsockname(s, (struct sockaddr *)&a, &alen))
		inet_ntop(AF_INET, &a.sin_addr, out, n);
	close(s);
out:
	close(c);
}

TEST_F_TIMEOUT(scale, every_listener_and_cluster, 900)
{
	int probe[] = { 0, 1, 4999, N_LISTENERS - 2 }, i;
	char got[32], want[32];

	for (i = 0; i < (int)(sizeof(probe) / sizeof(probe[0])); i++) {
		routed_to(self->srv, LPORT0 + probe[i], NULL, got, sizeof(got));
		cluster_addr(want, sizeof(want), probe[i]);
		EXPECT_STREQ(want, got);
	}
}

TEST_F_TIMEOUT(scale, last_vhost_last_routes, 900)
{
	char req[512], got[32], want[32], dom[254];

	snprintf(req, sizeof(req), "GET /x HTTP/1.1\r\nHost: h%d.example\r\n\r\n",
		 N_VHOSTS - 2);
	routed_to(self->srv, 80, req, got, sizeof(got));
	cluster_addr(want, sizeof(want), N_VHOSTS - 2);
	EXPECT_STREQ(want, got);
	/* the middle of the table, the Host in capitals */
	snprintf(req, sizeof(req), "GET /x HTTP/1.1\r\nHost: H%d.EXAMPLE\r\n\r\n",
		 N_VHOSTS / 2);
	routed_to(self->srv, 80, req, got, sizeof(got));
	cluster_addr(want, sizeof(want), N_VHOSTS / 2);
	EXPECT_STREQ(want, got);
	/* no domain matches (there is no "*"): refused */
	routed_to(self->srv, 80, "GET /x HTTP/1.1\r\nHost: h1.example.x\r\n\r\n",
		  got, sizeof(got));
	EXPECT_STREQ("", got);
	/* the 253-byte domain, its last route but one */
	memset(dom, 'd', 253);
	memcpy(dom + 249, ".com", 4);
	dom[253] = 0;
	snprintf(req, sizeof(req), "GET /r%d/ HTTP/1.1\r\nHost: %s\r\n\r\n",
		 N_LAST - 2, dom);
	routed_to(self->srv, 80, req, got, sizeof(got));
	cluster_addr(want, sizeof(want), N_LAST - 2);
	EXPECT_STREQ(want, got);
}

TEST_F_TIMEOUT(scale, round_robin_over_1024_endpoints, 1800)
{
	char req[512], got[32], want[32], dom[254];
	int i, hits = 0;

	memset(dom, 'd', 253);
	memcpy(dom + 249, ".com", 4);
	dom[253] = 0;
	snprintf(req, sizeof(req), "GET /big/ HTTP/1.1\r\nHost: %s\r\n\r\n", dom);
	/* round robin of a cluster new to the data plane (its cursor at 0):
	 * connection i to endpoint i,
	 * so each of the 1024 exactly once */
	for (i = 0; i < N_ENDPOINTS; i++) {
		routed_to(self->srv, 80, req, got, sizeof(got));
		big_addr(want, sizeof(want), i);
		if (strcmp(want, got)) {
			TH_LOG("connection %d went to '%s', not %s", i, got, want);
			break;
		}
		hits++;
	}
	EXPECT_EQ(N_ENDPOINTS, hits);
}

TEST_F_TIMEOUT(scale, over_limit_refused_old_config_stays, 900)
{
	char bad[64], got[32], want[32], *y;

	snprintf(bad, sizeof(bad), "/tmp/kmesh-scale-bad-%d.yaml", getpid());
	y = gen_config(N_ENDPOINTS + 1);
	ASSERT_NE(NULL, y);
	ASSERT_EQ(0, tu_write_file(bad, y));
	free(y);
	EXPECT_EQ(1, tu_kmeshctl(mesh.bpffs, "apply", bad, NULL));
	unlink(bad);
	routed_to(self->srv, LPORT0 + 7, NULL, got, sizeof(got));
	cluster_addr(want, sizeof(want), 7);
	EXPECT_STREQ(want, got);
}

static void mesh_at_exit(void)
{
	tu_mesh_down(&mesh);
}

int main(int argc, char **argv)
{
	char cfg[64];
	char *y;

	if (!tu_mesh_up(&mesh, "scale")) {
		atexit(mesh_at_exit);
		snprintf(cfg, sizeof(cfg), "/tmp/kmesh-scale-%d.yaml", getpid());
		y = gen_config(N_ENDPOINTS);
		applied = y && !tu_write_file(cfg, y) &&
			  !tu_kmeshctl(mesh.bpffs, "apply", cfg, NULL);
		free(y);
		unlink(cfg);
	}
	return test_harness_run(argc, argv);
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Envoy's local rate limits, as Envoy YAML, end to end: the network
 * filter envoy.filters.network.local_ratelimit limits new connections
 * of a listener at connect(); the HTTP filter envoy.filters.http.
 * local_ratelimit limits new connections routed to a virtual host or
 * route (typed_per_filter_config), else by its connection manager's own
 * bucket, at the first send. A refused connection fails with
 * ECONNREFUSED and is counted as rate limited. A burst over the bucket
 * is refused by exactly the excess, less what the bucket got meanwhile:
 * its refills happen at multiples of fill_interval on CLOCK_MONOTONIC
 * (bpf_ktime_get_ns()), so the test knows how many fell inside it. The
 * rate recovers after fill_interval, and the bucket survives apply.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <kmesh/maps.h>

#include "kselftest_harness.h"
#include "lib/stats.h"
#include "lib/testutil.h"

#define HOUR	3600	/* a fill interval no test run crosses, mostly */

#define NET_RL(max, per_fill, interval)					\
	"      - name: envoy.filters.network.local_ratelimit\n"		\
	"        typed_config:\n"					\
	"          '@type': type.googleapis.com/envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit\n" \
	"          stat_prefix: rl\n"					\
	"          token_bucket: {max_tokens: " #max ", tokens_per_fill: " #per_fill ", fill_interval: " #interval "s}\n"
#define TCP_LISTENER(name, port, max, per_fill, interval)		\
	"  - name: " name "\n"						\
	"    address: {socket_address: {address: 127.0.0.1, port_value: " #port "}}\n" \
	"    filter_chains:\n"						\
	"    - filters:\n"						\
	NET_RL(max, per_fill, interval)					\
	"      - name: envoy.filters.network.tcp_proxy\n"		\
	"        typed_config:\n"					\
	"          '@type': type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy\n" \
	"          stat_prefix: tcp\n"					\
	"          cluster: backend\n"
#define CLUSTER								\
	"  clusters:\n"							\
	"  - name: backend\n"						\
	"    load_assignment:\n"					\
	"      cluster_name: backend\n"					\
	"      endpoints:\n"						\
	"      - lb_endpoints:\n"					\
	"        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 8001}}}\n"

static const char cfg_tcp[] =
	"static_resources:\n"
	"  listeners:\n"
	TCP_LISTENER("burst", 3330, 5, 5, 3600)
	TCP_LISTENER("recover", 3331, 2, 2, 2)
	TCP_LISTENER("keep", 3332, 3, 3, 3600)
	CLUSTER;
/* keep with another max_tokens: the same bucket, its tokens kept */
static const char cfg_tcp2[] =
	"static_resources:\n"
	"  listeners:\n"
	TCP_LISTENER("keep", 3332, 4, 3, 3600)
	CLUSTER;

/*
 * HTTP on :80: the connection manager's own bucket (1 token) for the
 * hosts of vhost "rest"; vhost "api" has its own (2 tokens), lifted for
 * its route /free by a per-route config that is not enabled (Envoy's
 * filter_enabled 0%). :81 also has a network limit (1 token) before it.
 */
static const char cfg_http[] =
	"static_resources:\n"
	"  listeners:\n"
	"  - name: web\n"
	"    address: {socket_address: {address: 127.0.0.1, port_value: 80}}\n"
	"    filter_chains:\n"
	"    - filters:\n"
	"      - name: envoy.filters.network.http_connection_manager\n"
	"        typed_config:\n"
	"          '@type': type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n"
	"          stat_prefix: web\n"
	"          http_filters:\n"
	"          - name: envoy.filters.http.local_ratelimit\n"
	"            typed_config:\n"
	"              '@type': type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit\n"
	"              stat_prefix: web\n"
	"              token_bucket: {max_tokens: 1, fill_interval: 3600s}\n"
	"              filter_enabled: {default_value: {numerator: 100}}\n"
	"              filter_enforced: {default_value: {numerator: 100}}\n"
	"          - name: envoy.filters.http.router\n"
	"          rds: {route_config_name: web}\n"
	"  - name: guarded\n"
	"    address: {socket_address: {address: 127.0.0.1, port_value: 81}}\n"
	"    filter_chains:\n"
	"    - filters:\n"
	NET_RL(1, 1, 3600)
	"      - name: envoy.filters.network.http_connection_manager\n"
	"        typed_config:\n"
	"          '@type': type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n"
	"          stat_prefix: guarded\n"
	"          http_filters: [{name: envoy.filters.http.router}]\n"
	"          rds: {route_config_name: web}\n"
	CLUSTER
	"route_configurations:\n"
	"- name: web\n"
	"  virtual_hosts:\n"
	"  - name: api\n"
	"    domains: [api.example]\n"
	"    typed_per_filter_config:\n"
	"      envoy.filters.http.local_ratelimit:\n"
	"        '@type': type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit\n"
	"        stat_prefix: api\n"
	"        token_bucket: {max_tokens: 2, fill_interval: 3600s}\n"
	"        filter_enabled: {default_value: {numerator: 100, denominator: HUNDRED}}\n"
	"        filter_enforced: {default_value: {numerator: 100, denominator: HUNDRED}}\n"
	"    routes:\n"
	"    - name: free\n"
	"      match: {prefix: /free}\n"
	"      route: {cluster: backend}\n"
	"      typed_per_filter_config:\n"
	"        envoy.filters.http.local_ratelimit:\n"
	"          '@type': type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit\n"
	"          stat_prefix: free\n"
	"          token_bucket: {max_tokens: 1, fill_interval: 1s}\n"
	"    - name: limited\n"
	"      match: {prefix: /}\n"
	"      route: {cluster: backend}\n"
	"  - name: rest\n"
	"    domains: ['*']\n"
	"    routes:\n"
	"    - name: rest\n"
	"      match: {prefix: /}\n"
	"      route: {cluster: backend}\n";

static struct tu_mesh mesh;

FIXTURE(rl) {
	char tcp[64], tcp2[64], http[64];
	int srv;
};

FIXTURE_SETUP(rl)
{
	uint16_t port = 8001;

	self->srv = -1;
	ASSERT_TRUE(mesh.loaded);
	ASSERT_EQ(0, tu_new_netns());
	ASSERT_EQ(0, tu_tmp_config(self->tcp, sizeof(self->tcp), "rl-t", cfg_tcp));
	ASSERT_EQ(0, tu_tmp_config(self->tcp2, sizeof(self->tcp2), "rl-u", cfg_tcp2));
	ASSERT_EQ(0, tu_tmp_config(self->http, sizeof(self->http), "rl-h", cfg_http));
	self->srv = tu_tcp_listen("127.0.0.1", &port);
	ASSERT_LE(0, self->srv);
	ASSERT_EQ(0, tu_mesh_enter(&mesh, self->tcp));
}

FIXTURE_TEARDOWN(rl)
{
	if (self->srv >= 0)
		close(self->srv);
	unlink(self->tcp);
	unlink(self->tcp2);
	unlink(self->http);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The fill interval now is in, for an interval of sec seconds. */
static unsigned long long interval_of(unsigned long long ns, unsigned sec)
{
	return ns / (sec * 1000000000ULL);
}

/* Sleep until just after the next multiple of sec seconds. */
static void next_interval(unsigned sec)
{
	unsigned long long t = now_ns(), step = sec * 1000000000ULL;
	unsigned long long wait = (t / step + 1) * step - t + 20000000ULL;
	struct timespec ts = { wait / 1000000000ULL, wait % 1000000000ULL };

	nanosleep(&ts, NULL);
}

/* Accept and close what the server got; the number of connections. */
static int drain(int srv)
{
	struct pollfd p = { .fd = srv, .events = POLLIN };
	int n = 0, a;

	while (poll(&p, 1, 200) > 0) {
		a = accept(srv, NULL, NULL);
		if (a < 0)
			break;
		close(a);
		n++;
	}
	return n;
}

/* n connects to 127.0.0.1:port: how many were refused (ECONNREFUSED);
 * -1 for any other failure. The connected ones are closed. */
static int burst(uint16_t port, int n)
{
	int i, c, refused = 0;

	for (i = 0; i < n; i++) {
		c = tu_tcp_connect("127.0.0.1", port);
		if (c == -ECONNREFUSED)
			refused++;
		else if (c < 0)
			return -1;
		else
			close(c);
	}
	return refused;
}

TEST_F_TIMEOUT(rl, burst_refused_by_exactly_the_excess, 300)
{
	struct km_counters before, after;
	unsigned long long t0, t1, fills;
	int refused, excess;

	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "burst", &before));
	t0 = now_ns();
	refused = burst(3330, 8);
	t1 = now_ns();
	ASSERT_LE(0, refused);
	/* 8 against a full bucket of 5: 3 over, less 5 per refill that
	 * fell inside the burst (an hour's interval: hardly ever one) */
	fills = interval_of(t1, HOUR) - interval_of(t0, HOUR);
	excess = 3 - 5 * (int)fills;
	TH_LOG("refused %d of 8, %llu refills during the burst", refused, fills);
	EXPECT_GE(3, refused);
	EXPECT_LE(excess > 0 ? excess : 0, refused);
	if (!fills)
		EXPECT_EQ(3, refused);
	EXPECT_EQ(8 - refused, drain(self->srv));
	/* each counted once: a refusal, as rate limited */
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "burst", &after));
	EXPECT_EQ(8 - refused, after.connections - before.connections);
	EXPECT_EQ(refused, after.refusals - before.refusals);
	EXPECT_EQ(refused, after.rate_limited - before.rate_limited);
}

TEST_F_TIMEOUT(rl, rate_recovers_after_fill_interval, 300)
{
	/* just after a boundary of the 2 s interval: 2 tokens, then none */
	next_interval(2);
	EXPECT_EQ(1, burst(3331, 3));
	EXPECT_EQ(2, drain(self->srv));
	EXPECT_EQ(1, burst(3331, 1));
	/* one interval later tokens_per_fill (2) more, and no more */
	next_interval(2);
	EXPECT_EQ(1, burst(3331, 3));
	EXPECT_EQ(2, drain(self->srv));
}

TEST_F_TIMEOUT(rl, bucket_survives_apply, 600)
{
	unsigned long long t0 = now_ns();
	int refused;

	/* take all 3, then update: the bucket stays empty */
	EXPECT_EQ(0, burst(3332, 3));
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->tcp, NULL));
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->tcp2, NULL));
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->tcp, NULL));
	refused = burst(3332, 1);
	if (interval_of(now_ns(), HOUR) != interval_of(t0, HOUR))
		SKIP(return, "an hour boundary fell inside the test: the bucket was refilled");
	EXPECT_EQ(1, refused);
	EXPECT_EQ(3, drain(self->srv));
}

/* Connect to 127.0.0.1:port, send a GET of path for host: 0 when the
 * server got a connection, -errno of the connect or the send. */
static int get(int srv, uint16_t port, const char *host, const char *path)
{
	char req[256];
	int c, rc = 0;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path,
		 host);
	c = tu_tcp_connect("127.0.0.1", port);
	if (c < 0)
		return c;
	if (send(c, req, strlen(req), MSG_NOSIGNAL) < 0)
		rc = -errno;
	else if (drain(srv) != 1)
		rc = -EIO;
	close(c);
	return rc;
}

TEST_F_TIMEOUT(rl, http_per_route_and_connection_manager, 300)
{
	struct km_counters web0, web1, lim0, lim1;
	int i;

	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->http, NULL));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "web", &web0));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "limited", &lim0));
	/* vhost api: 2 tokens, refused at the first send after them */
	EXPECT_EQ(0, get(self->srv, 80, "api.example", "/a"));
	EXPECT_EQ(0, get(self->srv, 80, "api.example", "/b"));
	EXPECT_EQ(-ECONNREFUSED, get(self->srv, 80, "api.example", "/c"));
	EXPECT_EQ(-ECONNREFUSED, get(self->srv, 80, "api.example", "/d"));
	/* its route /free has a per-route config that is not enabled */
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, get(self->srv, 80, "api.example", "/free"));
	/* other hosts: the connection manager's own bucket, 1 token */
	EXPECT_EQ(0, get(self->srv, 80, "other", "/"));
	EXPECT_EQ(-ECONNREFUSED, get(self->srv, 80, "other", "/"));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "web", &web1));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "limited", &lim1));
	EXPECT_EQ(7, web1.connections - web0.connections);
	EXPECT_EQ(3, web1.refusals - web0.refusals);
	EXPECT_EQ(3, web1.rate_limited - web0.rate_limited);
	EXPECT_EQ(2, lim1.rate_limited - lim0.rate_limited);
}

TEST_F_TIMEOUT(rl, network_limit_refuses_at_connect, 300)
{
	int c;

	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->http, NULL));
	/* the first takes the token (deferred: connect() returns at once,
	 * routed at the first send); the second's connect() is refused */
	c = tu_tcp_connect("127.0.0.1", 81);
	EXPECT_LE(0, c);
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 81));
	if (c >= 0)
		close(c);
}

TU_MESH_MAIN(mesh, "ratelimit")

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * HTTP routing end to end: an http_connection_manager listener makes
 * connect() return at once (the bpf_defer ULP), and the first request
 * sent is parsed in BPF at BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB and routed
 * by Host, path and headers to a cluster's endpoint. Four servers
 * (dual-stack, [::]:8001..8004) report which one received a request, and
 * that it received exactly the bytes sent.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "kselftest_harness.h"
#include "lib/backend.h"
#include "lib/stats.h"
#include "lib/testutil.h"

#define N_SRV 4

static const char config[] =
	"listeners:\n"
	"- name: web4\n"
	"  address: {address: 0.0.0.0, port_value: 80}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.http_connection_manager\n"
	"      http_connection_manager: {stat_prefix: web4, route_config_name: web}\n"
	"- name: web6\n"
	"  address: {address: '::', port_value: 80}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.http_connection_manager\n"
	"      http_connection_manager: {stat_prefix: web6, route_config_name: web}\n"
	"- name: envoy\n"
	"  address: {address: 127.0.0.1, port_value: 82}\n"
	"  filter_chains: [{filters: [{http_connection_manager: {route_config_name: envoy}}]}]\n"
	"- name: envoy-strip\n"
	"  address: {address: 127.0.0.1, port_value: 83}\n"
	"  filter_chains: [{filters: [{http_connection_manager: {route_config_name: envoy, strip_any_host_port: true}}]}]\n"
	"- name: strict\n"
	"  address: {address: 127.0.0.1, port_value: 81}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - name: envoy.filters.network.http_connection_manager\n"
	"      http_connection_manager: {stat_prefix: strict, route_config_name: strict}\n"
	"route_configs:\n"
	"- name: web\n"
	"  virtual_hosts:\n"
	"  - name: exact\n"
	"    domains: [api.example.com]\n"
	"    routes: [{match: {prefix: /}, route: {cluster: c2}}]\n"
	"  - name: suffix\n"
	"    domains: ['*.example.com']\n"
	"    routes: [{match: {prefix: /}, route: {cluster: c3}}]\n"
	"  - name: prefix\n"
	"    domains: ['shop.*']\n"
	"    routes: [{match: {prefix: /}, route: {cluster: c4}}]\n"
	"  - name: default\n"
	"    domains: ['*']\n"
	"    routes:\n"
	"    - match: {path: /exact}\n"
	"      route: {cluster: c2}\n"
	"    - name: pfx\n"
	"      match: {prefix: /p/}\n"
	"      route: {cluster: c3}\n"
	"    - match: {prefix: /h, headers: [{name: x-exact, exact_match: 'yes'}]}\n"
	"      route: {cluster: c2}\n"
	"    - match: {prefix: /h, headers: [{name: X-Pre, prefix_match: ab}]}\n"
	"      route: {cluster: c3}\n"
	"    - match: {prefix: /h, headers: [{name: x-suf, suffix_match: yz}]}\n"
	"      route: {cluster: c4}\n"
	"    - match: {prefix: /h, headers: [{name: x-present, present_match: true}]}\n"
	"      route: {cluster: c2}\n"
	"    - match: {prefix: /inv, headers: [{name: x-env, exact_match: prod, invert_match: true}]}\n"
	"      route: {cluster: c2}\n"
	"    - match: {prefix: /all, headers: [{name: x-a, present_match: true}, {name: x-b, exact_match: '2'}]}\n"
	"      route: {cluster: c3}\n"
	"    - match: {prefix: /w}\n"
	"      route: {weighted_clusters: {clusters: [{name: c1, weight: 3}, {name: c2, weight: 1}]}}\n"
	"    - match: {prefix: /lr}\n"
	"      route: {cluster: lr}\n"
	"    - match: {prefix: /rr}\n"
	"      route: {cluster: rr}\n"
	"    - match: {prefix: /cb}\n"
	"      route: {cluster: cb}\n"
	"    - match: {prefix: /v6}\n"
	"      route: {cluster: six}\n"
	"    - match: {prefix: /}\n"
	"      route: {cluster: c1}\n"
	"- name: envoy\n"
	"  virtual_hosts:\n"
	"  - name: port\n"
	"    domains: ['api.example:8080']\n"
	"    routes: [{match: {prefix: /}, route: {cluster: c2}}]\n"
	"  - name: plain\n"
	"    domains: [api.example, '*-bar.example', 'foo-*']\n"
	"    routes:\n"
	"    - match: {prefix: /join, headers: [{name: x-a, exact_match: '1,2'}]}\n"
	"      route: {cluster: c3}\n"
	"    - match: {prefix: /present, headers: [{name: x-flag}]}\n"
	"      route: {cluster: c3}\n"
	"    - match: {prefix: /contains, headers: [{name: user-agent, string_match: {contains: LINUX, ignore_case: true}}]}\n"
	"      route: {cluster: c4}\n"
	"    - match: {prefix: /}\n"
	"      route: {cluster: c1}\n"
	"- name: strict\n"
	"  virtual_hosts:\n"
	"  - name: only\n"
	"    domains: [only.example]\n"
	"    routes: [{match: {prefix: /only}, route: {cluster: c1}}]\n"
	"clusters:\n"
	"- name: c1\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8001}}]\n"
	"- name: c2\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8002}}]\n"
	"- name: c3\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8003}}]\n"
	"- name: c4\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8004}}]\n"
	"- name: rr\n"
	"  lb_policy: ROUND_ROBIN\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8001}\n"
	"  - address: {address: 127.0.0.1, port_value: 8002}\n"
	"  - address: {address: 127.0.0.1, port_value: 8003}\n"
	"- name: lr\n"
	"  lb_policy: LEAST_REQUEST\n"
	"  endpoints:\n"
	"  - address: {address: 127.0.0.1, port_value: 8001}\n"
	"  - address: {address: 127.0.0.1, port_value: 8002}\n"
	"- name: cb\n"
	"  circuit_breakers: {max_connections: 1}\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8004}}]\n"
	"- name: six\n"
	"  endpoints: [{address: {address: '::1', port_value: 8002}}]\n";

/*
 * Two generations for the update test. Cluster ids are positions: a
 * route or listener of A (cluster 0) read against B's clusters, or of B
 * (cluster 1) against A's, lands on the trap at 8003, so any mix of the
 * two configs in one decision shows.
 */
#define UPD_LISTENERS(cl)						\
	"listeners:\n"							\
	"- name: web\n"							\
	"  address: {address: 0.0.0.0, port_value: 80}\n"		\
	"  filter_chains: [{filters: [{name: envoy.filters.network.http_connection_manager, http_connection_manager: {stat_prefix: web, route_config_name: web}}]}]\n" \
	"- name: db\n"							\
	"  address: {address: 0.0.0.0, port_value: 3306}\n"		\
	"  filter_chains: [{filters: [{name: envoy.filters.network.tcp_proxy, tcp_proxy: {stat_prefix: db, cluster: " cl "}}]}]\n" \
	"route_configs:\n"						\
	"- name: web\n"							\
	"  virtual_hosts: [{name: all, domains: ['*'], routes: [{match: {prefix: /}, route: {cluster: " cl "}}]}]\n"

static const char config_a[] = UPD_LISTENERS("a")
	"clusters:\n"
	"- {name: a, endpoints: [{address: {address: 127.0.0.1, port_value: 8001}}]}\n"
	"- {name: trap, endpoints: [{address: {address: 127.0.0.1, port_value: 8003}}]}\n";
static const char config_b[] = UPD_LISTENERS("b")
	"clusters:\n"
	"- {name: trap, endpoints: [{address: {address: 127.0.0.1, port_value: 8003}}]}\n"
	"- {name: b, endpoints: [{address: {address: 127.0.0.1, port_value: 8002}}]}\n";

static struct tu_mesh mesh;

FIXTURE(http) {
	char cfg[64];
	int srv[N_SRV];
};

FIXTURE_SETUP(http)
{
	memset(self->srv, -1, sizeof(self->srv));	/* no fds yet */
	ASSERT_TRUE(mesh.loaded);
	ASSERT_EQ(0, tu_new_netns());
	ASSERT_EQ(0, tu_tmp_config(self->cfg, sizeof(self->cfg), "http", config));
	ASSERT_EQ(0, tu_tcp_listen_n("::", 8001, N_SRV, self->srv));
	ASSERT_EQ(0, tu_mesh_enter(&mesh, self->cfg));
}

FIXTURE_TEARDOWN(http)
{
	tu_close_all(self->srv, N_SRV);
	unlink(self->cfg);
}

/* Connect to 127.0.0.1:80 from the test's cgroup, send req and return
 * the index of the server that got exactly it, or -errno. */
static int http(int *srv, const char *req)
{
	return tu_request(srv, N_SRV, "127.0.0.1", 80, req, NULL);
}

#define GET(path, hdrs) "GET " path " HTTP/1.1\r\n" hdrs "\r\n"
/* With a Host that only "*" matches (HTTP/1.1 needs one). */
#define GETA(path, hdrs) GET(path, "Host: a\r\n" hdrs)

TEST_F_TIMEOUT(http, connect_is_deferred, 120)
{
	struct pollfd p[N_SRV];
	int c, i;

	c = tu_tcp_connect("127.0.0.1", 80);
	ASSERT_LE(0, c);
	/* connect() returned, yet no server has a connection to accept */
	for (i = 0; i < N_SRV; i++)
		p[i] = (struct pollfd){ .fd = self->srv[i], .events = POLLIN };
	EXPECT_EQ(0, poll(p, N_SRV, 200));
	close(c);
	EXPECT_EQ(0, poll(p, N_SRV, 100));
}

TEST_F_TIMEOUT(http, path_prefix_and_exact, 120)
{
	EXPECT_EQ(2, http(self->srv, GET("/p/x", "Host: a\r\n")));
	EXPECT_EQ(1, http(self->srv, GET("/exact", "Host: a\r\n")));
	/* exact path ignores the query; prefix is case-sensitive */
	EXPECT_EQ(1, http(self->srv, GET("/exact?q=1", "Host: a\r\n")));
	EXPECT_EQ(0, http(self->srv, GET("/exactly", "Host: a\r\n")));
	EXPECT_EQ(0, http(self->srv, GET("/P/x", "Host: a\r\n")));
	EXPECT_EQ(0, http(self->srv, GET("/p", "Host: a\r\n")));
	/* other methods, HTTP/1.0 without Host, bare LF line ends */
	EXPECT_EQ(2, http(self->srv,
			  "POST /p/y HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"));
	EXPECT_EQ(2, http(self->srv, "GET /p/z HTTP/1.0\r\n\r\n"));
	EXPECT_EQ(2, http(self->srv, "GET /p/lf HTTP/1.1\nHost: a\n\n"));
}

TEST_F_TIMEOUT(http, header_matchers, 120)
{
	/* exact, with the name case-insensitive and the value not */
	EXPECT_EQ(1, http(self->srv, GETA("/h", "x-exact: yes\r\n")));
	EXPECT_EQ(1, http(self->srv, GETA("/h", "X-EXACT:   yes  \r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/h", "x-exact: YES\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/h", "x-exact: yess\r\n")));
	/* prefix */
	EXPECT_EQ(2, http(self->srv, GETA("/h", "x-pre: abc\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/h", "x-pre: zab\r\n")));
	/* suffix */
	EXPECT_EQ(3, http(self->srv, GETA("/h", "x-suf: xyz\r\n")));
	EXPECT_EQ(3, http(self->srv, GETA("/h", "x-suf: yz\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/h", "x-suf: yza\r\n")));
	/* present, even empty */
	EXPECT_EQ(1, http(self->srv, GETA("/h", "x-present:\r\n")));
	/* first matching route wins: x-exact before x-pre */
	EXPECT_EQ(1, http(self->srv,
			  GETA("/h", "x-pre: ab\r\nx-exact: yes\r\n")));
	/* every matcher of a route must match */
	EXPECT_EQ(2, http(self->srv, GETA("/all", "x-a: 1\r\nx-b: 2\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/all", "x-b: 2\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/all", "x-a: 1\r\nx-b: 3\r\n")));
}

TEST_F_TIMEOUT(http, header_invert, 120)
{
	EXPECT_EQ(1, http(self->srv, GETA("/inv", "x-env: dev\r\n")));
	EXPECT_EQ(0, http(self->srv, GETA("/inv", "x-env: prod\r\n")));
	/* an absent header fails the matcher, inverted or not */
	EXPECT_EQ(0, http(self->srv, GETA("/inv", "x-other: 1\r\n")));
}

TEST_F_TIMEOUT(http, virtual_host_domains, 120)
{
	EXPECT_EQ(1, http(self->srv, GET("/", "Host: api.example.com\r\n")));
	/* the port is part of the Host (Envoy's rule): only "*" */
	EXPECT_EQ(0, http(self->srv, GET("/", "Host: API.Example.COM:8080\r\n")));
	EXPECT_EQ(1, http(self->srv, GET("/", "Host: API.Example.COM\r\n")));
	EXPECT_EQ(2, http(self->srv, GET("/", "Host: www.example.com\r\n")));
	/* *.suffix needs a non-empty label before the suffix */
	EXPECT_EQ(0, http(self->srv, GET("/", "Host: example.com\r\n")));
	EXPECT_EQ(3, http(self->srv, GET("/", "Host: shop.test\r\n")));
	/* suffix domains are matched before prefix ones */
	EXPECT_EQ(2, http(self->srv, GET("/", "Host: shop.example.com\r\n")));
	EXPECT_EQ(0, http(self->srv, GET("/", "Host: other\r\n")));
	EXPECT_EQ(0, http(self->srv, GET("/", "Host: [::1]:80\r\n")));
	/* HTTP/1.1 needs a Host (Envoy: 400); HTTP/1.0 without one only
	 * matches "*" */
	EXPECT_EQ(-ECONNREFUSED, http(self->srv, GET("/", "")));
	EXPECT_EQ(0, http(self->srv, "GET / HTTP/1.0\r\n\r\n"));
}

/* The listeners of route config "envoy": 82 as sent, 83 strip_any_host_port. */
static int http_on(int *srv, uint16_t port, const char *req)
{
	return tu_request(srv, N_SRV, "127.0.0.1", port, req, NULL);
}

TEST_F_TIMEOUT(http, host_port_as_envoy, 120)
{
	/* a domain can name the port; without it the port must not be there */
	EXPECT_EQ(1, http_on(self->srv, 82, GET("/", "Host: api.example:8080\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 82, GET("/", "Host: Api.Example\r\n")));
	EXPECT_EQ(-ECONNREFUSED,
		  http_on(self->srv, 82, GET("/", "Host: api.example:9090\r\n")));
	/* strip_any_host_port: a numeric port is not matched */
	EXPECT_EQ(0, http_on(self->srv, 83, GET("/", "Host: api.example:9090\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 83, GET("/", "Host: api.example:8080\r\n")));
	EXPECT_EQ(-ECONNREFUSED,
		  http_on(self->srv, 83, GET("/", "Host: api.example:x\r\n")));
}

TEST_F_TIMEOUT(http, domain_wildcards_as_envoy, 120)
{
	EXPECT_EQ(0, http_on(self->srv, 82, GET("/", "Host: baz-bar.example\r\n")));
	/* a wildcard matches one byte at least */
	EXPECT_EQ(-ECONNREFUSED,
		  http_on(self->srv, 82, GET("/", "Host: -bar.example\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 82, GET("/", "Host: foo-x\r\n")));
	EXPECT_EQ(-ECONNREFUSED,
		  http_on(self->srv, 82, GET("/", "Host: foo-\r\n")));
}

TEST_F_TIMEOUT(http, header_matchers_as_envoy, 120)
{
	/* the fields of a name are one value, joined with "," */
	EXPECT_EQ(2, http_on(self->srv, 82,
			     GET("/join", "Host: api.example\r\nx-a: 1\r\nx-b: 0\r\nX-A: 2\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 82,
			     GET("/join", "Host: api.example\r\nx-a: 1\r\n")));
	/* a name alone: present */
	EXPECT_EQ(2, http_on(self->srv, 82,
			     GET("/present", "Host: api.example\r\nx-flag:\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 82,
			     GET("/present", "Host: api.example\r\n")));
	/* string_match contains, ignore_case */
	EXPECT_EQ(3, http_on(self->srv, 82,
			     GET("/contains", "Host: api.example\r\nUser-Agent: Mozilla (X11; Linux)\r\n")));
	EXPECT_EQ(0, http_on(self->srv, 82,
			     GET("/contains", "Host: api.example\r\nUser-Agent: curl\r\n")));
}

TEST_F_TIMEOUT(http, no_virtual_host_or_route_refused, 120)
{
	EXPECT_EQ(0, tu_request(self->srv, N_SRV, "127.0.0.1", 81,
				GET("/only/x", "Host: only.example\r\n"), NULL));
	EXPECT_EQ(-ECONNREFUSED,
		  tu_request(self->srv, N_SRV, "127.0.0.1", 81,
			     GET("/other", "Host: only.example\r\n"), NULL));
	EXPECT_EQ(-ECONNREFUSED,
		  tu_request(self->srv, N_SRV, "127.0.0.1", 81,
			     GET("/only", "Host: else.example\r\n"), NULL));
}

TEST_F_TIMEOUT(http, weighted_clusters, 600)
{
	int seen[N_SRV] = {}, n = 200;

	ASSERT_EQ(0, tu_tally(self->srv, N_SRV, "127.0.0.1", 80,
			      GET("/w", "Host: a\r\n"), n, seen));
	TH_LOG("weights 3:1 over %d requests: %d / %d", n, seen[0], seen[1]);
	EXPECT_EQ(n, seen[0] + seen[1]);
	/* expected 150 / 50, standard deviation 6.1: allow 4 of them */
	EXPECT_LE(126, seen[0]);
	EXPECT_GE(174, seen[0]);
}

TEST_F_TIMEOUT(http, round_robin_exact, 300)
{
	int seen[N_SRV] = {};

	ASSERT_EQ(0, tu_tally(self->srv, N_SRV, "127.0.0.1", 80,
			      GET("/rr", "Host: a\r\n"), 9, seen));
	EXPECT_EQ(3, seen[0]);
	EXPECT_EQ(3, seen[1]);
	EXPECT_EQ(3, seen[2]);
}

TEST_F_TIMEOUT(http, least_request_favours_idle, 900)
{
	int busy[2 * 8], n_busy, seen[N_SRV] = {};

	/* load 8002 with live connections, and none on 8001 */
	n_busy = tu_hold(self->srv, N_SRV, 1, "127.0.0.1", 80,
			 GET("/lr", "Host: a\r\n"), 200, 8, busy);
	ASSERT_EQ(8, n_busy);
	/*
	 * Two random choices: they differ half the time, and then the idle
	 * 8001 wins, so it takes 3/4 of the new requests (each closed
	 * before the next); a random or round-robin pick would take 1/2.
	 */
	ASSERT_EQ(0, tu_tally(self->srv, N_SRV, "127.0.0.1", 80,
			      GET("/lr", "Host: a\r\n"), 100, seen));
	TH_LOG("idle 8001: %d, busy 8002: %d", seen[0], seen[1]);
	EXPECT_LE(62, seen[0]);
	tu_close_all(busy, 2 * n_busy);
}

TEST_F_TIMEOUT(http, circuit_breaker, 120)
{
	int k1[2], k2[2];

	ASSERT_EQ(3, tu_request(self->srv, N_SRV, "127.0.0.1", 80,
				GET("/cb", "Host: a\r\n"), k1));
	EXPECT_EQ(-ECONNREFUSED, http(self->srv, GET("/cb", "Host: a\r\n")));
	close(k1[0]);
	close(k1[1]);
	/* the slot is back once the connection is closed */
	EXPECT_EQ(3, tu_request(self->srv, N_SRV, "127.0.0.1", 80,
				GET("/cb", "Host: a\r\n"), k2));
	close(k2[0]);
	close(k2[1]);
}

TEST_F_TIMEOUT(http, ipv6_end_to_end, 120)
{
	/* an IPv6 client to [::]:80, to an IPv6 endpoint and a v4 one */
	EXPECT_EQ(1, tu_request(self->srv, N_SRV, "::1", 80,
				GET("/v6", "Host: a\r\n"), NULL));
	EXPECT_EQ(2, tu_request(self->srv, N_SRV, "::1", 80,
				GET("/p/6", "Host: a\r\n"), NULL));
	/* an IPv6 endpoint cannot be reached from an IPv4 socket */
	EXPECT_EQ(-ECONNREFUSED, http(self->srv, GET("/v6", "Host: a\r\n")));
}

TEST_F_TIMEOUT(http, no_listener_untouched, 120)
{
	/* plain HTTP to a port without a listener is neither deferred
	 * nor routed */
	EXPECT_EQ(3, tu_request(self->srv, N_SRV, "127.0.0.1", 8004,
				GET("/p/x", "Host: a\r\n"), NULL));
}

TEST_F_TIMEOUT(http, malformed_requests_refused, 120)
{
	static char big[20000];
	const char *bad[] = {
		"GARBAGE\r\n\r\n",
		"GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n",	/* absolute-form */
		"GET /x HTTP/2.0\r\n\r\n",
		"GET /x HTTP/1.1\r\nno-colon\r\n\r\n",
		"GET /x HTTP/1.1\r\nbad name: 1\r\n\r\n",
		"GET /x HTTP/1.1\r\nx-a: 1\r\n folded\r\n\r\n",
		"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET /x\x01 HTTP/1.1\r\n\r\n",
		"GET /x HTTP/1.1\r\nx-a: 1\r\n\r\n",		/* no Host */
		"GET /x HTTP/1.1\r\nHost: a\r\nx-a: 1\x7f\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
			"Content-Length: 3\r\n\r\n",
		big,
	};
	size_t i;

	/* a head over the 16 KiB window the kernel holds */
	snprintf(big, sizeof(big),
		 "GET /x HTTP/1.1\r\nHost: a\r\nx-big: %017000d\r\n\r\n", 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(-ECONNREFUSED, http(self->srv, bad[i]))
			TH_LOG("request %zu", i);
	/* and the data plane still routes */
	EXPECT_EQ(2, http(self->srv, GET("/p/ok", "Host: a\r\n")));
}

/*
 * req in n sends, cut at cuts[0..n-2]: the index of the server that got
 * it all, as http() gives for one send.
 */
static int http_split(int *srv, const char *req, const size_t *cuts, int n)
{
	return tu_request_split(srv, N_SRV, "127.0.0.1", 80, req, cuts, n);
}

/* A head split at any byte, or over up to 8 sends, is routed like the
 * same head in one send: the HTTP stage asks for more until it ends.
 */
TEST_F_TIMEOUT(http, head_split_over_sends_is_routed, 600)
{
	/* c3 (server 2) only with both headers; c1 (server 0) otherwise */
	static const char req[] = GET("/all", "Host: a\r\nx-a: 1\r\nx-b: 2\r\n");
	size_t len = sizeof(req) - 1, cut, cuts[7];
	int i, k;

	ASSERT_EQ(2, http(self->srv, req));
	for (cut = 1; cut < len; cut++)
		EXPECT_EQ(2, http_split(self->srv, req, &cut, 2))
			TH_LOG("cut at %zu", cut);
	for (k = 3; k <= 8; k++) {
		for (i = 0; i < k - 1; i++)
			cuts[i] = (i + 1) * len / k;
		EXPECT_EQ(2, http_split(self->srv, req, cuts, k))
			TH_LOG("%d sends", k);
	}
	/* the header that decides in the last send */
	cuts[0] = len - 10;
	EXPECT_EQ(2, http_split(self->srv, req, cuts, 2));
}

/*
 * A head over 4 KiB (a 10 KiB Cookie) is routed on the fields after it,
 * in one send or in 8.
 */
TEST_F_TIMEOUT(http, long_head_is_routed, 120)
{
	static char req[12000];
	size_t len, cuts[7];
	int i;

	len = (size_t)snprintf(req, sizeof(req),
			       "GET /all HTTP/1.1\r\nHost: a\r\n"
			       "Cookie: %010240d\r\nx-a: 1\r\nx-b: 2\r\n\r\n",
			       7);
	ASSERT_GT(len, 10240);
	EXPECT_EQ(2, http(self->srv, req));
	for (i = 0; i < 7; i++)
		cuts[i] = (size_t)(i + 1) * len / 8;
	EXPECT_EQ(2, http_split(self->srv, req, cuts, 8));
	/* without x-b, the route of c1 (server 0) */
	memcpy(req + len - 10, "x-c", 3);
	EXPECT_EQ(0, http(self->srv, req));
}

/* A head that does not end is held, never sent; close() drops it. */
TEST_F_TIMEOUT(http, incomplete_head_is_held, 120)
{
	static const char part[] = "GET /p/ok HTTP/1.1\r\nHost: a\r\n";
	int c = tu_tcp_connect("127.0.0.1", 80);

	ASSERT_LE(0, c);
	EXPECT_EQ((ssize_t)strlen(part), send(c, part, strlen(part), 0));
	EXPECT_EQ(-1, tu_received_by(self->srv, N_SRV, part, NULL));
	close(c);
	EXPECT_EQ(-1, tu_received_by(self->srv, N_SRV, part, NULL));
}

/* Connections and refusals of NAME since *base. */
#define EXPECT_COUNTED(name, base, n_conn, n_ref) do {		\
	struct km_counters now_;					\
									\
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, name, &now_));		\
	EXPECT_EQ(n_conn, now_.connections - (base)->connections);	\
	EXPECT_EQ(n_ref, now_.refusals - (base)->refusals);		\
} while (0)

TEST_F_TIMEOUT(http, counters_survive_apply, 300)
{
	struct km_counters pfx, c3, web4;

	/* the tests share one data plane, whose counters go on across
	 * configs: count from here */
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "pfx", &pfx));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "c3", &c3));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "web4", &web4));
	EXPECT_EQ(2, http(self->srv, GET("/p/1", "Host: a\r\n")));
	EXPECT_EQ(2, http(self->srv, GET("/p/2", "Host: a\r\n")));
	EXPECT_EQ(-ECONNREFUSED, http(self->srv, "BAD\r\n\r\n"));
	EXPECT_COUNTED("pfx", &pfx, 2, 0);
	EXPECT_COUNTED("c3", &c3, 2, 0);
	/* each counted once: two routed, one refused */
	EXPECT_COUNTED("web4", &web4, 2, 1);
	/* a new generation carries the totals over by name */
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->cfg, NULL));
	EXPECT_COUNTED("pfx", &pfx, 2, 0);
	EXPECT_EQ(2, http(self->srv, GET("/p/3", "Host: a\r\n")));
	EXPECT_COUNTED("pfx", &pfx, 3, 0);
	EXPECT_COUNTED("c3", &c3, 3, 0);
	EXPECT_COUNTED("web4", &web4, 3, 1);
}

TEST_F_TIMEOUT(http, update_under_traffic, 900)
{
	int i, st, who, n = 0, fails = 0, seen[N_SRV] = {}, applied = 0;
	char ca[64], cb[64];
	pid_t pid;

	ASSERT_EQ(0, tu_tmp_config(ca, sizeof(ca), "upd-a", config_a));
	ASSERT_EQ(0, tu_tmp_config(cb, sizeof(cb), "upd-b", config_b));
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", ca, NULL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* eight swaps, while the parent keeps connecting */
		for (i = 0; i < 8; i++)
			if (tu_kmeshctl(mesh.bpffs, "apply", i % 2 ? ca : cb, NULL))
				_exit(1);
		_exit(0);
	}
	while (!applied || n < 20) {
		if (!applied && waitpid(pid, &st, WNOHANG) == pid) {
			applied = 1;
			EXPECT_TRUE(WIFEXITED(st) && !WEXITSTATUS(st));
		}
		/* an HTTP request (routed at the first send) and a TCP
		 * proxy connection (routed at connect) */
		who = http(self->srv, GET("/", "Host: a\r\n"));
		if (who < 0 || who >= N_SRV)
			fails++;
		else
			seen[who]++;
		who = tu_request(self->srv, N_SRV, "127.0.0.1", 3306,
				 "ping", NULL);
		if (who < 0 || who >= N_SRV)
			fails++;
		else
			seen[who]++;
		n++;
	}
	TH_LOG("%d rounds: %d on A's 8001, %d on B's 8002, %d mixed, %d failed",
	       n, seen[0], seen[1], seen[2], fails);
	EXPECT_EQ(0, fails);
	EXPECT_EQ(0, seen[2]);
	EXPECT_LT(0, seen[0]);
	/* and B routes as B */
	EXPECT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", cb, NULL));
	unlink(ca);
	unlink(cb);
	EXPECT_EQ(1, http(self->srv, GET("/", "Host: a\r\n")));
	EXPECT_EQ(1, tu_request(self->srv, N_SRV, "127.0.0.1", 3306, "ping",
				NULL));
}

TU_MESH_MAIN(mesh, "http")

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The configs in the shapes of Envoy's docs, applied as the tree holds
 * them, route real traffic: `kmeshctl apply` takes the file itself
 * (selftests/Makefile copies it byte for byte into envoy_docs.d/ next to
 * this binary), real servers listen on the addresses and ports the file
 * names, and a client in the meshed cgroup tells by which server got
 * exactly its bytes where each request went.
 *
 *   tools/tests/envoy/static-bootstrap.yaml  the docs' static bootstrap
 *   tools/tests/envoy/traffic-split.yaml     the docs' traffic split in a
 *                                            bootstrap, RDS and EDS as lists
 *   tools/examples/demo.yaml                 the demo config, Envoy form
 *
 * The ports are the docs' own: nothing else listens in the test's network
 * namespace. The traffic split's endpoints (10.0.x.y:80) are made local
 * by adding them to lo there. A server also listens where each listener
 * is (and on the bootstrap's admin port): a connection the data plane did
 * not route would land there.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/backend.h"
#include "lib/netaddr.h"
#include "lib/testutil.h"

struct backend {
	const char *addr;
	uint16_t port;
};

static struct tu_mesh mesh;

/*
 * A new network namespace with a server on each of the n backends (into
 * srv, in order; the ones not in 127.0.0.0/8 added to lo first), then
 * `kmeshctl apply` of the copy of file next to this binary, then into
 * the meshed cgroup.
 */
static void docs_up(struct __test_metadata *_metadata, const char *file,
		    const struct backend *b, int n, int *srv)
{
	char path[PATH_MAX];
	uint16_t port;
	int i;

	for (i = 0; i < n; i++)
		srv[i] = -1;
	ASSERT_TRUE(mesh.loaded);
	ASSERT_EQ(0, tu_new_netns());
	for (i = 0; i < n; i++) {
		if (strncmp(b[i].addr, "127.", 4))
			ASSERT_EQ(0, tu_lo_addr_add(b[i].addr))
				TH_LOG("adding %s to lo", b[i].addr);
		port = b[i].port;
		srv[i] = tu_tcp_listen(b[i].addr, &port);
		ASSERT_LE(0, srv[i])
			TH_LOG("listen on %s:%u", b[i].addr, b[i].port);
	}
	ASSERT_EQ(0, tu_beside_self(path, sizeof(path), file));
	ASSERT_EQ(0, tu_mesh_enter(&mesh, path)) TH_LOG("applying %s", path);
}

#define GET(path, hdrs) "GET " path " HTTP/1.1\r\n" hdrs "\r\n"

/* --- static-bootstrap.yaml ------------------------------------------------
 * listener_0 127.0.0.1:10000, route "/" of domain "*" to some_service,
 * whose load_assignment has the one endpoint 127.0.0.1:1234; admin
 * (127.0.0.1:9901) is ignored.
 */
enum { BS_SOME_SERVICE, BS_LISTENER, BS_ADMIN, BS_N };

static const struct backend bs_backends[BS_N] = {
	[BS_SOME_SERVICE]	= { "127.0.0.1", 1234 },
	[BS_LISTENER]		= { "127.0.0.1", 10000 },
	[BS_ADMIN]		= { "127.0.0.1", 9901 },
};

FIXTURE(bootstrap) {
	int srv[BS_N];
};

FIXTURE_SETUP(bootstrap)
{
	docs_up(_metadata, "envoy_docs.d/static-bootstrap.yaml", bs_backends,
		BS_N, self->srv);
}

FIXTURE_TEARDOWN(bootstrap)
{
	tu_close_all(self->srv, BS_N);
}

static int bs_request(int *srv, const char *req)
{
	return tu_request(srv, BS_N, "127.0.0.1", 10000, req, NULL);
}

TEST_F_TIMEOUT(bootstrap, routed_to_the_endpoint, 120)
{
	EXPECT_EQ(BS_SOME_SERVICE,
		  bs_request(self->srv, GET("/", "Host: example.com\r\n")));
	EXPECT_EQ(BS_SOME_SERVICE,
		  bs_request(self->srv, GET("/any/path?q=1", "Host: a\r\n")));
	EXPECT_EQ(BS_SOME_SERVICE,
		  bs_request(self->srv, "POST /x HTTP/1.1\r\nHost: a\r\n"
				       "Content-Length: 3\r\n\r\nabc"));
	EXPECT_EQ(BS_SOME_SERVICE,
		  bs_request(self->srv, "GET / HTTP/1.0\r\n\r\n"));
}

TEST_F_TIMEOUT(bootstrap, other_addresses_untouched, 120)
{
	/* the admin block is no listener: its port is reached as it is */
	EXPECT_EQ(BS_ADMIN, tu_request(self->srv, BS_N, "127.0.0.1", 9901,
				       GET("/stats", "Host: a\r\n"), NULL));
	/* listener_0 is on 127.0.0.1 only: another address is not deferred
	 * (connect() fails at once, as nothing listens there) */
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.2", 10000));
	/* and listener_0 still routes */
	EXPECT_EQ(BS_SOME_SERVICE,
		  bs_request(self->srv, GET("/", "Host: a\r\n")));
}

/* --- traffic-split.yaml ---------------------------------------------------
 * listener_0 0.0.0.0:8080, its route config local_route by RDS: "/" of
 * "*" split 33/33/34 over helloworld_v1 (10.0.0.1:80 with
 * load_balancing_weight 2, 10.0.0.2:80 with 1, round robin),
 * helloworld_v2 (10.0.1.1:80) and helloworld_v3 (EDS: 10.0.2.1:80).
 */
enum { V1_A, V1_B, V2, V3, SPLIT_LISTENER, SPLIT_N };

static const struct backend split_backends[SPLIT_N] = {
	[V1_A]		= { "10.0.0.1", 80 },
	[V1_B]		= { "10.0.0.2", 80 },
	[V2]		= { "10.0.1.1", 80 },
	[V3]		= { "10.0.2.1", 80 },
	[SPLIT_LISTENER] = { "127.0.0.1", 8080 },
};

FIXTURE(split) {
	int srv[SPLIT_N];
};

FIXTURE_SETUP(split)
{
	docs_up(_metadata, "envoy_docs.d/traffic-split.yaml", split_backends,
		SPLIT_N, self->srv);
}

FIXTURE_TEARDOWN(split)
{
	tu_close_all(self->srv, SPLIT_N);
}

static int split_request(int *srv, const char *req)
{
	return tu_request(srv, SPLIT_N, "127.0.0.1", 8080, req, NULL);
}

TEST_F_TIMEOUT(split, weighted_clusters_and_endpoints, 600)
{
	int seen[SPLIT_N] = {}, n = 200, v1;

	ASSERT_EQ(0, tu_tally(self->srv, SPLIT_N, "127.0.0.1", 8080,
			      GET("/", "Host: www2\r\n"), n, seen));
	TH_LOG("33/33/34 over %d requests: v1 %d (%d + %d), v2 %d, v3 %d",
	       n, seen[V1_A] + seen[V1_B], seen[V1_A], seen[V1_B], seen[V2],
	       seen[V3]);
	EXPECT_EQ(0, seen[SPLIT_LISTENER]);
	/* expected 66, 66, 68, standard deviation 6.6 to 6.7: allow 4 */
	v1 = seen[V1_A] + seen[V1_B];
	EXPECT_LE(40, v1);
	EXPECT_GE(92, v1);
	EXPECT_LE(40, seen[V2]);
	EXPECT_GE(92, seen[V2]);
	EXPECT_LE(42, seen[V3]);
	EXPECT_GE(94, seen[V3]);
	/* round robin over weights 2 and 1 goes A A B A A B ...: of v1's
	 * requests, a third (rounded either way) went to 10.0.0.2 */
	EXPECT_LE(v1 / 3, seen[V1_B]);
	EXPECT_GE((v1 + 2) / 3, seen[V1_B]);
}

TEST_F_TIMEOUT(split, matching_nothing_refused, 120)
{
	int who;

	/*
	 * The docs' route takes every path of every Host, so what matches
	 * nothing has no path or no Host: an asterisk-form target (no path
	 * for prefix "/" to match; the HTTP stage refuses it) and HTTP/1.1
	 * without Host (no virtual host to pick; Envoy answers 400).
	 */
	EXPECT_EQ(-ECONNREFUSED,
		  split_request(self->srv, "OPTIONS * HTTP/1.1\r\n"
					   "Host: a\r\n\r\n"));
	EXPECT_EQ(-ECONNREFUSED, split_request(self->srv, GET("/", "")));
	/* no server got a connection for them */
	EXPECT_EQ(-1, tu_received_by(self->srv, SPLIT_N, "", NULL));
	/* and the split still routes */
	who = split_request(self->srv, GET("/", "Host: www2\r\n"));
	EXPECT_LE(0, who);
	EXPECT_GT(SPLIT_LISTENER, who);
}

/* --- demo.yaml ------------------------------------------------------------
 * http 0.0.0.0:80: /v2 and x-canary: 1 to v2 (127.0.0.1:8002), the rest
 * 90/10 over v1 (127.0.0.1:8001) and v2; mysql 0.0.0.0:3306, a TCP proxy
 * to db (127.0.0.1:3307).
 */
enum { DEMO_V1, DEMO_V2, DEMO_DB, DEMO_HTTP, DEMO_MYSQL, DEMO_N };

static const struct backend demo_backends[DEMO_N] = {
	[DEMO_V1]	= { "127.0.0.1", 8001 },
	[DEMO_V2]	= { "127.0.0.1", 8002 },
	[DEMO_DB]	= { "127.0.0.1", 3307 },
	[DEMO_HTTP]	= { "127.0.0.1", 80 },
	[DEMO_MYSQL]	= { "127.0.0.1", 3306 },
};

FIXTURE(demo) {
	int srv[DEMO_N];
};

FIXTURE_SETUP(demo)
{
	docs_up(_metadata, "envoy_docs.d/demo.yaml", demo_backends, DEMO_N,
		self->srv);
}

FIXTURE_TEARDOWN(demo)
{
	tu_close_all(self->srv, DEMO_N);
}

/* A request to the http listener, or bytes to the mysql one. */
static int demo_http(int *srv, const char *req)
{
	return tu_request(srv, DEMO_N, "127.0.0.1", 80, req, NULL);
}

static int demo_tcp(int *srv, const char *bytes)
{
	return tu_request(srv, DEMO_N, "127.0.0.1", 3306, bytes, NULL);
}

TEST_F_TIMEOUT(demo, path_and_header_to_v2, 120)
{
	int who;

	EXPECT_EQ(DEMO_V2, demo_http(self->srv, GET("/v2", "Host: a\r\n")));
	EXPECT_EQ(DEMO_V2, demo_http(self->srv, GET("/v2/x?y=1", "Host: b\r\n")));
	/* the header's name in any case, its value exact */
	EXPECT_EQ(DEMO_V2,
		  demo_http(self->srv, GET("/", "Host: a\r\nx-canary: 1\r\n")));
	EXPECT_EQ(DEMO_V2,
		  demo_http(self->srv, GET("/a", "X-Canary: 1\r\nHost: a\r\n")));
	/* another value is not the canary: the split, v1 or v2 */
	who = demo_http(self->srv, GET("/", "Host: a\r\nx-canary: 2\r\n"));
	EXPECT_LE(0, who);
	EXPECT_GT(DEMO_DB, who);
}

TEST_F_TIMEOUT(demo, split_90_10, 600)
{
	int seen[DEMO_N] = {}, n = 200;

	ASSERT_EQ(0, tu_tally(self->srv, DEMO_N, "127.0.0.1", 80,
			      GET("/", "Host: a\r\n"), n, seen));
	TH_LOG("90/10 over %d requests: v1 %d, v2 %d", n, seen[DEMO_V1],
	       seen[DEMO_V2]);
	EXPECT_EQ(n, seen[DEMO_V1] + seen[DEMO_V2]);
	/* expected 180 / 20, standard deviation 4.2: allow 4 of them */
	EXPECT_LE(163, seen[DEMO_V1]);
	EXPECT_GE(197, seen[DEMO_V1]);
}

TEST_F_TIMEOUT(demo, tcp_proxy_to_db, 120)
{
	/* routed at connect(), whatever the bytes */
	EXPECT_EQ(DEMO_DB, demo_tcp(self->srv, "ping"));
	EXPECT_EQ(DEMO_DB, demo_tcp(self->srv, GET("/v2", "Host: a\r\n")));
}

TU_MESH_MAIN(mesh, "envoy-docs")

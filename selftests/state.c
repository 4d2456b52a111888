// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * State that survives `kmeshctl apply`, and applies that cannot step on
 * each other: max_connections holds across 20 applies of configs that
 * keep the cluster (at another table position each time); the
 * round-robin cursor and LEAST_REQUEST's live counts go on; the state of
 * a removed cluster is deleted and never given to another; a listener
 * counts a refused connection once; concurrent applies leave one whole
 * config and no other generation; an apply killed while writing, or
 * right after switching, is cleaned up by the next apply or load.
 * kmeshctl is the one selftests/Makefile builds next to this binary, or
 * $KMESHCTL; KMESH_FAULT (tools/lib/fault.h) kills it where a test says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <kmesh/maps.h>

#include "kselftest_harness.h"
#include "lib/backend.h"
#include "lib/mapcheck.h"
#include "lib/stats.h"
#include "lib/testutil.h"

#define N_SRV	2	/* servers on 127.0.0.1:8001, 8002 */
#define HELD	3	/* max_connections of cluster "held" */

#define TCP(name, port, cluster)					\
	"- name: " name "\n"						\
	"  address: {address: 127.0.0.1, port_value: " #port "}\n"	\
	"  filter_chains: [{filters: [{tcp_proxy: {cluster: " #cluster "}}]}]\n"
#define EP(port) "{address: {address: 127.0.0.1, port_value: " #port "}}"

/*
 * A and B both have the listener "held" on :3310 to the cluster "held"
 * (max_connections 3), "rr" on :3311 (round robin over both servers) and
 * "lr" on :3312 (least request); in B they sit at other table positions
 * (other ids), behind clusters A does not have.
 */
static const char cfg_a[] =
	"listeners:\n"
	TCP("held", 3310, held) TCP("rr", 3311, rr) TCP("lr", 3312, lr)
	"clusters:\n"
	"- {name: held, circuit_breakers: {max_connections: 3}, endpoints: [" EP(8001) "]}\n"
	"- {name: rr, endpoints: [" EP(8001) ", " EP(8002) "]}\n"
	"- {name: lr, lb_policy: LEAST_REQUEST, endpoints: [" EP(8001) ", " EP(8002) "]}\n";
static const char cfg_b[] =
	"listeners:\n"
	TCP("pad", 3319, pad) TCP("lr", 3312, lr) TCP("rr", 3311, rr)
	TCP("held", 3310, held)
	"clusters:\n"
	"- {name: pad, endpoints: [" EP(8002) "]}\n"
	"- {name: lr, lb_policy: LEAST_REQUEST, endpoints: [" EP(8002) ", " EP(8001) "]}\n"
	"- {name: rr, endpoints: [" EP(8001) ", " EP(8002) "]}\n"
	"- {name: held, circuit_breakers: {max_connections: 3}, endpoints: [" EP(8001) "]}\n";
/* Without "held": its state is deleted. */
static const char cfg_c[] =
	"listeners:\n"
	TCP("rr", 3311, rr)
	"clusters:\n"
	"- {name: rr, endpoints: [" EP(8001) ", " EP(8002) "]}\n";

static struct tu_mesh mesh;

FIXTURE(state) {
	char a[64], b[64], c[64];
	int srv[N_SRV];
};

FIXTURE_SETUP(state)
{
	memset(self->srv, -1, sizeof(self->srv));
	ASSERT_TRUE(mesh.loaded);
	ASSERT_EQ(0, tu_new_netns());
	ASSERT_EQ(0, tu_tmp_config(self->a, sizeof(self->a), "st-a", cfg_a));
	ASSERT_EQ(0, tu_tmp_config(self->b, sizeof(self->b), "st-b", cfg_b));
	ASSERT_EQ(0, tu_tmp_config(self->c, sizeof(self->c), "st-c", cfg_c));
	ASSERT_EQ(0, tu_tcp_listen_n("127.0.0.1", 8001, N_SRV, self->srv));
	ASSERT_EQ(0, tu_mesh_enter(&mesh, self->a));
}

FIXTURE_TEARDOWN(state)
{
	tu_close_all(self->srv, N_SRV);
	unlink(self->a);
	unlink(self->b);
	unlink(self->c);
}

/* Connect to 127.0.0.1:port: the server index that got it (the client
 * closed), or -errno of the connect. */
static int route(int *srv, uint16_t port)
{
	return tu_route(srv, N_SRV, "127.0.0.1", port);
}

static int apply(const char *cfg)
{
	return tu_kmeshctl(mesh.bpffs, "apply", cfg, NULL);
}

TEST_F_TIMEOUT(state, max_connections_hold_across_applies, 600)
{
	struct km_counters before, after;
	int c[HELD + 1], a[HELD], i, extra;

	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "held", &before));
	for (i = 0; i < HELD; i++) {
		c[i] = tu_tcp_connect("127.0.0.1", 3310);
		ASSERT_LE(0, c[i]);
		ASSERT_EQ(0, tu_accepted(self->srv, N_SRV, &a[i]));
	}
	/* 20 updates, the cluster at another position every other one */
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, apply(i % 2 ? self->a : self->b)) TH_LOG("apply %d", i);
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 3310));
	/* one closed: one more is accepted, and only one */
	close(c[0]);
	close(a[0]);
	c[0] = tu_tcp_connect("127.0.0.1", 3310);
	EXPECT_LE(0, c[0]);
	EXPECT_EQ(0, tu_accepted(self->srv, N_SRV, &a[0]));
	extra = tu_tcp_connect("127.0.0.1", 3310);
	EXPECT_EQ(-ECONNREFUSED, extra);
	if (extra >= 0)
		close(extra);
	/* the listener counted each connection once: 4 routed, 2 refused */
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "held", &after));
	EXPECT_EQ(HELD + 1, after.connections - before.connections);
	EXPECT_EQ(2, after.refusals - before.refusals);
	EXPECT_EQ(0, after.rate_limited - before.rate_limited);
	for (i = 0; i < HELD; i++) {
		close(c[i]);
		close(a[i]);
	}
	/* every slot back: three at once again */
	for (i = 0; i < HELD; i++) {
		c[i] = tu_tcp_connect("127.0.0.1", 3310);
		EXPECT_LE(0, c[i]);
	}
	for (i = 0; i < HELD; i++)
		if (c[i] >= 0)
			close(c[i]);
}

TEST_F_TIMEOUT(state, round_robin_cursor_survives_apply, 300)
{
	int first, i, who;

	first = route(self->srv, 3311);
	ASSERT_LE(0, first);
	/* each update keeps the cursor: the next connection goes on to
	 * the other server, whatever position the cluster has now */
	for (i = 1; i <= 4; i++) {
		ASSERT_EQ(0, apply(i % 2 ? self->b : self->a));
		who = route(self->srv, 3311);
		EXPECT_EQ((first + i) % 2, who) TH_LOG("after apply %d", i);
	}
}

TEST_F_TIMEOUT(state, least_request_counts_survive_apply, 900)
{
	int busy[2 * 8], n_busy, seen[N_SRV] = {};

	/* load 8002 with live connections, none on 8001 */
	n_busy = tu_hold(self->srv, N_SRV, 1, "127.0.0.1", 3312, "", 200, 8,
			 busy);
	ASSERT_EQ(8, n_busy);
	/* B lists the endpoints the other way round: their counts go by
	 * address, not position */
	ASSERT_EQ(0, apply(self->b));
	/* two random choices: when they differ the idle 8001 wins, so it
	 * takes 3/4 of new connections; counts lost to the update would
	 * give 1/2 */
	ASSERT_EQ(0, tu_tally(self->srv, N_SRV, "127.0.0.1", 3312, "", 100,
			      seen));
	TH_LOG("idle 8001: %d, busy 8002: %d", seen[0], seen[1]);
	EXPECT_LE(62, seen[0]);
	tu_close_all(busy, 2 * n_busy);
}

TEST_F_TIMEOUT(state, removed_cluster_state_is_deleted, 300)
{
	int c1, a1 = -1, c[HELD], i, ok = 0, t;
	long gen;

	c1 = tu_tcp_connect("127.0.0.1", 3310);
	ASSERT_LE(0, c1);
	ASSERT_EQ(0, tu_accepted(self->srv, N_SRV, &a1));
	/* "held" removed while it has an open connection */
	ASSERT_EQ(0, apply(self->c));
	gen = tu_active_gen(mesh.bpffs);
	ASSERT_LT(0, gen);
	for (t = 0; tu_state_maps[t]; t++) {
		const char *map = tu_state_maps[t];

		EXPECT_EQ(0, tu_orphan_state(mesh.bpffs, map, gen))
			TH_LOG("state of a removed object in %s", map);
	}
	/* the connection of the old "held" closes after it is back, as a
	 * new cluster: it gives nothing back to the new one's count */
	ASSERT_EQ(0, apply(self->a));
	close(c1);
	close(a1);
	for (i = 0; i < HELD; i++) {
		c[i] = tu_tcp_connect("127.0.0.1", 3310);
		ok += c[i] >= 0;
	}
	EXPECT_EQ(HELD, ok);
	EXPECT_EQ(-ECONNREFUSED, tu_tcp_connect("127.0.0.1", 3310));
	for (i = 0; i < HELD; i++)
		if (c[i] >= 0)
			close(c[i]);
}

/* Whether export now prints exactly the file want. */
static int exports(const char *want)
{
	char out[64], *got, *exp;
	int same;

	snprintf(out, sizeof(out), "/tmp/kmesh-st-exp-%d", getpid());
	if (tu_kmeshctl_out(out, mesh.bpffs, "export", NULL, NULL))
		return 0;
	got = tu_read_file(out);
	exp = tu_read_file(want);
	same = got && exp && !strcmp(got, exp);
	free(got);
	free(exp);
	unlink(out);
	return same;
}

static int export_to(const char *path)
{
	return tu_kmeshctl_out(path, mesh.bpffs, "export", NULL, NULL);
}

TEST_F_TIMEOUT(state, concurrent_applies, 900)
{
	char ea[64], ec[64];
	pid_t pids[4];
	int i, k, st, ok = 1;
	long gen;

	snprintf(ea, sizeof(ea), "/tmp/kmesh-st-ea-%d", getpid());
	snprintf(ec, sizeof(ec), "/tmp/kmesh-st-ec-%d", getpid());
	ASSERT_EQ(0, export_to(ea));
	ASSERT_EQ(0, apply(self->c));
	ASSERT_EQ(0, export_to(ec));
	/* four applying at once, A and C (3 and 1 listeners) in turn */
	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		for (k = 0; k < 3; k++)
			if (apply((i + k) % 2 ? self->a : self->c))
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < 4; i++)
		ok &= waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) &&
		      !WEXITSTATUS(st);
	EXPECT_TRUE(ok);
	/* one whole config is active, nothing else is in the maps */
	gen = tu_active_gen(mesh.bpffs);
	ASSERT_LT(0, gen);
	EXPECT_EQ(0, tu_records_not_of(mesh.bpffs, gen));
	EXPECT_EQ(KM_PHASE_IDLE, tu_loader_phase(mesh.bpffs));
	EXPECT_TRUE(exports(ea) || exports(ec));
	/* and it routes */
	EXPECT_LE(0, route(self->srv, 3311));
	unlink(ea);
	unlink(ec);
}

/* kmeshctl apply FILE with KMESH_FAULT=fault: its exit status, -1 if
 * it was killed. */
static int apply_faulty(const char *fault, const char *file)
{
	int rc;

	setenv("KMESH_FAULT", fault, 1);
	rc = apply(file);
	unsetenv("KMESH_FAULT");
	return rc;
}

TEST_F_TIMEOUT(state, killed_while_writing_cleaned_by_apply, 300)
{
	long gen, after;

	gen = tu_active_gen(mesh.bpffs);
	ASSERT_LT(0, gen);
	/* the record, then four of generation gen + 1's: killed */
	EXPECT_EQ(-1, apply_faulty("writes:5", self->b));
	EXPECT_EQ(gen, tu_active_gen(mesh.bpffs));
	EXPECT_LT(0, tu_records(mesh.bpffs, "km_listeners", gen + 1, 0));
	EXPECT_EQ(KM_PHASE_WRITING, tu_loader_phase(mesh.bpffs));
	/* the old config still routes */
	EXPECT_LE(0, route(self->srv, 3310));
	/* the next apply deletes what was left, then applies */
	ASSERT_EQ(0, apply(self->b));
	after = tu_active_gen(mesh.bpffs);
	EXPECT_EQ(gen + 1, after);
	EXPECT_EQ(0, tu_records_not_of(mesh.bpffs, after));
	EXPECT_EQ(KM_PHASE_IDLE, tu_loader_phase(mesh.bpffs));
	EXPECT_EQ(1, route(self->srv, 3319));	/* B's "pad" */
}

TEST_F_TIMEOUT(state, killed_after_switch_cleaned_by_load, 300)
{
	struct km_counters before, after;
	long gen;

	/* two connections counted under A */
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "rr", &before));
	EXPECT_LE(0, route(self->srv, 3311));
	EXPECT_LE(0, route(self->srv, 3311));
	gen = tu_active_gen(mesh.bpffs);
	ASSERT_LT(0, gen);
	/* killed right after B became active: A's generation is left, its
	 * counters not carried over */
	EXPECT_EQ(-1, apply_faulty("at:switched", self->b));
	EXPECT_EQ(gen + 1, tu_active_gen(mesh.bpffs));
	EXPECT_LT(0, tu_records(mesh.bpffs, "km_listeners", gen, 0));
	EXPECT_EQ(KM_PHASE_WRITING, tu_loader_phase(mesh.bpffs));
	EXPECT_EQ(1, route(self->srv, 3319));	/* B routes */
	/* load on the loaded data plane finishes that apply */
	EXPECT_EQ(0, tu_kmeshctl(mesh.bpffs, "load", "--cgroup", mesh.cg));
	EXPECT_EQ(0, tu_records_not_of(mesh.bpffs, gen + 1));
	EXPECT_EQ(KM_PHASE_IDLE, tu_loader_phase(mesh.bpffs));
	ASSERT_EQ(0, tu_stats_get(mesh.bpffs, "rr", &after));
	EXPECT_EQ(2, after.connections - before.connections);
}

TU_MESH_MAIN(mesh, "state")

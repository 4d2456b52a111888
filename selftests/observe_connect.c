// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Foundation test: a sock_ops program loaded through a libbpf skeleton and
 * attached to a cgroup sees the TCP connects made from inside that cgroup,
 * and only those.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"
#include "lib/testutil.h"
#include "observe_connect.skel.h"

FIXTURE(observe) {
	struct observe_connect *skel;
	struct bpf_link *link;
	char cg[256];
	int cgfd;
	int srv;
	uint16_t port;
};

FIXTURE_SETUP(observe)
{
	ASSERT_EQ(0, tu_new_netns());
	ASSERT_EQ(0, tu_cgroup_create(self->cg, sizeof(self->cg)));
	self->cgfd = open(self->cg, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, self->cgfd);
	self->skel = observe_connect__open_and_load();
	ASSERT_NE(NULL, self->skel);
	self->link = bpf_program__attach_cgroup(self->skel->progs.observe_connect,
						self->cgfd);
	ASSERT_NE(NULL, self->link);
	self->port = 0;
	self->srv = tu_tcp_listen("127.0.0.1", &self->port);
	ASSERT_LE(0, self->srv);
}

FIXTURE_TEARDOWN(observe)
{
	close(self->srv);
	bpf_link__destroy(self->link);
	observe_connect__destroy(self->skel);
	close(self->cgfd);
	tu_cgroup_destroy(self->cg);
}

static __u64 seen(struct observe_connect *skel, uint16_t port)
{
	__u32 key = port;
	__u64 n = 0;

	if (bpf_map__lookup_elem(skel->maps.connects, &key, sizeof(key),
				 &n, sizeof(n), 0))
		return 0;
	return n;
}

TEST_F(observe, counts_connects_from_cgroup)
{
	int i, c;

	ASSERT_EQ(0, tu_cgroup_join(self->cg));
	for (i = 0; i < 3; i++) {
		c = tu_tcp_connect("127.0.0.1", self->port);
		ASSERT_LE(0, c);
		close(c);
	}
	EXPECT_EQ(3ULL, seen(self->skel, self->port));
}

TEST_F(observe, ignores_connects_outside_cgroup)
{
	int c = tu_tcp_connect("127.0.0.1", self->port);

	ASSERT_LE(0, c);
	close(c);
	EXPECT_EQ(0ULL, seen(self->skel, self->port));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Evidence that v1 of the series (06e7dfa^) had the bugs of points 1-7
 * of the review: every test asserts what v2 does, but speaks v1's uapi
 * (callback 16, optname 1009, "bpf_defer" attached from cgroup
 * connect4/connect6, refusal by return 0 or reply), so on a v1 kernel
 * each one must fail, or skip with a reason.  See README-section.md.
 *
 * Each test runs in a child of its own, in a new network namespace with
 * lo up, in a cgroup with the programs attached, under an alarm; its
 * listeners are real and the checks are what arrived where.  A control
 * run first proves that v1's deferred connect works here (deferred,
 * callback run, routed by BPF), so that the failures are the bugs and
 * not the setup.  Output is TAP; exit status 0 when every test passed
 * or skipped, 1 when one failed, 2 when the setup did not work.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "testutil.h"
#include "v1_uapi.h"
#include "v1_evidence.h"
#include "v1_evidence.skel.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PORT_A		7001	/* the destination the application asks for */
#define PORT_B		7002	/* where the policy sends it */
#define TEST_TIMEOUT	30	/* seconds, per test */
#define CGROUP2_MAGIC	0x63677270

static const char req[] = "GET /v2/items HTTP/1.1\r\nHost: svc\r\n\r\n";
static const char hello[] = "220 smtp ready\r\n";

static struct v1_evidence *skel;
static int cg_fd = -1, parent_fd = -1;
static char cg_root[256], cg_parent[PATH_MAX], cg_leaf[PATH_MAX + 8];
static bool cg_mounted;

/* Written by a test's child, read by the parent for the TAP line */
static struct {
	char skip[200];
	char setup[200];
	int mount_errno;
} *shm;

static int failed;

static void check_failed(int line, const char *what)
{
	printf("#   line %d: %s (errno %d: %s)\n", line, what, errno,
	       strerror(errno));
	failed = 1;
}

/* CHECK goes on, REQUIRE ends the test */
#define CHECK(c)	do { if (!(c)) check_failed(__LINE__, #c); } while (0)
#define REQUIRE(c)	do { if (!(c)) { check_failed(__LINE__, #c); return; } } while (0)

static void __attribute__((noreturn, format(printf, 1, 2)))
setup_failed(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shm->setup, sizeof(shm->setup), fmt, ap);
	va_end(ap);
	exit(2);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shm->skip, sizeof(shm->skip), fmt, ap);
	va_end(ap);
	exit(3);
}

/* ---- BPF maps ---- */

static struct ev_cfg cfg_default(void)
{
	struct ev_cfg cfg = {
		.port = PORT_A, .new_port = PORT_B, .action = EV_REWRITE,
		.new_family = AF_INET,
	};

	inet_pton(AF_INET, "127.0.0.1", cfg.new_addr);
	return cfg;
}

static void set_cfg(const struct ev_cfg *cfg)
{
	__u32 zero = 0;

	if (bpf_map_update_elem(bpf_map__fd(skel->maps.cfg_map), &zero, cfg,
				BPF_ANY))
		setup_failed("cfg_map update: %s", strerror(errno));
}

static struct ev_result result(void)
{
	struct ev_result res;
	__u32 zero = 0;

	memset(&res, 0xff, sizeof(res));
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.res_map), &zero, &res);
	return res;
}

/* ---- sockets ---- */

static socklen_t mkaddr(struct sockaddr_storage *ss, const char *addr,
			int port)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
		setup_failed("bad address %s", addr);
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	return sizeof(*s6);
}

static int listen_on(const char *addr, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(&ss, addr, port);
	int fd, one = 1;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		setup_failed("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 16))
		setup_failed("listen on %s:%d: %s", addr, port, strerror(errno));
	return fd;
}

static void set_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* A connection accepted on lfd within ms, or -1 */
static int accept_within(int lfd, int ms)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	int fd;

	if (poll(&p, 1, ms) != 1)
		return -1;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0)
		set_timeouts(fd, 3000);
	return fd;
}

static ssize_t read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			break;
		got += n;
	}
	return got;
}

/* The server at lfd gets one connection carrying exactly buf */
static bool received(int lfd, const void *buf, size_t len)
{
	int afd = accept_within(lfd, 3000);
	char got[4096];
	bool ok;

	if (afd < 0 || len > sizeof(got))
		return false;
	ok = read_all(afd, got, len) == (ssize_t)len && !memcmp(got, buf, len) &&
	     recv(afd, got, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN;
	close(afd);
	return ok;
}

/* Nobody connects to lfd within 300 ms */
static bool nothing_at(int lfd)
{
	int afd = accept_within(lfd, 300);

	if (afd >= 0)
		close(afd);
	return afd < 0;
}

/* A socket whose connect() to dest:port v1's policy deferred: connect()
 * returned 0 and "bpf_defer" is attached.  Anything else is a setup
 * error, not evidence: the test would fail for the wrong reason.
 */
static int deferred_client(int family, const char *dest, int port, int flags)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(&ss, dest, port);
	char name[16] = "";
	int fd;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
	if (fd < 0)
		setup_failed("socket: %s", strerror(errno));
	set_timeouts(fd, 3000);
	if (connect(fd, (struct sockaddr *)&ss, len))
		setup_failed("connect() to %s:%d: %s", dest, port, strerror(errno));
	len = sizeof(name);
	if (getsockopt(fd, IPPROTO_TCP, TCP_ULP, name, &len) ||
	    strcmp(name, V1_ULP_NAME))
		setup_failed("connect() was not deferred: ULP \"%s\", connect4 set %d",
			     name, result().set_ret);
	return fd;
}

static int port_of(int fd, int peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len) :
		       getsockname(fd, (struct sockaddr *)&ss, &len);

	if (r)
		return -errno;
	return ntohs(ss.ss_family == AF_INET ?
		     ((struct sockaddr_in *)&ss)->sin_port :
		     ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static int so_error(int fd)
{
	socklen_t len = sizeof(int);
	int err = -1;

	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	return err;
}

/* A server that speaks first: greets the first connection on lfd */
static pid_t greeter(int lfd)
{
	pid_t pid = fork();
	int afd;

	if (!pid) {
		alarm(10);
		afd = accept_within(lfd, 5000);
		_exit(afd >= 0 && write(afd, hello, sizeof(hello) - 1) > 0 ? 0 : 1);
	}
	if (pid < 0)
		setup_failed("fork: %s", strerror(errno));
	return pid;
}

/* ---- the control: v1's own feature works here ---- */

static void control(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	struct ev_result res;
	int fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);

	CHECK(nothing_at(a));
	CHECK(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == sizeof(req) - 1);
	CHECK(received(b, req, sizeof(req) - 1));
	res = result();
	CHECK(res.connect_runs == 1 && res.set_ret == 0);
	CHECK(res.cb_runs == 1 && res.cb_len == sizeof(req) - 1);
	CHECK(res.cb_set_ret == 0);
}

/* ---- point 1: programs that know nothing of the callback ---- */

static void neighbour(const char *prog, bool parent)
{
	struct bpf_program *p;
	struct bpf_link *link;
	struct ev_result res;
	struct ev_cfg cfg;
	int a, b, fd;

	p = bpf_object__find_program_by_name(skel->obj, prog);
	if (!p)
		setup_failed("no program %s", prog);
	/* cgroup links are BPF_F_ALLOW_MULTI, next to the policy's */
	link = bpf_program__attach_cgroup(p, parent ? parent_fd : cg_fd);
	if (!link)
		setup_failed("attach %s: %s", prog, strerror(errno));
	a = listen_on("127.0.0.1", PORT_A);
	b = listen_on("127.0.0.1", PORT_B);

	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	CHECK(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == sizeof(req) - 1);
	CHECK(received(b, req, sizeof(req) - 1));
	CHECK(nothing_at(a));
	res = result();
	CHECK(res.cb_runs == 1);
	CHECK(res.neighbour_runs >= 2);
	close(fd);

	/* and with the policy keeping the destination */
	cfg = cfg_default();
	cfg.action = EV_KEEP;
	set_cfg(&cfg);
	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	CHECK(send(fd, "ping", 4, MSG_NOSIGNAL) == 4);
	CHECK(received(a, "ping", 4));
	close(fd);
	bpf_link__destroy(link);
}

static void neighbour_reply_same_cgroup(void)
{
	neighbour("neighbour_reply", false);
}

static void neighbour_reply_parent_cgroup(void)
{
	neighbour("neighbour_reply", true);
}

static void neighbour_zero_same_cgroup(void)
{
	neighbour("neighbour_zero", false);
}

static void neighbour_zero_parent_cgroup(void)
{
	neighbour("neighbour_zero", true);
}

/* ---- point 2: kernel sockets ---- */

/* 9p over TCP from a mount in the policy's cgroup: the kernel's own
 * socket goes to the original destination with the kernel's first
 * message (Tversion), and the policy never decides on it.
 */
static void kernel_socket_is_never_deferred(void)
{
	char dir[] = "/tmp/v1_evidence.9p.XXXXXX";
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	unsigned char buf[7] = "";
	struct ev_result res;
	int afd, status;
	pid_t pid;

	if (!mkdtemp(dir))
		setup_failed("mkdtemp: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		setup_failed("fork: %s", strerror(errno));
	if (!pid) {
		char opts[64];

		alarm(15);
		snprintf(opts, sizeof(opts),
			 "trans=tcp,port=%d,version=9p2000.L", PORT_A);
		if (mount("127.0.0.1", dir, "9p", 0, opts)) {
			shm->mount_errno = errno;
			_exit(0);
		}
		_exit(1);
	}
	afd = accept_within(a, 5000);
	if (afd < 0 && result().connect_runs == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		rmdir(dir);
		setup_failed("the 9p mount never connected (mount: %s)",
			     strerror(shm->mount_errno));
	}
	CHECK(afd >= 0);
	if (afd >= 0) {
		/* size[4] type[1] tag[2]: Tversion is 100 */
		CHECK(read_all(afd, buf, sizeof(buf)) == sizeof(buf));
		CHECK(buf[4] == 100);
		close(afd);
	} else {
		kill(pid, SIGKILL);
	}
	CHECK(nothing_at(b));
	close(a);
	close(b);
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status))
		umount2(dir, MNT_DETACH);	/* mounted: we are no 9p server */
	rmdir(dir);
	res = result();
	CHECK(res.connect_runs == 1);
	CHECK(res.set_ret == -EPERM);
	CHECK(res.cb_runs == 0);
}

/* ---- point 3: plain TCP once the connect has started ---- */

static void tls_after_the_first_send(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0), afd;
	char name[16] = "x";
	socklen_t len;

	REQUIRE(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == sizeof(req) - 1);
	afd = accept_within(b, 3000);
	REQUIRE(afd >= 0);
	CHECK(nothing_at(a));
	len = sizeof(name);
	CHECK(!getsockopt(fd, IPPROTO_TCP, TCP_ULP, name, &len) && len == 0);
	CHECK(setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tls", sizeof("tls")) == 0);
	len = sizeof(name);
	CHECK(!getsockopt(fd, IPPROTO_TCP, TCP_ULP, name, &len) &&
	      !strcmp(name, "tls"));
	close(afd);
}

/* connect(AF_UNSPEC), then a connect() the policy does not defer (it
 * attaches only for PORT_A): it connects at once.
 */
static void disconnect_then_connect_is_not_deferred_again(void)
{
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(&ss, "127.0.0.1", PORT_B);
	struct ev_cfg cfg = cfg_default();
	char buf[4];
	int fd, afd;

	cfg.action = EV_KEEP;
	set_cfg(&cfg);
	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	REQUIRE(connect(fd, &unspec, sizeof(unspec)) == 0);
	REQUIRE(connect(fd, (struct sockaddr *)&ss, len) == 0);
	afd = accept_within(b, 2000);
	CHECK(afd >= 0);
	CHECK(nothing_at(a));
	CHECK(result().cb_runs == 0);
	if (afd >= 0) {
		CHECK(send(fd, "ping", 4, MSG_NOSIGNAL) == 4);
		CHECK(read_all(afd, buf, sizeof(buf)) == sizeof(buf));
		close(afd);
	}
}

/* A v4-mapped socket becomes AF_INET again once connected */
static void ipv6_addrform_after_the_first_send(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd, afd, v4 = AF_INET, domain = 0;
	socklen_t len = sizeof(domain);

	fd = deferred_client(AF_INET6, "::ffff:127.0.0.1", PORT_A, 0);
	REQUIRE(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == sizeof(req) - 1);
	afd = accept_within(b, 3000);
	REQUIRE(afd >= 0);
	CHECK(nothing_at(a));
	CHECK(setsockopt(fd, IPPROTO_IPV6, IPV6_ADDRFORM, &v4, sizeof(v4)) == 0);
	CHECK(!getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) &&
	      domain == AF_INET);
	close(afd);
}

/* ---- point 4: poll ---- */

/* A server-first client whose event loop registers EPOLLIN|EPOLLOUT,
 * edge-triggered, and then only waits (nginx's mail and stream
 * proxies) gets its greeting; v1 connects nothing.  Bounded at 3 s.
 */
static void server_first_epoll_in_out_et_gets_greeting(void)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP,
	};
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd, ep, n, i, status;
	struct ev_result res;
	bool got_in = false;
	char buf[64] = "";
	pid_t pid;

	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, SOCK_NONBLOCK);
	pid = greeter(b);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		setup_failed("epoll: %s", strerror(errno));
	/* the first event: writable, and nothing to write */
	CHECK(epoll_wait(ep, &ev, 1, 1000) == 1 && (ev.events & EPOLLOUT));
	for (i = 0; i < 30 && !got_in; i++) {
		n = epoll_wait(ep, &ev, 1, 100);
		got_in = n == 1 && (ev.events & EPOLLIN);
	}
	CHECK(got_in);
	if (got_in) {
		CHECK(recv(fd, buf, sizeof(buf) - 1, 0) == sizeof(hello) - 1);
		CHECK(!strcmp(buf, hello));
	} else {
		kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	CHECK(nothing_at(a));
	res = result();
	CHECK(res.cb_runs == 1);
	CHECK(res.cb_len == 0);
	close(ep);
}

/* Polls that ask for no input start nothing */
static void no_input_interest(short events)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	struct pollfd p = { .fd = fd, .events = events };

	CHECK(poll(&p, 1, 300) >= 0);
	CHECK(!(p.revents & (POLLERR | POLLHUP | POLLIN)));
	CHECK(nothing_at(a));
	CHECK(nothing_at(b));
	CHECK(result().cb_runs == 0);
}

static void poll_no_events_starts_nothing(void)
{
	no_input_interest(0);
}

static void poll_pri_starts_nothing(void)
{
	no_input_interest(POLLPRI);
}

static void poll_rdhup_starts_nothing(void)
{
	no_input_interest(POLLRDHUP);
}

static void select_exceptfds_starts_nothing(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	struct timeval tv = { .tv_usec = 300000 };
	fd_set efds;

	FD_ZERO(&efds);
	FD_SET(fd, &efds);
	CHECK(select(fd + 1, NULL, NULL, &efds, &tv) == 0);
	CHECK(nothing_at(a));
	CHECK(nothing_at(b));
	CHECK(result().cb_runs == 0);
}

/* ---- point 5: errors are exact ---- */

/* failslab on the TCP bind bucket cache: the next bucket allocated
 * fails once (vm-run.sh boots with slab_nomerge, so the cache is its
 * own).  As in v2's patch 0007.
 */
static int fail_bind_bucket(int on)
{
	static const char * const knobs[][2] = {
		{ "/sys/kernel/debug/failslab/cache-filter", "Y" },
		{ "/sys/kernel/debug/failslab/task-filter", "N" },
		{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/failslab/interval", "1" },
		{ "/sys/kernel/debug/failslab/space", "0" },
		{ "/sys/kernel/debug/failslab/verbose", "0" },
		{ "/sys/kernel/debug/failslab/times", "1" },
		{ "/sys/kernel/debug/failslab/probability", "100" },
	};
	const char *cache = "/sys/kernel/slab/tcp_bind_bucket/failslab";
	unsigned int i;

	if (!on)
		return tu_write_file(knobs[7][0], "0") ?: tu_write_file(cache, "0");
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		if (tu_write_file(knobs[i][0], knobs[i][1]))
			return -EIO;
	return tu_write_file(cache, "1");
}

/* -ENOMEM from the real connect, started by a poll for input, is a
 * failed connect: EPOLLERR and SO_ERROR ENOMEM, once (v1: EPOLLHUP
 * alone, SO_ERROR 0, as for "copy failed, still deferred").
 */
static void connect_enomem_on_poll_is_reported(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	struct ev_cfg cfg = cfg_default();
	struct pollfd p;
	int fd;

	if (access("/sys/kernel/debug/failslab", W_OK))
		skip("no /sys/kernel/debug/failslab: no CONFIG_FAILSLAB in this kernel "
		     "(v1's kernel-config has no fault injection)");
	if (access("/sys/kernel/slab/tcp_bind_bucket/failslab", W_OK))
		skip("no failslab knob for the tcp_bind_bucket cache "
		     "(merged? boot with slab_nomerge)");
	cfg.action = EV_KEEP;
	set_cfg(&cfg);
	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	if (fail_bind_bucket(1))
		setup_failed("cannot arm failslab");
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&p, 1, 5000) == 1);
	/* v2 connects from a work item: it may still be connecting */
	if (!(p.revents & POLLERR))
		poll(&p, 1, 5000);
	fail_bind_bucket(0);
	CHECK(p.revents & POLLERR);
	CHECK(so_error(fd) == ENOMEM);
	CHECK(so_error(fd) == 0);
	CHECK(nothing_at(a));
	CHECK(result().cb_runs == 1);
}

/* ---- point 6: the new destination is checked like connect()'s ---- */

/* The policy's bpf_setsockopt(TCP_BPF_DEFER_CONNECT_ADDR) is -EINVAL,
 * and the refused address changes nothing: the original destination.
 */
static void bad_destination(int family, const char *addr, __u32 scope_id,
			    __u32 flowinfo)
{
	const char *server = family == AF_INET ? "127.0.0.1" : "::1";
	int a = listen_on(server, PORT_A);
	int b = listen_on(server, PORT_B);
	struct ev_cfg cfg = cfg_default();
	int fd;

	cfg.new_family = family;
	memset(cfg.new_addr, 0, sizeof(cfg.new_addr));
	if (inet_pton(family, addr, cfg.new_addr) != 1)
		setup_failed("bad address %s", addr);
	cfg.new_scope_id = scope_id;
	cfg.new_flowinfo = flowinfo;
	set_cfg(&cfg);
	fd = deferred_client(family, server, PORT_A, 0);
	CHECK(send(fd, "ping", 4, MSG_NOSIGNAL) == 4);
	CHECK(result().cb_runs == 1);
	CHECK(result().cb_set_ret == -EINVAL);
	CHECK(received(a, "ping", 4));
	CHECK(nothing_at(b));
}

static void ipv4_any_is_einval(void)
{
	bad_destination(AF_INET, "0.0.0.0", 0, 0);
}

static void ipv4_multicast_is_einval(void)
{
	bad_destination(AF_INET, "224.0.0.1", 0, 0);
}

static void ipv4_broadcast_is_einval(void)
{
	bad_destination(AF_INET, "255.255.255.255", 0, 0);
}

static void ipv6_any_is_einval(void)
{
	bad_destination(AF_INET6, "::", 0, 0);
}

static void ipv6_multicast_is_einval(void)
{
	bad_destination(AF_INET6, "ff02::1", 0, 0);
}

static void ipv6_link_local_is_einval(void)
{
	bad_destination(AF_INET6, "fe80::1", 0, 0);
}

/* lo is ifindex 1 in every netns */
static void ipv6_scope_id_on_loopback_is_einval(void)
{
	bad_destination(AF_INET6, "::1", 1, 0);
}

static void ipv6_flowinfo_is_einval(void)
{
	bad_destination(AF_INET6, "::1", 0, 1);
}

/* ---- point 7: what connect() and shutdown() say ---- */

/* shutdown(SHUT_RDWR) before any send: 0, and no SYN is ever sent */
static void shutdown_before_send_returns_zero(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	struct ev_cfg cfg = cfg_default();
	char c;
	int fd;

	cfg.action = EV_KEEP;
	set_cfg(&cfg);
	fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	CHECK(shutdown(fd, SHUT_RDWR) == 0);
	CHECK(send(fd, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
	CHECK(recv(fd, &c, 1, MSG_DONTWAIT) == 0);
	CHECK(nothing_at(a));
	CHECK(result().cb_runs == 0);
}

/* What v2 documents (Documentation/networking/tcp_bpf_defer.rst): the
 * peer is the one asked for and the local port is 0 until the connect
 * starts, then both are the truth; shutdown(SHUT_RD) returns 0, reads
 * see the end, and the connect stays deferred for the send.  (The
 * getsockname() part holds on v1 too: v2 documented it, not changed it.)
 */
static void shutdown_read_keeps_the_connect_deferred(void)
{
	int a = listen_on("127.0.0.1", PORT_A);
	int b = listen_on("127.0.0.1", PORT_B);
	int fd = deferred_client(AF_INET, "127.0.0.1", PORT_A, 0);
	char c;

	CHECK(port_of(fd, 1) == PORT_A);
	CHECK(port_of(fd, 0) == 0);
	CHECK(shutdown(fd, SHUT_RD) == 0);
	CHECK(recv(fd, &c, 1, 0) == 0);
	CHECK(result().cb_runs == 0);
	CHECK(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) == sizeof(req) - 1);
	CHECK(received(b, req, sizeof(req) - 1));
	CHECK(nothing_at(a));
	CHECK(port_of(fd, 0) > 0);
	CHECK(port_of(fd, 1) == PORT_B);
}

/* ---- the runner ---- */

struct test {
	int point;
	const char *name;
	void (*fn)(void);
};

#define T(p, f)	{ p, #f, f }

static const struct test tests[] = {
	T(1, neighbour_reply_same_cgroup),
	T(1, neighbour_reply_parent_cgroup),
	T(1, neighbour_zero_same_cgroup),
	T(1, neighbour_zero_parent_cgroup),
	T(2, kernel_socket_is_never_deferred),
	T(3, tls_after_the_first_send),
	T(3, disconnect_then_connect_is_not_deferred_again),
	T(3, ipv6_addrform_after_the_first_send),
	T(4, server_first_epoll_in_out_et_gets_greeting),
	T(4, poll_no_events_starts_nothing),
	T(4, poll_pri_starts_nothing),
	T(4, poll_rdhup_starts_nothing),
	T(4, select_exceptfds_starts_nothing),
	T(5, connect_enomem_on_poll_is_reported),
	T(6, ipv4_any_is_einval),
	T(6, ipv4_multicast_is_einval),
	T(6, ipv4_broadcast_is_einval),
	T(6, ipv6_any_is_einval),
	T(6, ipv6_multicast_is_einval),
	T(6, ipv6_link_local_is_einval),
	T(6, ipv6_scope_id_on_loopback_is_einval),
	T(6, ipv6_flowinfo_is_einval),
	T(7, shutdown_before_send_returns_zero),
	T(7, shutdown_read_keeps_the_connect_deferred),
};

/* In the test's child: a new netns with lo up, the test cgroup, and
 * maps at their defaults.
 */
static void child_env(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	struct ev_result zero_res = {};
	struct ev_cfg cfg = cfg_default();
	char path[PATH_MAX + 32], pid[16];
	__u32 zero = 0;
	int fd;

	if (unshare(CLONE_NEWNET))
		setup_failed("unshare(CLONE_NEWNET): %s", strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		setup_failed("lo: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		setup_failed("lo up: %s", strerror(errno));
	close(fd);

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg_leaf);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (tu_write_file(path, pid))
		setup_failed("cannot join %s", cg_leaf);
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.res_map), &zero,
				&zero_res, BPF_ANY))
		setup_failed("res_map reset: %s", strerror(errno));
	set_cfg(&cfg);
}

enum { T_PASS, T_FAIL, T_SETUP, T_SKIP, T_TIMEOUT };

static int run(void (*fn)(void))
{
	int status;
	pid_t pid;

	memset(shm, 0, sizeof(*shm));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return T_SETUP;
	if (!pid) {
		setpgid(0, 0);
		alarm(TEST_TIMEOUT);
		child_env();
		failed = 0;
		fn();
		exit(failed);
	}
	waitpid(pid, &status, 0);
	kill(-pid, SIGKILL);	/* greeters or mounts left behind */
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGALRM ? T_TIMEOUT : T_FAIL;
	switch (WEXITSTATUS(status)) {
	case 0: return T_PASS;
	case 1: return T_FAIL;
	case 3: return T_SKIP;
	default: return T_SETUP;
	}
}

static bool ulp_available(void)
{
	char buf[256] = "";
	int fd = open("/proc/sys/net/ipv4/tcp_available_ulp", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && strstr(buf, V1_ULP_NAME);
}

static void cleanup(void)
{
	v1_evidence__destroy(skel);
	skel = NULL;
	if (cg_fd >= 0)
		close(cg_fd);
	if (parent_fd >= 0)
		close(parent_fd);
	rmdir(cg_leaf);
	rmdir(cg_parent);
	if (cg_mounted) {
		umount2(cg_root, MNT_DETACH);
		rmdir(cg_root);
	}
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	cleanup();
	exit(2);
}

/* cgroup2 at /sys/fs/cgroup, or mounted here; a parent and a leaf in it */
static void setup_cgroups(void)
{
	struct statfs sfs;

	snprintf(cg_root, sizeof(cg_root), "/sys/fs/cgroup");
	if (statfs(cg_root, &sfs) || sfs.f_type != CGROUP2_MAGIC) {
		snprintf(cg_root, sizeof(cg_root), "/tmp/v1_evidence.cg.XXXXXX");
		if (!mkdtemp(cg_root) || mount("none", cg_root, "cgroup2", 0, NULL))
			bail("no cgroup2 (%s)", strerror(errno));
		cg_mounted = true;
	}
	snprintf(cg_parent, sizeof(cg_parent), "%s/v1_evidence.%d", cg_root,
		 getpid());
	snprintf(cg_leaf, sizeof(cg_leaf), "%s/test", cg_parent);
	if (mkdir(cg_parent, 0755) || mkdir(cg_leaf, 0755))
		bail("mkdir %s: %s", cg_leaf, strerror(errno));
	parent_fd = open(cg_parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cg_fd = open(cg_leaf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (parent_fd < 0 || cg_fd < 0)
		bail("open %s: %s", cg_leaf, strerror(errno));
}

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	printf("# libbpf: ");
	return vprintf(fmt, ap);
}

int main(void)
{
	static const char * const results[] = {
		[T_PASS] = "ok", [T_FAIL] = "not ok", [T_SETUP] = "not ok",
		[T_SKIP] = "ok", [T_TIMEOUT] = "not ok",
	};
	int n = ARRAY_SIZE(tests), fails = 0, errors = 0, i, r;
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	libbpf_set_print(print_libbpf);
	printf("TAP version 13\n");
	uname(&u);
	printf("# v1 evidence on linux %s: each test asserts v2's behaviour in v1's uapi\n",
	       u.release);
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		bail("mmap: %s", strerror(errno));
	if (geteuid())
		bail("must run as root");
	if (!ulp_available() && system("modprobe -q " V1_ULP_MODULE) != 0)
		printf("# modprobe %s failed\n", V1_ULP_MODULE);
	if (!ulp_available())
		bail("no \"%s\" in tcp_available_ulp: not a v1 kernel", V1_ULP_NAME);
	setup_cgroups();
	skel = v1_evidence__open_and_load();
	if (!skel)
		bail("cannot load v1_evidence.bpf.o: %s", strerror(errno));
	skel->links.ev_connect4 = bpf_program__attach_cgroup(skel->progs.ev_connect4, cg_fd);
	skel->links.ev_connect6 = bpf_program__attach_cgroup(skel->progs.ev_connect6, cg_fd);
	skel->links.ev_decide = bpf_program__attach_cgroup(skel->progs.ev_decide, cg_fd);
	if (!skel->links.ev_connect4 || !skel->links.ev_connect6 ||
	    !skel->links.ev_decide)
		bail("cannot attach to %s: %s", cg_leaf, strerror(errno));

	/* v1's feature itself works here, or the failures prove nothing */
	r = run(control);
	if (r != T_PASS)
		bail("control failed: v1's deferred connect is not routed by BPF here%s%s",
		     shm->setup[0] ? ": " : "", shm->setup);
	printf("# control: connect() deferred, callback %d ran, send routed by BPF\n",
	       V1_BPF_SOCK_OPS_TCP_DEFER_CONNECT_CB);

	printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		printf("# %s (point %d)\n", tests[i].name, tests[i].point);
		r = run(tests[i].fn);
		printf("%s %d %s", results[r], i + 1, tests[i].name);
		if (r == T_SKIP)
			printf(" # SKIP %s", shm->skip);
		else if (r == T_SETUP)
			printf(" # setup failed: %s", shm->setup);
		else if (r == T_TIMEOUT)
			printf(" # timed out after %d s", TEST_TIMEOUT);
		printf("\n");
		fails += r == T_FAIL || r == T_TIMEOUT;
		errors += r == T_SETUP;
	}
	cleanup();
	return errors ? 2 : fails ? 1 : 0;
}

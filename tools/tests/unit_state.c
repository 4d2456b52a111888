// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of what keeps the data plane's state across updates and
 * updates apart, as far as the host can run it: state ids by identity
 * (compile/state_ids.c), the plan for a loader record an update finds
 * (dataplane/journal.c), the lock that serializes updates
 * (lib/dirlock.c, with processes racing for it) and the fault points
 * the guest tests kill kmeshctl at (lib/fault.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compile/compile.h"
#include "compile/state_ids.h"
#include "dataplane/journal.h"
#include <kmesh/bucket.h>
#include "lib/dirlock.h"
#include "lib/fault.h"
#include "unit.h"

#define EP(a, p) "{address: {address: '" a "', port_value: " #p "}}"

static const char cfg_a[] =
	"clusters:\n"
	"- {name: a, endpoints: [" EP("127.0.0.1", 1) ", " EP("127.0.0.1", 2) "]}\n"
	"- {name: b, endpoints: [" EP("127.0.0.1", 1) "]}\n";
/* a kept, with one of its endpoints; b gone; c new, on b's address */
static const char cfg_b[] =
	"clusters:\n"
	"- {name: c, endpoints: [" EP("127.0.0.1", 1) "]}\n"
	"- {name: a, endpoints: [" EP("::1", 3) ", " EP("127.0.0.1", 2) "]}\n";
/* the same endpoint twice */
static const char cfg_dup[] =
	"clusters:\n"
	"- {name: d, endpoints: [" EP("10.0.0.1", 80) ", " EP("10.0.0.1", 80) "]}\n";

/* Every state id of c, nonzero and distinct, below next. */
static bool ids_sane(const struct kmesh_compiled *c, __u64 next)
{
	__u64 *v;
	size_t n, i;
	bool ok = true;

	if (state_ids_list(c, &v, &n))
		return false;
	for (i = 0; i < n; i++)
		ok = ok && v[i] && v[i] < next && (!i || v[i - 1] < v[i]);
	free(v);
	return ok;
}

/* Whether sid is one of c's. */
static bool has(const struct kmesh_compiled *c, __u64 sid)
{
	__u64 *v;
	size_t n;
	bool hit;

	if (state_ids_list(c, &v, &n))
		return false;
	hit = state_ids_has(v, n, sid);
	free(v);
	return hit;
}

void test_state_ids(void)
{
	struct kmesh_compiled a, b;
	__u64 next = 0, before;

	if (!unit_compile_yaml(cfg_a, &a) || !unit_compile_yaml(cfg_b, &b)) {
		failed = true;
		return;
	}
	EXPECT(!state_ids_assign(&a, NULL, &next));
	EXPECT(next == 6);	/* 2 clusters, 3 endpoints, from 1 */
	EXPECT(ids_sane(&a, next));
	before = next;
	EXPECT(!state_ids_assign(&b, &a, &next));
	EXPECT(ids_sane(&b, next));
	/* a is clusters[1] of b: its id, and its endpoint 127.0.0.1:2's */
	EXPECT(b.clusters[1].state_id == a.clusters[0].state_id);
	EXPECT(b.endpoints[2].state_id == a.endpoints[1].state_id);
	/* c, its endpoint (b's address, another cluster) and [::1]:3 are new */
	EXPECT(next == before + 3);
	EXPECT(b.clusters[0].state_id >= before);
	EXPECT(b.endpoints[0].state_id >= before);
	EXPECT(b.endpoints[1].state_id >= before);
	/* b's state is not anyone's now */
	EXPECT(!has(&b, a.clusters[1].state_id));
	EXPECT(!has(&b, a.endpoints[2].state_id));
	EXPECT(has(&b, a.clusters[0].state_id));
	kmesh_compiled_free(&a);
	kmesh_compiled_free(&b);
}

void test_state_ids_fresh(void)
{
	struct kmesh_compiled a, b, a2, d, d2;
	__u64 next = 0, b_of_a;

	if (!unit_compile_yaml(cfg_a, &a) || !unit_compile_yaml(cfg_b, &b) ||
	    !unit_compile_yaml(cfg_a, &a2) || !unit_compile_yaml(cfg_dup, &d) ||
	    !unit_compile_yaml(cfg_dup, &d2)) {
		failed = true;
		return;
	}
	EXPECT(!state_ids_assign(&a, NULL, &next));
	b_of_a = a.clusters[1].state_id;
	EXPECT(!state_ids_assign(&b, &a, &next));
	/* b comes back after an update without it: a new id, never its
	 * old one (a connection of the old b may still give a slot back) */
	EXPECT(!state_ids_assign(&a2, &b, &next));
	EXPECT(a2.clusters[1].state_id != b_of_a);
	EXPECT(a2.clusters[1].state_id >= 9);
	EXPECT(a2.clusters[0].state_id == a.clusters[0].state_id);
	EXPECT(ids_sane(&a2, next));
	/* the same config again keeps every id; equal endpoints each
	 * have their own */
	EXPECT(!state_ids_assign(&d, NULL, &next));
	EXPECT(d.endpoints[0].state_id != d.endpoints[1].state_id);
	EXPECT(!state_ids_assign(&d2, &d, &next));
	EXPECT(d2.clusters[0].state_id == d.clusters[0].state_id);
	EXPECT(d2.endpoints[0].state_id == d.endpoints[0].state_id);
	EXPECT(d2.endpoints[1].state_id == d.endpoints[1].state_id);
	kmesh_compiled_free(&a);
	kmesh_compiled_free(&b);
	kmesh_compiled_free(&a2);
	kmesh_compiled_free(&d);
	kmesh_compiled_free(&d2);
}

void test_journal_plan(void)
{
	struct km_loader j = { .old_gen = 4, .new_gen = 5 };
	struct journal_plan p;

	j.phase = KM_PHASE_IDLE;
	journal_plan(&j, 5, &p);
	EXPECT(!p.interrupted && !p.carry);
	/* killed while writing 5: 4 is still active, 5 goes */
	j.phase = KM_PHASE_WRITING;
	journal_plan(&j, 4, &p);
	EXPECT(p.interrupted && !p.carry);
	/* killed after the switch, before its record: finish it */
	journal_plan(&j, 5, &p);
	EXPECT(p.interrupted && p.carry && p.carry_from == 4);
	j.phase = KM_PHASE_SWITCHED;
	journal_plan(&j, 5, &p);
	EXPECT(p.interrupted && p.carry && p.carry_from == 4);
	/* carried already: carrying again would count twice */
	j.phase = KM_PHASE_CARRIED;
	journal_plan(&j, 5, &p);
	EXPECT(p.interrupted && !p.carry);
	/* the first update ever: nothing to carry from */
	j = (struct km_loader){ .phase = KM_PHASE_SWITCHED, .new_gen = 1 };
	journal_plan(&j, 1, &p);
	EXPECT(p.interrupted && !p.carry);
	j.phase = 77;
	journal_plan(&j, 1, &p);
	EXPECT(p.interrupted && !p.carry);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/kmesh-unit-XXXXXX", *d = mkdtemp(tmpl);

	return d ? strdup(d) : NULL;
}

void test_dirlock(void)
{
	int fd, fd2, st, pipefd[2];
	char *dir = temp_dir(), c;
	pid_t pid;

	if (!dir || pipe(pipefd)) {
		failed = true;
		free(dir);
		return;
	}
	errno = 0;
	EXPECT(dirlock_take("/nonexistent/kmesh", 0) == -1 && errno == ENOENT);
	fd = dirlock_take(dir, 0);
	EXPECT(fd >= 0);
	/* another open file description cannot have it */
	errno = 0;
	fd2 = dirlock_take(dir, 50);
	EXPECT(fd2 == -1 && errno == ETIMEDOUT);
	close(fd);
	/* a holder that is killed lets the next one in */
	fflush(NULL);	/* a child must not write our buffered output too */
	pid = fork();
	if (!pid) {
		if (dirlock_take(dir, 0) < 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	EXPECT(pid > 0 && read(pipefd[0], &c, 1) == 1);
	EXPECT(dirlock_take(dir, 0) == -1);
	kill(pid, SIGKILL);
	EXPECT(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st));
	fd = dirlock_take(dir, 1000);
	EXPECT(fd >= 0);
	close(fd);
	close(pipefd[0]);
	close(pipefd[1]);
	rmdir(dir);
	free(dir);
}

/* n += 1 in file path, slowly enough that two at once lose one. */
static int bump(const char *path)
{
	struct timespec nap = { 0, 2000000 };
	char buf[32] = "";
	FILE *f = fopen(path, "r+");
	int n = 0;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		n = atoi(buf);
	nanosleep(&nap, NULL);
	rewind(f);
	fprintf(f, "%d\n", n + 1);
	return fclose(f) ? -1 : 0;
}

/* Eight processes updating one file under the lock, ten times each,
 * as eight applies at once would: no update is lost. */
void test_dirlock_serializes(void)
{
	char *dir = temp_dir(), path[256], buf[32] = "";
	int i, k, st, fd, ok = 1;
	pid_t pids[8];
	FILE *f;

	if (!dir) {
		failed = true;
		return;
	}
	snprintf(path, sizeof(path), "%s/count", dir);
	f = fopen(path, "w");
	EXPECT(f && fputs("0\n", f) >= 0 && !fclose(f));
	for (i = 0; i < 8; i++) {
		fflush(NULL);
		pids[i] = fork();
		if (pids[i])
			continue;
		for (k = 0; k < 10; k++) {
			fd = dirlock_take(dir, 60000);
			if (fd < 0 || bump(path))
				_exit(1);
			close(fd);
		}
		free(dir);
		_exit(0);
	}
	for (i = 0; i < 8; i++)
		ok &= pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i] &&
		      WIFEXITED(st) && !WEXITSTATUS(st);
	EXPECT(ok);
	f = fopen(path, "r");
	EXPECT(f && fgets(buf, sizeof(buf), f));
	if (f)
		fclose(f);
	EXPECT(atoi(buf) == 80);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* How many fault_write() calls a child with KMESH_FAULT=spec makes
 * before it dies by SIGKILL (-1: it did not die that way). */
static int writes_before_kill(const char *spec)
{
	int pipefd[2], st, n = 0;
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -2;
	fflush(NULL);	/* a child must not write our buffered output too */
	pid = fork();
	if (!pid) {
		close(pipefd[0]);
		setenv("KMESH_FAULT", spec, 1);
		for (;;) {
			fault_write();
			if (write(pipefd[1], "w", 1) != 1)
				_exit(1);
			fault_point("never");
			if (n++ == 100)
				fault_point("end");
		}
	}
	close(pipefd[1]);
	while (read(pipefd[0], &c, 1) == 1)
		n++;
	close(pipefd[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL)
		return -1;
	return n;
}

/* The same with writes made in batches of batch (fault_writes()). */
static int batched_writes_before_kill(const char *spec, unsigned long batch)
{
	unsigned long k, i;
	int pipefd[2], st, n = 0;
	pid_t pid;
	char c;

	if (pipe(pipefd))
		return -2;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		close(pipefd[0]);
		setenv("KMESH_FAULT", spec, 1);
		for (;;) {
			k = fault_writes(batch);
			for (i = 0; i < k; i++)
				if (write(pipefd[1], "w", 1) != 1)
					_exit(1);
			if (k < batch)
				fault_write();
			if (n++ == 100)
				_exit(0);
		}
	}
	close(pipefd[1]);
	n = 0;
	while (read(pipefd[0], &c, 1) == 1)
		n++;
	close(pipefd[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL)
		return -1;
	return n;
}

void test_fault(void)
{
	struct fault f;

	EXPECT(!fault_parse(NULL, &f) && f.kind == FAULT_NONE);
	EXPECT(!fault_parse("", &f) && f.kind == FAULT_NONE);
	EXPECT(!fault_parse("writes:0", &f) && f.kind == FAULT_WRITES &&
	       f.writes == 0);
	EXPECT(!fault_parse("writes:17", &f) && f.writes == 17);
	EXPECT(!fault_parse("at:switched", &f) && f.kind == FAULT_AT &&
	       !strcmp(f.at, "switched"));
	EXPECT(fault_parse("writes:", &f) && f.kind == FAULT_NONE);
	EXPECT(fault_parse("writes:-1", &f));
	EXPECT(fault_parse("at:", &f));
	EXPECT(fault_parse("kill", &f));
	EXPECT(fault_parse("at:a-name-far-too-long-for-a-fault-point", &f));
	/* killed after exactly N writes, or at the named point */
	EXPECT(writes_before_kill("writes:0") == 0);
	EXPECT(writes_before_kill("writes:5") == 5);
	EXPECT(writes_before_kill("at:end") == 101);
	/* in batches: still after exactly N writes, inside a batch or at
	 * its end */
	EXPECT(batched_writes_before_kill("writes:5", 3) == 5);
	EXPECT(batched_writes_before_kill("writes:6", 3) == 6);
	EXPECT(batched_writes_before_kill("writes:0", 4) == 0);
	EXPECT(batched_writes_before_kill("at:never", 4) == -1);
}

#define SEC 1000000000ULL

/* The token bucket (include/kmesh/bucket.h): Envoy's refill every
 * fill_interval, capped at max_tokens, taken one by one. */
void test_bucket(void)
{
	struct km_ratelimit rl = {
		.max_tokens = 5, .tokens_per_fill = 2, .fill_ns = SEC,
	};
	__u64 b, next, now = 10 * SEC + SEC / 3;
	int i, ok;

	b = km_bucket_new(&rl, now);
	EXPECT(KM_BUCKET_TOKENS(b) == 5 && KM_BUCKET_FILL(b) == 10);
	/* a burst of 8: exactly the 3 over the bucket are refused */
	for (i = 0, ok = 0; i < 8; i++) {
		if (km_bucket_take(&rl, b, now, &next)) {
			ok++;
			b = next;
		} else {
			EXPECT(next == b);
		}
	}
	EXPECT(ok == 5 && KM_BUCKET_TOKENS(b) == 0);
	/* nothing until the next interval boundary, then tokens_per_fill */
	EXPECT(!km_bucket_take(&rl, b, 11 * SEC - 1, &next));
	EXPECT(km_bucket_take(&rl, b, 11 * SEC, &next));
	b = next;
	EXPECT(KM_BUCKET_TOKENS(b) == 1 && KM_BUCKET_FILL(b) == 11);
	/* three intervals later: 1 + 6, capped at 5; take one */
	EXPECT(km_bucket_take(&rl, b, 14 * SEC + 5, &next));
	b = next;
	EXPECT(KM_BUCKET_TOKENS(b) == 4 && KM_BUCKET_FILL(b) == 14);
	/* a now behind the bucket (another CPU was first) refills nothing */
	EXPECT(km_bucket_take(&rl, b, 13 * SEC, &next));
	EXPECT(KM_BUCKET_TOKENS(next) == 3 && KM_BUCKET_FILL(next) == 14);
	/* max_tokens lowered by an update: the tokens are capped */
	rl.max_tokens = 2;
	EXPECT(km_bucket_take(&rl, b, 14 * SEC, &next));
	EXPECT(KM_BUCKET_TOKENS(next) == 1);
	/* a refill as large as it gets does not overflow */
	rl.max_tokens = UINT32_MAX;
	rl.tokens_per_fill = UINT32_MAX;
	EXPECT(km_bucket_take(&rl, KM_BUCKET(0, 7), (__u64)0x7fffffff * SEC,
			      &next));
	EXPECT(KM_BUCKET_TOKENS(next) == UINT32_MAX - 1);
	/* across the wrap of the 32-bit interval count: two intervals */
	rl.max_tokens = 100;
	rl.tokens_per_fill = 10;
	EXPECT(km_bucket_take(&rl, KM_BUCKET(0xffffffffu, 0),
			      0x100000001ULL * SEC, &next));
	EXPECT(KM_BUCKET_TOKENS(next) == 19 && KM_BUCKET_FILL(next) == 1);
}

static const char cfg_rl[] =
	"listeners:\n"
	"- name: l\n"
	"  address: {address: 0.0.0.0, port_value: 80}\n"
	"  filter_chains:\n"
	"  - name: main\n"
	"    filters:\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 5, fill_interval: 1s}}\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 5, fill_interval: 2s}}\n"
	"    - tcp_proxy: {cluster: c}\n"
	"route_configs:\n"
	"- name: r\n"
	"  virtual_hosts:\n"
	"  - name: v\n"
	"    domains: ['*']\n"
	"    local_ratelimit: {token_bucket: {max_tokens: 1, fill_interval: 1s}}\n"
	"    routes:\n"
	"    - match: {prefix: /}\n"
	"      route: {cluster: c}\n"
	"      local_ratelimit: {token_bucket: {max_tokens: 1, fill_interval: 1s}}\n"
	"clusters:\n"
	"- {name: c, endpoints: [" EP("127.0.0.1", 1) "]}\n";
/* A chain inserted before "main"; main's first limit with another
 * max_tokens, its second with another fill interval; the route's
 * limit moved to a new route ahead of it. */
static const char cfg_rl2[] =
	"listeners:\n"
	"- name: l\n"
	"  address: {address: 0.0.0.0, port_value: 80}\n"
	"  filter_chains:\n"
	"  - filter_chain_match: {destination_port: 81}\n"
	"    filters:\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 5, fill_interval: 1s}}\n"
	"    - tcp_proxy: {cluster: c}\n"
	"  - name: main\n"
	"    filters:\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 9, fill_interval: 1s}}\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 5, fill_interval: 3s}}\n"
	"    - tcp_proxy: {cluster: c}\n"
	"route_configs:\n"
	"- name: r\n"
	"  virtual_hosts:\n"
	"  - name: v\n"
	"    domains: ['*']\n"
	"    local_ratelimit: {token_bucket: {max_tokens: 1, fill_interval: 1s}}\n"
	"    routes:\n"
	"    - match: {prefix: /new}\n"
	"      route: {cluster: c}\n"
	"      local_ratelimit: {token_bucket: {max_tokens: 1, fill_interval: 1s}}\n"
	"    - match: {prefix: /}\n"
	"      route: {cluster: c}\n"
	"clusters:\n"
	"- {name: c, endpoints: [" EP("127.0.0.1", 1) "]}\n";

/* Rate limits keep their buckets by what owns them, not by position
 * in the table; a changed fill interval is a new bucket. */
void test_state_ids_ratelimits(void)
{
	struct kmesh_compiled a, b;
	__u64 next = 0;

	if (!unit_compile_yaml(cfg_rl, &a) || !unit_compile_yaml(cfg_rl2, &b)) {
		failed = true;
		return;
	}
	EXPECT(a.n_ratelimits == 4 && b.n_ratelimits == 5);
	EXPECT(!state_ids_assign(&a, NULL, &next));
	EXPECT(ids_sane(&a, next));
	EXPECT(!state_ids_assign(&b, &a, &next));
	EXPECT(ids_sane(&b, next));
	/* main's first (max_tokens changed): the same bucket */
	EXPECT(b.ratelimits[1].state_id == a.ratelimits[0].state_id);
	/* main's second (fill interval changed): a new one */
	EXPECT(!has(&a, b.ratelimits[2].state_id));
	/* the new chain's, same parameters as main's first: its own */
	EXPECT(!has(&a, b.ratelimits[0].state_id));
	/* the virtual host's: the same */
	EXPECT(b.ratelimits[3].state_id == a.ratelimits[2].state_id);
	/* the unnamed route's is by position: routes[0] has it still */
	EXPECT(b.ratelimits[4].state_id == a.ratelimits[3].state_id);
	kmesh_compiled_free(&a);
	kmesh_compiled_free(&b);
}

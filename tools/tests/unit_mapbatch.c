// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * `unit_mapbatch`: dataplane/mapbatch.c against real BPF maps of the
 * running kernel (made here, never pinned; they go when it exits):
 * batched writes, walks and deletes of a hash map and of a per-CPU one,
 * deletes that skip missing keys, and a DEVMAP_HASH, which has no batch
 * operations, through the one-call-per-record fallbacks. TAP; each test
 * is skipped (# SKIP) where maps cannot be made (no privilege, no BPF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/mapbatch.h"

static int n, bad;

static void tap(int ok, const char *what)
{
	printf("%sok %d mapbatch: %s\n", ok ? "" : "not ", ++n, what);
	bad |= !ok;
}

struct rec {
	__u64 a, b;
};

struct tally {
	size_t n, wrong;
	int ncpu;
};

static int count(const void *key, const void *value, void *arg)
{
	struct tally *t = arg;
	const struct rec *r = value;
	__u64 k;
	int i;

	memcpy(&k, key, sizeof(k));
	t->n++;
	for (i = 0; i < (t->ncpu ? t->ncpu : 1); i++)
		t->wrong += r[i].a != k || r[i].b != k * 3 + (__u64)i * !!t->ncpu;
	return 0;
}

static int stop_at_ten(const void *key, const void *value, void *arg)
{
	(void)key;
	(void)value;
	return ++*(int *)arg == 10 ? 5 : 0;
}

#define N_RECS	20000

static void test_hash(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_NO_PREALLOC);
	struct mb_writer w;
	struct tally t = { 0 };
	__u64 *keys, k;
	struct rec r;
	size_t i, gone = 0;
	int fd, rc = 0, stops = 0;

	fd = bpf_map_create(BPF_MAP_TYPE_HASH, "mb_test", sizeof(__u64),
			    sizeof(struct rec), 2 * N_RECS, &o);
	if (fd < 0) {
		printf("ok %d mapbatch: hash map # SKIP cannot make a BPF map: %s\n",
		       ++n, strerror(errno));
		return;
	}
	rc = mb_init(&w, fd, "mb_test", sizeof(k), sizeof(r));
	for (i = 0; i < N_RECS && !rc; i++) {
		k = i;
		r.a = i;
		r.b = i * 3;
		rc = mb_add(&w, &k, &r);
	}
	rc = rc || mb_flush(&w);
	mb_free(&w);
	tap(!rc, "20000 records written in batches");
	k = 12345;
	tap(!bpf_map_lookup_elem(fd, &k, &r) && r.a == 12345 && r.b == 37035,
	    "a record written is there");
	rc = mb_walk(fd, "mb_test", sizeof(k), sizeof(r), count, &t);
	tap(!rc && t.n == N_RECS && !t.wrong, "a walk in batches sees each record once");
	tap(mb_walk(fd, "mb_test", sizeof(k), sizeof(r), stop_at_ten, &stops) == 5 &&
	    stops == 10, "a walk stops where its function says, with its value");
	/* delete the even keys and keys that were never there */
	keys = calloc(N_RECS, sizeof(*keys));
	for (i = 0; keys && i < N_RECS; i++)
		keys[i] = i % 2 ? N_RECS + i : i;
	rc = keys ? mb_delete_keys(fd, "mb_test", keys, N_RECS, sizeof(*keys),
				   &gone) : -1;
	tap(!rc && gone == N_RECS / 2, "deletes by key skip the missing ones");
	memset(&t, 0, sizeof(t));
	rc = mb_walk(fd, "mb_test", sizeof(k), sizeof(r), count, &t);
	k = 2;
	tap(!rc && t.n == N_RECS / 2 && !t.wrong &&
	    bpf_map_lookup_elem(fd, &k, &r) && errno == ENOENT,
	    "the odd records are left, the even ones gone");
	free(keys);
	close(fd);
}

static void test_percpu(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_NO_PREALLOC);
	int ncpu = libbpf_num_possible_cpus(), fd, i, j, rc = 0;
	struct tally t = { .ncpu = ncpu };
	struct rec *v;
	__u64 k;

	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, "mb_pcpu", sizeof(__u64),
			    sizeof(struct rec), 4096, &o);
	v = ncpu > 0 ? calloc((size_t)ncpu, sizeof(*v)) : NULL;
	if (fd < 0 || !v) {
		printf("ok %d mapbatch: per-CPU hash map # SKIP cannot make it\n",
		       ++n);
		free(v);
		if (fd >= 0)
			close(fd);
		return;
	}
	for (k = 0; k < 3000 && !rc; k++) {
		for (j = 0; j < ncpu; j++)
			v[j] = (struct rec){ k, k * 3 + (__u64)j };
		rc = bpf_map_update_elem(fd, &k, v, BPF_ANY);
	}
	for (i = 0; !rc && i < 1; i++)
		rc = mb_walk(fd, "mb_pcpu", sizeof(k),
			     sizeof(struct rec) * (size_t)ncpu, count, &t);
	tap(!rc && t.n == 3000 && !t.wrong,
	    "a walk of a per-CPU map gets every CPU's value");
	free(v);
	close(fd);
}

/* A hash of devices (DEVMAP_HASH) has no batch operations: every call
 * falls back to one per record. Its values are interfaces: lo's, 1. */
static int dm_count(const void *key, const void *value, void *arg)
{
	__u32 k, v;

	memcpy(&k, key, sizeof(k));
	memcpy(&v, value, sizeof(v));
	*(size_t *)arg += v == 1 && k % 7 == 0;
	return 0;
}

static void test_fallback(void)
{
	__u32 keys[300], one = 1;
	struct mb_writer w;
	size_t i, seen = 0, gone = 0;
	int fd, rc;

	fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, "mb_dm", sizeof(__u32),
			    sizeof(__u32), 1024, NULL);
	if (fd < 0) {
		printf("ok %d mapbatch: a map without batch operations # SKIP cannot make a DEVMAP_HASH: %s\n",
		       ++n, strerror(errno));
		return;
	}
	rc = mb_init(&w, fd, "mb_dm", sizeof(keys[0]), sizeof(one));
	for (i = 0; i < 200 && !rc; i++) {
		keys[i] = (__u32)i * 7;
		rc = mb_add(&w, &keys[i], &one);
	}
	rc = rc || mb_flush(&w);
	mb_free(&w);
	tap(!rc, "a map without batch writes is written a record at a time");
	rc = mb_walk(fd, "mb_dm", sizeof(keys[0]), sizeof(one), dm_count, &seen);
	tap(!rc && seen == 200, "and walked a key at a time");
	for (i = 200; i < 300; i++)
		keys[i] = 100000 + (__u32)i;
	rc = mb_delete_keys(fd, "mb_dm", keys + 100, 200, sizeof(keys[0]),
			    &gone);
	seen = 0;
	rc = rc || mb_walk(fd, "mb_dm", sizeof(keys[0]), sizeof(one), dm_count,
			   &seen);
	tap(!rc && gone == 100 && seen == 100,
	    "and its records deleted a key at a time, the missing skipped");
	close(fd);
}

int main(void)
{
	printf("TAP version 13\n");
	libbpf_set_print(NULL);
	test_hash();
	test_percpu();
	test_fallback();
	printf("1..%d\n", n);
	return bad;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Batched map writes, deletes and walks, see mapbatch.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "lib/fault.h"
#include "lib/report.h"
#include "mapbatch.h"

#ifndef ENOTSUPP
#define ENOTSUPP	524	/* the kernel's, for a map without batch ops */
#endif

#define MB_BYTES	(4u << 20)	/* a batch's keys and values, at most */
#define MB_MIN		64
#define MB_MAX		8192

static size_t chunk(size_t key_size, size_t value_size)
{
	size_t n = MB_BYTES / (key_size + value_size + 1);

	return n < MB_MIN ? MB_MIN : n > MB_MAX ? MB_MAX : n;
}

/* What the first batch call of an operation fails with when the batch
 * command is not there (an old kernel: EINVAL) or not for this map (the
 * count is then left as it was). */
static bool no_batch(int err)
{
	return err == ENOTSUPP || err == EOPNOTSUPP || err == EINVAL;
}

static int fail(const char *what, const char *name)
{
	km_err("%s %s: %s", what, name, strerror(errno));
	return -1;
}

int mb_init(struct mb_writer *w, int fd, const char *name, size_t key_size,
	    size_t value_size)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->name = name;
	w->key_size = key_size;
	w->value_size = value_size;
	w->cap = chunk(key_size, value_size);
	w->keys = malloc(w->cap * key_size);
	w->values = malloc(w->cap * (value_size ? value_size : 1));
	if (!w->keys || !w->values) {
		mb_free(w);
		errno = ENOMEM;
		return fail("writing", name);
	}
	return 0;
}

void mb_free(struct mb_writer *w)
{
	free(w->keys);
	free(w->values);
	w->keys = w->values = NULL;
	w->n = 0;
}

/* Records [from, to) of the batch, one call each. */
static int write_each(struct mb_writer *w, size_t from, size_t to)
{
	for (; from < to; from++)
		if (bpf_map_update_elem(w->fd, w->keys + from * w->key_size,
					w->values + from * w->value_size,
					BPF_ANY))
			return fail("writing", w->name);
	return 0;
}

int mb_flush(struct mb_writer *w)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o, .elem_flags = BPF_ANY);
	size_t n = w->n, allowed, done = 0;
	__u32 cnt;
	int rc = 0;

	if (w->failed)
		return -1;
	allowed = fault_writes(n);
	while (done < allowed && !rc) {
		cnt = (__u32)(allowed - done);
		if (!bpf_map_update_batch(w->fd, w->keys + done * w->key_size,
					  w->values + done * w->value_size,
					  &cnt, &o)) {
			done += cnt;
		} else if (!done && no_batch(errno)) {
			rc = write_each(w, 0, allowed);
			done = allowed;
		} else {
			rc = fail("writing", w->name);
		}
	}
	w->n = 0;
	if (rc) {
		w->failed = true;
		return -1;
	}
	if (allowed < n)
		fault_write();	/* the fault is due: killed here */
	return 0;
}

int mb_add(struct mb_writer *w, const void *key, const void *value)
{
	if (w->failed)
		return -1;
	if (w->n == w->cap && mb_flush(w))
		return -1;
	memcpy(w->keys + w->n * w->key_size, key, w->key_size);
	if (w->value_size)
		memcpy(w->values + w->n * w->value_size, value, w->value_size);
	w->n++;
	return 0;
}

int mb_delete_keys(int fd, const char *name, const void *keys, size_t n,
		   size_t key_size, size_t *gone)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	const char *k = keys;
	size_t off = 0, none = 0;
	bool batch = true, first = true;
	__u32 cnt;
	int err;

	if (!gone)
		gone = &none;
	while (off < n) {
		if (!batch) {
			if (!bpf_map_delete_elem(fd, k + off * key_size))
				++*gone;
			else if (errno != ENOENT)
				return fail("deleting from", name);
			off++;
			continue;
		}
		cnt = (__u32)(n - off > MB_MAX ? MB_MAX : n - off);
		if (!bpf_map_delete_batch(fd, k + off * key_size, &cnt, &o)) {
			off += cnt;
			*gone += cnt;
			first = false;
			continue;
		}
		err = errno;
		if (first && no_batch(err)) {
			batch = false;	/* cnt is not the kernel's */
			continue;
		}
		first = false;
		off += cnt;
		*gone += cnt;
		if (err != ENOENT) {
			errno = err;
			return fail("deleting from", name);
		}
		off++;		/* not there: on with the next one */
	}
	return 0;
}

/* The walk of a kernel without batch lookups: a call per key and one
 * per value. */
static int walk_each(int fd, const char *name, size_t key_size,
		     size_t value_size, mb_walk_fn fn, void *arg)
{
	char *key = malloc(key_size), *next = malloc(key_size);
	char *value = malloc(value_size);
	void *prev = NULL, *t;
	int rc = 0;

	if (!key || !next || !value) {
		errno = ENOMEM;
		rc = fail("reading", name);
		goto out;
	}
	while (!rc && !bpf_map_get_next_key(fd, prev, next)) {
		t = key, key = next, next = t;
		prev = key;
		if (bpf_map_lookup_elem(fd, key, value)) {
			if (errno == ENOENT)
				continue;	/* deleted meanwhile */
			rc = fail("reading", name);
			break;
		}
		rc = fn(key, value, arg);
	}
out:
	free(key);
	free(next);
	free(value);
	return rc;
}

int mb_walk(int fd, const char *name, size_t key_size, size_t value_size,
	    mb_walk_fn fn, void *arg)
{
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	size_t cap = chunk(key_size, value_size), i;
	__u64 in = 0, out = 0;
	char *keys = NULL, *values = NULL;
	bool first = true, end = false;
	int rc = 0, err;
	__u32 cnt;

	while (!end && !rc) {
		if (!keys) {
			keys = malloc(cap * key_size);
			values = malloc(cap * value_size);
			if (!keys || !values) {
				errno = ENOMEM;
				rc = fail("reading", name);
				break;
			}
		}
		cnt = (__u32)cap;
		err = bpf_map_lookup_batch(fd, first ? NULL : &in, &out, keys,
					   values, &cnt, &o) ? errno : 0;
		if (err == ENOSPC && !cnt && cap < (1u << 20)) {
			cap *= 2;	/* a bucket holds more than a batch */
			free(keys);
			free(values);
			keys = values = NULL;
			continue;
		}
		if (err && err != ENOENT) {
			if (first && no_batch(err)) {
				rc = walk_each(fd, name, key_size, value_size,
					       fn, arg);
				break;
			}
			errno = err;
			rc = fail("reading", name);
			break;
		}
		end = err == ENOENT;	/* the last records, if any, came */
		for (i = 0; i < cnt && !rc; i++)
			rc = fn(keys + i * key_size, values + i * value_size,
				arg);
		in = out;
		first = false;
	}
	free(keys);
	free(values);
	return rc;
}

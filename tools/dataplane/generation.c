// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Generations and state in the pinned maps, see generation.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfpin.h"
#include "compile/state_ids.h"
#include "generation.h"
#include "genkeys.h"
#include "lib/report.h"
#include "mapbatch.h"

/* Every generation-keyed map of bpf/kmesh.h (the key starts with
 * __u32 gen). A map added there must be listed here, or its old
 * generations are never swept. */
static const char *const gen_maps[] = {
	"km_listeners", "km_chains", "km_filters", "km_route_configs",
	"km_vhosts", "km_domains", "km_exact_domains", "km_routes",
	"km_headers", "km_clusters", "km_endpoints", "km_ratelimits",
	"km_listener_counters", "km_route_counters", "km_cluster_counters",
	"km_names", "km_counter_base",
};

/* Those whose records of a generation its config does not name (the
 * data plane creates the counters as it counts; an apply writes the
 * totals it carries over): walked to delete a generation. The others
 * are genkeys.h's. */
static const char *const walked_maps[] = {
	"km_listener_counters", "km_route_counters", "km_cluster_counters",
	"km_counter_base",
};

/* Every map keyed by a __u64 state id. */
static const char *const state_maps[] = {
	"km_cluster_active", "km_lb_cursor", "km_ep_active", "km_rl_state",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int map_err(const char *map, const char *what)
{
	km_err("%s %s: %s", what, map, strerror(errno));
	return -1;
}

/* Keys gathered to be deleted. */
struct keys {
	char *v;
	size_t n, cap, size;
};

static int keys_add(struct keys *k, const void *key)
{
	char *t;

	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		t = realloc(k->v, k->cap * k->size);
		if (!t)
			return -1;
		k->v = t;
	}
	memcpy(k->v + k->n++ * k->size, key, k->size);
	return 0;
}

/* Whether key (of the map's size) is to be deleted. */
typedef bool (*doomed_fn)(const void *key, const void *arg);

struct where {
	doomed_fn doomed;
	const void *arg;
	struct keys keys;
};

static int pick(const void *key, const void *value, void *arg)
{
	struct where *w = arg;

	(void)value;
	if (!w->doomed(key, w->arg))
		return 0;
	return keys_add(&w->keys, key) ? -ENOMEM : 0;
}

/* What a lookup of the map fd returns, in bytes: a per-CPU map's value
 * for every possible CPU. */
static int value_bytes(const struct bpf_map_info *info, size_t *n)
{
	int ncpu;

	*n = info->value_size;
	if (info->type != BPF_MAP_TYPE_PERCPU_HASH &&
	    info->type != BPF_MAP_TYPE_PERCPU_ARRAY &&
	    info->type != BPF_MAP_TYPE_LRU_PERCPU_HASH)
		return 0;
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return -1;
	*n = ((*n + 7) & ~(size_t)7) * (size_t)ncpu;
	return 0;
}

/* Delete the keys of map name that doomed() picks, walking the map in
 * batches; *gone counts them. */
static int delete_where(const char *dir, const char *name, doomed_fn doomed,
			const void *arg, size_t *gone)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct where w = { .doomed = doomed, .arg = arg };
	size_t vsz;
	int fd, rc;

	fd = pin_map_open(dir, name);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.key_size < 4 ||
	    value_bytes(&info, &vsz)) {
		close(fd);
		return map_err(name, "reading");
	}
	w.keys.size = info.key_size;
	rc = mb_walk(fd, name, info.key_size, vsz, pick, &w);
	if (rc == -ENOMEM) {
		errno = ENOMEM;
		rc = map_err(name, "listing");
	}
	if (!rc)
		rc = mb_delete_keys(fd, name, w.keys.v, w.keys.n, info.key_size,
				    gone);
	free(w.keys.v);
	close(fd);
	return rc ? -1 : 0;
}

struct gen_arg {
	__u32 gen;
	bool keep;	/* doomed: every other generation, else only gen */
};

static bool gen_doomed(const void *key, const void *arg)
{
	const struct gen_arg *a = arg;
	__u32 g;

	memcpy(&g, key, sizeof(g));
	return a->keep ? g != a->gen : g == a->gen;
}

int gen_sweep(const char *dir, __u32 keep, size_t *gone)
{
	struct gen_arg a = { .gen = keep, .keep = true };
	size_t i, none = 0;
	int rc = 0;

	if (gone)
		*gone = 0;
	for (i = 0; i < N(gen_maps); i++)
		if (delete_where(dir, gen_maps[i], gen_doomed, &a,
				 gone ? gone : &none))
			rc = -1;
	return rc;
}

static int gather(const void *key, const void *value, void *arg)
{
	(void)value;
	return keys_add(arg, key);
}

/* The records c names in map m under gen, deleted by key. */
static int delete_known(const char *dir, const struct kmesh_compiled *c,
			enum gk_map m, __u32 gen)
{
	const struct gk_map_info *mi = gk_map_info(m);
	struct keys k = { .size = mi->key_size };
	int fd, rc;

	if (!gk_count(c, m))
		return 0;
	if (gk_each(c, gen, m, gather, &k)) {
		free(k.v);
		errno = ENOMEM;
		return map_err(mi->name, "listing");
	}
	fd = pin_map_open(dir, mi->name);
	if (fd < 0) {
		free(k.v);
		return -1;
	}
	rc = mb_delete_keys(fd, mi->name, k.v, k.n, mi->key_size, NULL);
	close(fd);
	free(k.v);
	return rc;
}

int gen_delete(const char *dir, const struct kmesh_compiled *c, __u32 gen)
{
	struct gen_arg a = { .gen = gen, .keep = false };
	size_t i, none = 0;
	int m, rc = 0;

	if (!c) {
		for (i = 0; i < N(gen_maps); i++)
			if (delete_where(dir, gen_maps[i], gen_doomed, &a, &none))
				rc = -1;
		return rc;
	}
	for (m = 0; m < GK_MAPS; m++)
		if (delete_known(dir, c, (enum gk_map)m, gen))
			rc = -1;
	for (i = 0; i < N(walked_maps); i++)
		if (delete_where(dir, walked_maps[i], gen_doomed, &a, &none))
			rc = -1;
	return rc;
}

struct ids {
	__u64 *v;
	size_t n;
};

static bool sid_doomed(const void *key, const void *arg)
{
	const struct ids *ids = arg;
	__u64 sid;

	memcpy(&sid, key, sizeof(sid));
	return !state_ids_has(ids->v, ids->n, sid);
}

int state_sweep(const char *dir, const struct kmesh_compiled *c)
{
	struct ids ids = {};
	size_t i, gone = 0;
	int rc = 0;

	if (c && state_ids_list(c, &ids.v, &ids.n)) {
		km_err("listing the state ids: %s", strerror(ENOMEM));
		return -1;
	}
	for (i = 0; i < N(state_maps); i++)
		if (delete_where(dir, state_maps[i], sid_doomed, &ids, &gone))
			rc = -1;
	free(ids.v);
	return rc;
}

static int add(const void *key, const void *value, void *arg)
{
	return mb_add(arg, key, value);
}

/* Every record of c in map m, as generation gen, in batches. */
static int write_map(const char *dir, const struct kmesh_compiled *c,
		     enum gk_map m, __u32 gen)
{
	const struct gk_map_info *mi = gk_map_info(m);
	struct mb_writer w;
	int fd, rc;

	if (!gk_count(c, m))
		return 0;
	fd = pin_map_open(dir, mi->name);
	if (fd < 0)
		return -1;
	rc = mb_init(&w, fd, mi->name, mi->key_size, mi->value_size);
	if (!rc) {
		rc = gk_each(c, gen, m, add, &w) || mb_flush(&w) ? -1 : 0;
		mb_free(&w);
	}
	close(fd);
	return rc;
}

int gen_write(const char *dir, const struct kmesh_compiled *c, __u32 gen)
{
	int m;

	for (m = 0; m < GK_MAPS; m++)
		if (write_map(dir, c, (enum gk_map)m, gen))
			return -1;
	return 0;
}

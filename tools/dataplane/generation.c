// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Generations and state in the pinned maps, see generation.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpfpin.h"
#include "compile/state_ids.h"
#include "counters.h"
#include "generation.h"
#include "lib/report.h"

/* Every generation-keyed map of bpf/kmesh.h (the key starts with
 * __u32 gen). A map added there must be listed here, or its old
 * generations are never deleted. */
static const char *const gen_maps[] = {
	"km_listeners", "km_chains", "km_filters", "km_route_configs",
	"km_vhosts", "km_domains", "km_exact_domains", "km_routes",
	"km_headers", "km_clusters",
	"km_endpoints", "km_ratelimits", "km_listener_counters",
	"km_route_counters",
	"km_cluster_counters", "km_names", "km_counter_base",
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

/* Whether key (of the map's size) is to be deleted. */
typedef bool (*doomed_fn)(const void *key, const void *arg);

/* Delete the keys of map name that doomed() picks; *gone counts them. */
static int delete_where(const char *dir, const char *name, doomed_fn doomed,
			const void *arg, size_t *gone)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char *keys = NULL, *tmp;
	size_t n = 0, cap = 0, i;
	int fd, rc = 0;
	void *prev = NULL;
	char key[sizeof(struct km_domain_key)];	/* the largest gen key */

	fd = pin_map_open(dir, name);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.key_size > sizeof(key) || info.key_size < 4) {
		close(fd);
		return map_err(name, "reading");
	}
	while (!bpf_map_get_next_key(fd, prev, key)) {
		prev = key;
		if (!doomed(key, arg))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			tmp = realloc(keys, cap * info.key_size);
			if (!tmp) {
				rc = map_err(name, "listing");
				goto out;
			}
			keys = tmp;
		}
		memcpy(keys + n++ * info.key_size, key, info.key_size);
	}
	for (i = 0; i < n; i++) {
		if (!bpf_map_delete_elem(fd, keys + i * info.key_size))
			*gone += 1;
		else if (errno != ENOENT)
			rc = map_err(name, "deleting from");
	}
out:
	free(keys);
	close(fd);
	return rc;
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

static int gen_each(const char *dir, const struct gen_arg *a, size_t *gone)
{
	size_t i, none = 0;
	int rc = 0;

	for (i = 0; i < N(gen_maps); i++)
		if (delete_where(dir, gen_maps[i], gen_doomed, a,
				 gone ? gone : &none))
			rc = -1;
	return rc;
}

int gen_sweep(const char *dir, __u32 keep, size_t *gone)
{
	struct gen_arg a = { .gen = keep, .keep = true };

	if (gone)
		*gone = 0;
	return gen_each(dir, &a, gone);
}

int gen_delete(const char *dir, __u32 gen)
{
	struct gen_arg a = { .gen = gen, .keep = false };

	return gen_each(dir, &a, NULL);
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

/* Write n records of size sz as (gen, i) -> record i. */
static int write_table(const char *dir, const char *name, const void *recs,
		       size_t sz, size_t n, __u32 gen)
{
	struct km_key k = { .gen = gen };
	int fd, rc = 0;
	size_t i;

	if (!n)
		return 0;
	fd = pin_map_open(dir, name);
	if (fd < 0)
		return -1;
	for (i = 0; i < n; i++) {
		k.id = (__u32)i;
		if (pin_map_update(fd, &k, (const char *)recs + i * sz,
				   BPF_ANY)) {
			rc = map_err(name, "writing");
			break;
		}
	}
	close(fd);
	return rc;
}

static int write_listeners(const char *dir, const struct kmesh_compiled *c,
			   __u32 gen)
{
	struct km_listener_key k;
	size_t i;
	int fd;

	fd = pin_map_open(dir, "km_listeners");
	if (fd < 0)
		return -1;
	for (i = 0; i < c->n_listeners; i++) {
		k = c->listeners[i].key;
		k.gen = gen;
		if (pin_map_update(fd, &k, &c->listeners[i].value, BPF_ANY)) {
			close(fd);
			return map_err("km_listeners", "writing");
		}
	}
	close(fd);
	return 0;
}

/* The index of each route config's EXACT domains (maps.h). */
static int write_exact(const char *dir, const struct kmesh_compiled *c,
		       __u32 gen)
{
	struct km_domain_key k;
	size_t i, j;
	int fd;

	fd = pin_map_open(dir, "km_exact_domains");
	if (fd < 0)
		return -1;
	for (i = 0; i < c->n_route_configs; i++) {
		const struct km_route_config *rc = &c->route_configs[i];

		for (j = 0; j < rc->n_exact; j++) {
			const struct km_domain *d = &c->domains[rc->first_domain + j];

			km_domain_key_of(&k, gen, (__u32)i, d);
			if (pin_map_update(fd, &k, &d->vhost_id, BPF_ANY)) {
				close(fd);
				return map_err("km_exact_domains", "writing");
			}
		}
	}
	close(fd);
	return 0;
}

#define WRITE(name, field) \
	write_table(dir, name, c->field, sizeof(*c->field), c->n_##field, gen)

int gen_write(const char *dir, const struct kmesh_compiled *c, __u32 gen)
{
	if (write_listeners(dir, c, gen) ||
	    WRITE("km_chains", chains) || WRITE("km_filters", filters) ||
	    WRITE("km_route_configs", route_configs) ||
	    WRITE("km_vhosts", vhosts) || WRITE("km_domains", domains) ||
	    write_exact(dir, c, gen) ||
	    WRITE("km_routes", routes) || WRITE("km_headers", headers) ||
	    WRITE("km_clusters", clusters) || WRITE("km_endpoints", endpoints) ||
	    WRITE("km_ratelimits", ratelimits) ||
	    counters_write_names(dir, c, gen))
		return -1;
	return 0;
}

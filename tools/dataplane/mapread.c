// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The active config from the pinned maps, see mapread.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bpfpin.h"
#include "counters.h"
#include "mapread.h"
#include "lib/report.h"
#include "mapbatch.h"

#define TRIES	3	/* reads racing an apply before giving up */

/* -1 and a message; *raced set when the generation went away meanwhile
 * (its records deleted by an apply), which is worth another try. */
static int fail(const char *map, const char *what, bool *raced)
{
	if (raced && errno == ENOENT) {
		*raced = true;
		return -1;
	}
	km_err("%s %s: %s", what, map, strerror(errno));
	return -1;
}

/* Open a pinned map whose keys and values are the sizes this build
 * expects (a data plane loaded by another version may differ). */
static int open_checked(const char *dir, const char *name, size_t key_size,
			size_t value_size)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int fd = pin_map_open(dir, name);

	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		fail(name, "reading the layout of", NULL);
		close(fd);
		return -1;
	}
	if (info.key_size != key_size || info.value_size != value_size) {
		km_err("%s: keys of %u bytes and values of %u, expected %zu and %zu (loaded by another kmeshctl version?)",
			name, info.key_size, info.value_size, key_size,
			value_size);
		close(fd);
		return -1;
	}
	return fd;
}

/* The records of one generation met in a walk, with their ids. */
struct found {
	__u32 gen;
	size_t size;		/* of a record */
	size_t key_size;	/* km_listeners: the key is kept too */
	char *v;		/* [key,] id, record; in walk order */
	size_t n, cap;
};

static size_t entry_size(const struct found *f)
{
	return f->key_size + sizeof(__u32) + f->size;
}

static int keep(struct found *f, const void *key, __u32 id, const void *rec)
{
	size_t e = entry_size(f);
	char *t, *p;

	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 256;
		t = realloc(f->v, f->cap * e);
		if (!t)
			return -ENOMEM;
		f->v = t;
	}
	p = f->v + f->n++ * e;
	if (f->key_size)
		memcpy(p, key, f->key_size);
	memcpy(p + f->key_size, &id, sizeof(id));
	memcpy(p + f->key_size + sizeof(id), rec, f->size);
	return 0;
}

static int found_table(const void *key, const void *value, void *arg)
{
	const struct km_key *k = key;
	struct found *f = arg;

	return k->gen == f->gen ? keep(f, NULL, k->id, value) : 0;
}

static int found_listener(const void *key, const void *value, void *arg)
{
	const struct km_listener_key *k = key;
	const struct km_listener *l = value;
	struct found *f = arg;

	return k->gen == f->gen ? keep(f, key, l->id, value) : 0;
}

/* Walk map (fd) for the records of f->gen, in batches. */
static int walk(int fd, const char *name, size_t key_size, struct found *f,
		mb_walk_fn fn)
{
	int rc = mb_walk(fd, name, key_size, f->size, fn, f);

	if (rc == -ENOMEM) {
		errno = ENOMEM;
		return fail(name, "reading", NULL);
	}
	return rc ? -1 : 0;
}

/*
 * The records of f, placed by id into a new array of f->n (each id
 * 0..n-1 once: the ids of a generation are dense), with the keys into
 * *keys when f keeps them. A generation being deleted meanwhile has
 * holes: *raced.
 */
static int place(const char *name, struct found *f, void **recs, void **keys,
		 bool *raced)
{
	size_t e = entry_size(f), i;
	char *v = calloc(f->n + 1, f->size), *k = NULL;
	bool *seen = calloc(f->n + 1, sizeof(*seen));
	__u32 id;

	if (f->key_size)
		k = calloc(f->n + 1, f->key_size);
	if (!v || !seen || (f->key_size && !k)) {
		free(v);
		free(seen);
		free(k);
		return fail(name, "reading", NULL);
	}
	for (i = 0; i < f->n; i++) {
		const char *p = f->v + i * e;

		memcpy(&id, p + f->key_size, sizeof(id));
		if (id >= f->n || seen[id]) {
			*raced = true;	/* holes: entries went away meanwhile */
			free(v);
			free(seen);
			free(k);
			errno = ENOENT;
			return -1;
		}
		seen[id] = true;
		memcpy(v + id * f->size, p + f->key_size + sizeof(id), f->size);
		if (k)
			memcpy(k + id * f->key_size, p, f->key_size);
	}
	free(seen);
	*recs = v;
	if (keys)
		*keys = k;
	else
		free(k);
	return 0;
}

/* The records of gen in a (gen, id)-keyed map: ids 0..n-1, each once;
 * one walk of the map in batches. */
static int read_table(const char *dir, const char *name, size_t size,
		      __u32 gen, void **recs, size_t *n, bool *raced)
{
	struct found f = { .gen = gen, .size = size };
	int fd, rc;

	*recs = NULL;
	*n = 0;
	fd = open_checked(dir, name, sizeof(struct km_key), size);
	if (fd < 0)
		return -1;
	rc = walk(fd, name, sizeof(struct km_key), &f, found_table);
	close(fd);
	if (!rc)
		rc = place(name, &f, recs, NULL, raced);
	if (!rc)
		*n = f.n;
	free(f.v);
	return rc;
}

/* km_listeners is keyed by address: each entry goes to its own id. */
static int read_listeners(const char *dir, __u32 gen,
			  struct kmesh_compiled *c, bool *raced)
{
	struct found f = {
		.gen = gen, .size = sizeof(struct km_listener),
		.key_size = sizeof(struct km_listener_key),
	};
	struct km_listener *v = NULL;
	struct km_listener_key *k = NULL;
	size_t i;
	int fd, rc;

	fd = open_checked(dir, "km_listeners", f.key_size, f.size);
	if (fd < 0)
		return -1;
	rc = walk(fd, "km_listeners", f.key_size, &f, found_listener);
	close(fd);
	if (!rc)
		rc = place("km_listeners", &f, (void **)&v, (void **)&k, raced);
	if (!rc) {
		c->listeners = calloc(f.n + 1, sizeof(*c->listeners));
		if (!c->listeners)
			rc = fail("km_listeners", "reading", NULL);
	}
	for (i = 0; !rc && i < f.n; i++) {
		c->listeners[i].key = k[i];
		c->listeners[i].key.gen = 0;
		c->listeners[i].value = v[i];
	}
	if (!rc)
		c->n_listeners = f.n;
	free(v);
	free(k);
	free(f.v);
	return rc;
}

#define NAMES(c, field) do {						\
	(c)->field##_names = calloc((c)->n_##field + 1, sizeof(char *)); \
	if (!(c)->field##_names)					\
		return fail("km_names", "reading", NULL);		\
} while (0)

/* The names of gen into the *_names arrays; an empty name stays NULL. */
static int read_names(const char *dir, __u32 gen, struct kmesh_compiled *c)
{
	struct km_counted *v;
	size_t n, i, max;
	char **names;
	int rc = 0;

	NAMES(c, listeners);
	NAMES(c, chains);
	NAMES(c, filters);
	NAMES(c, route_configs);
	NAMES(c, vhosts);
	NAMES(c, routes);
	NAMES(c, clusters);
	if (counters_read_names(dir, gen, &v, &n))
		return -1;
	for (i = 0; i < n && !rc; i++) {
		switch (v[i].kind) {
		case KM_KIND_LISTENER:
			names = c->listeners_names, max = c->n_listeners;
			break;
		case KM_KIND_ROUTE:
			names = c->routes_names, max = c->n_routes;
			break;
		case KM_KIND_CLUSTER:
			names = c->clusters_names, max = c->n_clusters;
			break;
		case KM_KIND_ROUTE_CONFIG:
			names = c->route_configs_names;
			max = c->n_route_configs;
			break;
		case KM_KIND_VHOST:
			names = c->vhosts_names, max = c->n_vhosts;
			break;
		case KM_KIND_CHAIN:
			names = c->chains_names, max = c->n_chains;
			break;
		case KM_KIND_FILTER:
			names = c->filters_names, max = c->n_filters;
			break;
		default:
			continue;	/* a kind of a later version */
		}
		if (v[i].id >= max || !v[i].name[0] || names[v[i].id])
			continue;
		names[v[i].id] = strdup(v[i].name);
		if (!names[v[i].id])
			rc = fail("km_names", "reading", NULL);
	}
	free(v);
	return rc;
}

#define TABLE(map, field)						\
	read_table(dir, map, sizeof(*c->field), gen, (void **)&c->field, \
		   &c->n_##field, raced)

static int read_generation(const char *dir, __u32 gen,
			   struct kmesh_compiled *c, bool *raced)
{
	memset(c, 0, sizeof(*c));
	if (read_listeners(dir, gen, c, raced) ||
	    TABLE("km_chains", chains) || TABLE("km_filters", filters) ||
	    TABLE("km_route_configs", route_configs) ||
	    TABLE("km_vhosts", vhosts) || TABLE("km_domains", domains) ||
	    TABLE("km_routes", routes) || TABLE("km_headers", headers) ||
	    TABLE("km_clusters", clusters) ||
	    TABLE("km_endpoints", endpoints) ||
	    TABLE("km_ratelimits", ratelimits) || read_names(dir, gen, c)) {
		kmesh_compiled_free(c);
		return -1;
	}
	return 0;
}

int mapread_active(const char *dir, struct kmesh_compiled *c, __u32 *gen)
{
	__u32 after;
	bool raced;
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < TRIES; i++) {
		raced = false;
		if (pin_active_gen(dir, gen))
			return -1;
		if (!*gen) {
			km_err("no config applied in %s",
				dir);
			return -1;
		}
		if (read_generation(dir, *gen, c, &raced) && !raced)
			return -1;
		/* a generation replaced meanwhile may be cut short */
		if (pin_active_gen(dir, &after)) {
			kmesh_compiled_free(c);
			return -1;
		}
		if (after == *gen && !raced)
			return 0;
		if (after == *gen) {
			km_err("generation %u in %s has missing records (an interrupted apply?); apply the config again",
				*gen, dir);
			return -1;
		}
		kmesh_compiled_free(c);
	}
	km_err("the active config in %s changed %d times while it was read; try again",
		dir, TRIES);
	return -1;
}

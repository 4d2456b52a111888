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

/* The records of gen in a (gen, id)-keyed map: ids 0..n-1, each once. */
static int read_table(const char *dir, const char *name, size_t size,
		      __u32 gen, void **recs, size_t *n, bool *raced)
{
	struct km_key k, *prev = NULL;
	size_t count = 0, i;
	char *v;
	int fd;

	*recs = NULL;
	*n = 0;
	fd = open_checked(dir, name, sizeof(k), size);
	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		count += k.gen == gen;
	}
	v = calloc(count + 1, size);
	if (!v) {
		close(fd);
		return fail(name, "reading", NULL);
	}
	for (i = 0; i < count; i++) {
		k = (struct km_key){ .gen = gen, .id = (__u32)i };
		if (bpf_map_lookup_elem(fd, &k, v + i * size)) {
			fail(name, "reading", raced);
			free(v);
			close(fd);
			return -1;
		}
	}
	close(fd);
	*recs = v;
	*n = count;
	return 0;
}

/* km_listeners is keyed by address: each entry goes to its own id. */
static int read_listeners(const char *dir, __u32 gen,
			  struct kmesh_compiled *c, bool *raced)
{
	struct km_listener_key k, *prev = NULL;
	struct km_listener_entry *e;
	size_t count = 0, got = 0;
	struct km_listener v;
	bool *seen;
	int fd, rc = -1;

	fd = open_checked(dir, "km_listeners", sizeof(k), sizeof(v));
	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		count += k.gen == gen;
	}
	e = calloc(count + 1, sizeof(*e));
	seen = calloc(count + 1, sizeof(*seen));
	if (!e || !seen) {
		fail("km_listeners", "reading", NULL);
		goto out;
	}
	prev = NULL;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		if (k.gen != gen)
			continue;
		if (bpf_map_lookup_elem(fd, &k, &v)) {
			fail("km_listeners", "reading", raced);
			goto out;
		}
		if (v.id >= count || seen[v.id]) {
			km_err("km_listeners: generation %u has listener id %u %s",
				gen, v.id, v.id >= count ? "out of range" : "twice");
			goto out;
		}
		seen[v.id] = true;
		e[v.id].key = k;
		e[v.id].key.gen = 0;
		e[v.id].value = v;
		got++;
	}
	if (got != count) {
		*raced = true;	/* entries went away meanwhile */
		goto out;
	}
	c->listeners = e;
	c->n_listeners = count;
	e = NULL;
	rc = 0;
out:
	free(e);
	free(seen);
	close(fd);
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

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Counters of a generation in the pinned maps, see counters.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfpin.h"
#include "counters.h"
#include "lib/report.h"

static const struct {
	__u32 kind;
	const char *map;
} counter_maps[] = {
	{ KM_KIND_LISTENER, "km_listener_counters" },
	{ KM_KIND_ROUTE, "km_route_counters" },
	{ KM_KIND_CLUSTER, "km_cluster_counters" },
};

static int map_err(const char *map, const char *what)
{
	km_err("%s %s: %s", what, map, strerror(errno));
	return -1;
}

static int by_kind_id(const void *a, const void *b)
{
	const struct km_counted *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_kind_name(const void *a, const void *b)
{
	const struct km_counted *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

static struct km_counted *find(struct km_counted *v, size_t n, __u32 kind,
			       __u32 id)
{
	struct km_counted k = { .kind = kind, .id = id };

	return bsearch(&k, v, n, sizeof(*v), by_kind_id);
}

static bool counted(__u32 kind)
{
	return kind == KM_KIND_LISTENER || kind == KM_KIND_ROUTE ||
	       kind == KM_KIND_CLUSTER;
}

/* One entry per (gen, kind, id) in km_names: the objects of gen, of the
 * counted kinds only unless all. */
static int read_names(const char *dir, __u32 gen, bool all,
		      struct km_counted **out, size_t *n)
{
	struct km_name_key k, *prev = NULL;
	struct km_counted *v = NULL, *tmp;
	size_t cap = 0;
	struct km_name nm;
	int fd;

	*n = 0;
	fd = pin_map_open(dir, "km_names");
	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		if (k.gen != gen || (!all && !counted(k.kind)) ||
		    bpf_map_lookup_elem(fd, &k, &nm))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp) {
				free(v);
				close(fd);
				return map_err("km_names", "listing");
			}
			v = tmp;
		}
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].kind = k.kind;
		v[*n].id = k.id;
		nm.name[sizeof(nm.name) - 1] = 0;
		strcpy(v[*n].name, nm.name);
		(*n)++;
	}
	close(fd);
	if (v)
		qsort(v, *n, sizeof(*v), by_kind_id);
	*out = v;
	return 0;
}

/* Add the live per-CPU counts of map (kind) under gen into v. */
static int add_live(const char *dir, const char *map, __u32 kind, __u32 gen,
		    struct km_counted *v, size_t n)
{
	int ncpu = libbpf_num_possible_cpus(), fd, i, rc = 0;
	struct km_key k, *prev = NULL;
	struct km_counters *pc;
	struct km_counted *e;

	if (ncpu <= 0)
		return map_err(map, "counting the CPUs for");
	pc = calloc(ncpu, sizeof(*pc));
	if (!pc)
		return map_err(map, "reading");
	fd = pin_map_open(dir, map);
	if (fd < 0) {
		free(pc);
		return -1;
	}
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		if (k.gen != gen)
			continue;
		if (bpf_map_lookup_elem(fd, &k, pc)) {
			if (errno == ENOENT)
				continue;
			rc = map_err(map, "reading");
			break;
		}
		e = find(v, n, kind, k.id);
		if (!e)
			continue;
		for (i = 0; i < ncpu; i++) {
			e->c.connections += pc[i].connections;
			e->c.refusals += pc[i].refusals;
			e->c.rate_limited += pc[i].rate_limited;
		}
	}
	close(fd);
	free(pc);
	return rc;
}

static int add_base(const char *dir, __u32 gen, struct km_counted *v,
		    size_t n)
{
	struct km_name_key k, *prev = NULL;
	struct km_counters c;
	struct km_counted *e;
	int fd;

	fd = pin_map_open(dir, "km_counter_base");
	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		if (k.gen != gen || bpf_map_lookup_elem(fd, &k, &c))
			continue;
		e = find(v, n, k.kind, k.id);
		if (!e)
			continue;
		e->c.connections += c.connections;
		e->c.refusals += c.refusals;
		e->c.rate_limited += c.rate_limited;
	}
	close(fd);
	return 0;
}

int counters_read(const char *dir, __u32 gen, struct km_counted **out,
		  size_t *n)
{
	size_t i;

	*out = NULL;
	if (read_names(dir, gen, false, out, n))
		return -1;
	for (i = 0; i < sizeof(counter_maps) / sizeof(counter_maps[0]); i++)
		if (add_live(dir, counter_maps[i].map, counter_maps[i].kind,
			     gen, *out, *n))
			goto fail;
	if (add_base(dir, gen, *out, *n))
		goto fail;
	return 0;
fail:
	free(*out);
	*out = NULL;
	return -1;
}

int counters_read_names(const char *dir, __u32 gen, struct km_counted **out,
			size_t *n)
{
	*out = NULL;
	return read_names(dir, gen, true, out, n);
}

/* The names of one kind: every object's of a counted kind (empty when it
 * has none, so `stats` lists it), only the given ones of the others. */
static int write_kind(int fd, __u32 gen, __u32 kind, char **names, size_t n)
{
	struct km_name_key k = { .gen = gen, .kind = kind };
	struct km_name nm;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!counted(kind) && !(names && names[i] && names[i][0]))
			continue;
		memset(&nm, 0, sizeof(nm));
		if (names && names[i])
			snprintf(nm.name, sizeof(nm.name), "%s", names[i]);
		k.id = (__u32)i;
		if (pin_map_update(fd, &k, &nm, BPF_ANY))
			return map_err("km_names", "writing");
	}
	return 0;
}

int counters_write_names(const char *dir, const struct kmesh_compiled *c,
			 __u32 gen)
{
	int fd, rc;

	fd = pin_map_open(dir, "km_names");
	if (fd < 0)
		return -1;
	rc = write_kind(fd, gen, KM_KIND_LISTENER, c->listeners_names,
			c->n_listeners) ||
	     write_kind(fd, gen, KM_KIND_ROUTE, c->routes_names, c->n_routes) ||
	     write_kind(fd, gen, KM_KIND_CLUSTER, c->clusters_names,
			c->n_clusters) ||
	     write_kind(fd, gen, KM_KIND_ROUTE_CONFIG, c->route_configs_names,
			c->n_route_configs) ||
	     write_kind(fd, gen, KM_KIND_VHOST, c->vhosts_names, c->n_vhosts) ||
	     write_kind(fd, gen, KM_KIND_CHAIN, c->chains_names, c->n_chains) ||
	     write_kind(fd, gen, KM_KIND_FILTER, c->filters_names,
			c->n_filters);
	close(fd);
	return rc ? -1 : 0;
}

int counters_carry(const char *dir, __u32 old, __u32 gen)
{
	struct km_counted *o = NULL, *nw = NULL, *hit;
	size_t no, nn, i;
	int fd = -1, rc = -1;

	if (counters_read(dir, old, &o, &no) ||
	    read_names(dir, gen, false, &nw, &nn))
		goto out;
	/* by name; a name used twice (unnamed routes) carries nothing */
	qsort(o, no, sizeof(*o), by_kind_name);
	for (i = 0; i + 1 < no; i++)
		if (!by_kind_name(&o[i], &o[i + 1]))
			o[i].dup = o[i + 1].dup = 1;
	fd = pin_map_open(dir, "km_counter_base");
	if (fd < 0)
		goto out;
	rc = 0;
	for (i = 0; i < nn; i++) {
		struct km_name_key k = { gen, nw[i].kind, nw[i].id };

		if (!nw[i].name[0])
			continue;
		hit = bsearch(&nw[i], o, no, sizeof(*o), by_kind_name);
		if (!hit || hit->dup)
			continue;
		if (pin_map_update(fd, &k, &hit->c, BPF_ANY))
			rc = map_err("km_counter_base", "writing");
	}
out:
	if (fd >= 0)
		close(fd);
	free(o);
	free(nw);
	return rc;
}

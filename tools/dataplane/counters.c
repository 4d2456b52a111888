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
#include "genkeys.h"
#include "lib/report.h"
#include "mapbatch.h"

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

/* The entries of a walk of km_names, in *v. */
struct names {
	__u32 gen;
	bool all;
	struct km_counted *v;
	size_t n, cap;
};

static int name_found(const void *key, const void *value, void *arg)
{
	const struct km_name_key *k = key;
	const struct km_name *nm = value;
	struct names *w = arg;
	struct km_counted *tmp;

	if (k->gen != w->gen || (!w->all && !counted(k->kind)))
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		tmp = realloc(w->v, w->cap * sizeof(*w->v));
		if (!tmp)
			return -ENOMEM;
		w->v = tmp;
	}
	memset(&w->v[w->n], 0, sizeof(w->v[w->n]));
	w->v[w->n].kind = k->kind;
	w->v[w->n].id = k->id;
	snprintf(w->v[w->n].name, sizeof(w->v[w->n].name), "%.*s",
		 (int)sizeof(nm->name) - 1, nm->name);
	w->n++;
	return 0;
}

/* One entry per (gen, kind, id) in km_names: the objects of gen, of the
 * counted kinds only unless all. */
static int read_names(const char *dir, __u32 gen, bool all,
		      struct km_counted **out, size_t *n)
{
	struct names w = { .gen = gen, .all = all };
	int fd, rc;

	*n = 0;
	*out = NULL;
	fd = pin_map_open(dir, "km_names");
	if (fd < 0)
		return -1;
	rc = mb_walk(fd, "km_names", sizeof(struct km_name_key),
		     sizeof(struct km_name), name_found, &w);
	close(fd);
	if (rc) {
		free(w.v);
		if (rc == -ENOMEM) {
			errno = ENOMEM;
			return map_err("km_names", "listing");
		}
		return -1;
	}
	if (w.v)
		qsort(w.v, w.n, sizeof(*w.v), by_kind_id);
	*out = w.v;
	*n = w.n;
	return 0;
}

/* What a walk of a counter map adds to. */
struct adding {
	__u32 gen, kind;
	struct km_counted *v;
	size_t n;
	int ncpu;	/* per-CPU values (live counters); 0: one (base) */
};

static int add_found(const void *key, const void *value, void *arg)
{
	const struct adding *a = arg;
	const struct km_counters *c = value;
	struct km_counted *e;
	__u32 kind, id, gen;
	int i;

	memcpy(&gen, key, sizeof(gen));
	if (gen != a->gen)
		return 0;
	if (a->ncpu) {
		id = ((const struct km_key *)key)->id;
		kind = a->kind;
	} else {
		id = ((const struct km_name_key *)key)->id;
		kind = ((const struct km_name_key *)key)->kind;
	}
	e = find(a->v, a->n, kind, id);
	if (!e)
		return 0;
	for (i = 0; i < (a->ncpu ? a->ncpu : 1); i++) {
		e->c.connections += c[i].connections;
		e->c.refusals += c[i].refusals;
		e->c.rate_limited += c[i].rate_limited;
	}
	return 0;
}

/* Add the live per-CPU counts of map (kind) under gen into v. */
static int add_live(const char *dir, const char *map, __u32 kind, __u32 gen,
		    struct km_counted *v, size_t n)
{
	struct adding a = { gen, kind, v, n, libbpf_num_possible_cpus() };
	int fd, rc;

	if (a.ncpu <= 0)
		return map_err(map, "counting the CPUs for");
	fd = pin_map_open(dir, map);
	if (fd < 0)
		return -1;
	rc = mb_walk(fd, map, sizeof(struct km_key),
		     sizeof(struct km_counters) * (size_t)a.ncpu, add_found, &a);
	close(fd);
	return rc ? -1 : 0;
}

static int add_base(const char *dir, __u32 gen, struct km_counted *v,
		    size_t n)
{
	struct adding a = { gen, 0, v, n, 0 };
	int fd, rc;

	fd = pin_map_open(dir, "km_counter_base");
	if (fd < 0)
		return -1;
	rc = mb_walk(fd, "km_counter_base", sizeof(struct km_name_key),
		     sizeof(struct km_counters), add_found, &a);
	close(fd);
	return rc ? -1 : 0;
}

/* The counted objects of c (listeners, routes, clusters) with their
 * names, sorted by kind then id: what read_names() finds of the
 * generation written from c, without reading km_names. */
static int names_of(const struct kmesh_compiled *c, struct km_counted **out,
		    size_t *n)
{
	struct gk_names kinds[GK_NAME_KINDS];
	struct km_counted *v;
	size_t i, j, k = 0;

	*n = c->n_listeners + c->n_routes + c->n_clusters;
	v = calloc(*n + 1, sizeof(*v));
	if (!v)
		return map_err("km_names", "listing");
	gk_names_of(c, kinds);
	for (i = 0; i < GK_NAME_KINDS; i++) {
		if (!gk_kind_counted(kinds[i].kind))
			continue;
		for (j = 0; j < kinds[i].n; j++, k++) {
			v[k].kind = kinds[i].kind;
			v[k].id = (__u32)j;
			if (kinds[i].names && kinds[i].names[j])
				snprintf(v[k].name, sizeof(v[k].name), "%s",
					 kinds[i].names[j]);
		}
	}
	*out = v;
	return 0;
}

/* The counted objects of gen, from c when it is the config gen was
 * written from, else from km_names; then their live and base counts. */
static int read_counted(const char *dir, __u32 gen,
			const struct kmesh_compiled *c,
			struct km_counted **out, size_t *n)
{
	size_t i;

	*out = NULL;
	if (c ? names_of(c, out, n) : read_names(dir, gen, false, out, n))
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

int counters_read(const char *dir, __u32 gen, struct km_counted **out,
		  size_t *n)
{
	return read_counted(dir, gen, NULL, out, n);
}

int counters_read_names(const char *dir, __u32 gen, struct km_counted **out,
			size_t *n)
{
	*out = NULL;
	return read_names(dir, gen, true, out, n);
}

int counters_carry(const char *dir, __u32 old, __u32 gen,
		   const struct kmesh_compiled *old_c,
		   const struct kmesh_compiled *c)
{
	struct km_counted *o = NULL, *nw = NULL, *hit;
	struct mb_writer w = { .keys = NULL };
	size_t no, nn, i;
	int fd = -1, rc = -1;

	if (read_counted(dir, old, old_c, &o, &no) ||
	    (c ? names_of(c, &nw, &nn) : read_names(dir, gen, false, &nw, &nn)))
		goto out;
	/* by name; a name used twice (unnamed routes) carries nothing */
	qsort(o, no, sizeof(*o), by_kind_name);
	for (i = 0; i + 1 < no; i++)
		if (!by_kind_name(&o[i], &o[i + 1]))
			o[i].dup = o[i + 1].dup = 1;
	fd = pin_map_open(dir, "km_counter_base");
	if (fd < 0 || mb_init(&w, fd, "km_counter_base",
			      sizeof(struct km_name_key),
			      sizeof(struct km_counters)))
		goto out;
	rc = 0;
	for (i = 0; i < nn && !rc; i++) {
		struct km_name_key k = { gen, nw[i].kind, nw[i].id };

		if (!nw[i].name[0])
			continue;
		hit = bsearch(&nw[i], o, no, sizeof(*o), by_kind_name);
		if (!hit || hit->dup || (!hit->c.connections &&
					 !hit->c.refusals &&
					 !hit->c.rate_limited))
			continue;	/* nothing to carry: no base */
		rc = mb_add(&w, &k, &hit->c);
	}
	if (!rc)
		rc = mb_flush(&w);
out:
	mb_free(&w);
	if (fd >= 0)
		close(fd);
	free(o);
	free(nw);
	return rc;
}

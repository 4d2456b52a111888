// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "mapcheck.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <kmesh/maps.h>

const char *const tu_gen_maps[] = {
	"km_listeners", "km_chains", "km_filters", "km_route_configs",
	"km_vhosts", "km_domains", "km_exact_domains", "km_routes",
	"km_headers", "km_clusters",
	"km_endpoints", "km_ratelimits", "km_listener_counters",
	"km_route_counters", "km_cluster_counters", "km_names",
	"km_counter_base", NULL,
};

const char *const tu_state_maps[] = {
	"km_cluster_active", "km_lb_cursor", "km_ep_active", "km_rl_state",
	NULL,
};

static int map_open(const char *bpffs, const char *map)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/maps/%s", bpffs, map);
	return bpf_obj_get(path);
}

long tu_active_gen(const char *bpffs)
{
	struct km_active a;
	__u32 key = KM_ACTIVE_KEY;
	int fd = map_open(bpffs, "km_active"), rc;

	if (fd < 0)
		return -1;
	rc = bpf_map_lookup_elem(fd, &key, &a);
	close(fd);
	return rc ? -1 : (long)a.gen;
}

int tu_loader_phase(const char *bpffs)
{
	struct km_loader l;
	__u32 key = KM_LOADER_KEY;
	int fd = map_open(bpffs, "km_loader"), rc;

	if (fd < 0)
		return -1;
	rc = bpf_map_lookup_elem(fd, &key, &l);
	close(fd);
	return rc ? -1 : (int)l.phase;
}

long tu_records(const char *bpffs, const char *map, __u32 gen, int other)
{
	char key[sizeof(struct km_domain_key)], *prev = NULL;	/* the largest */
	int fd = map_open(bpffs, map);
	long n = 0;
	__u32 g;

	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, key)) {
		prev = key;
		memcpy(&g, key, sizeof(g));
		n += other ? g != gen : g == gen;
	}
	close(fd);
	return n;
}

long tu_records_not_of(const char *bpffs, __u32 gen)
{
	long n = 0, k;
	int i;

	for (i = 0; tu_gen_maps[i]; i++) {
		k = tu_records(bpffs, tu_gen_maps[i], gen, 1);
		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

struct sids {
	__u64 *v;
	size_t n, cap;
};

static int add(struct sids *s, __u64 sid)
{
	__u64 *v;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		v = realloc(s->v, s->cap * sizeof(*v));
		if (!v)
			return -1;
		s->v = v;
	}
	s->v[s->n++] = sid;
	return 0;
}

/* The state ids of the records of gen in map (value size sz, the state
 * id at offset off). */
static int collect(const char *bpffs, const char *map, size_t sz, size_t off,
		   __u32 gen, struct sids *s)
{
	struct km_key k, *prev = NULL;
	int fd = map_open(bpffs, map), rc = 0;
	char *v = malloc(sz);
	__u64 sid;

	if (fd < 0 || !v) {
		free(v);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (!rc && !bpf_map_get_next_key(fd, prev, &k)) {
		prev = &k;
		if (k.gen != gen || bpf_map_lookup_elem(fd, &k, v))
			continue;
		memcpy(&sid, v + off, sizeof(sid));
		rc = add(s, sid);
	}
	free(v);
	close(fd);
	return rc;
}

static int has(const struct sids *s, __u64 sid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == sid)
			return 1;
	return 0;
}

long tu_orphan_state(const char *bpffs, const char *map, __u32 gen)
{
	struct sids s = {};
	__u64 key, *prev = NULL;
	long n = 0;
	int fd;

	if (collect(bpffs, "km_clusters", sizeof(struct km_cluster),
		    offsetof(struct km_cluster, state_id), gen, &s) ||
	    collect(bpffs, "km_endpoints", sizeof(struct km_endpoint),
		    offsetof(struct km_endpoint, state_id), gen, &s) ||
	    collect(bpffs, "km_ratelimits", sizeof(struct km_ratelimit),
		    offsetof(struct km_ratelimit, state_id), gen, &s)) {
		free(s.v);
		return -1;
	}
	fd = map_open(bpffs, map);
	if (fd < 0) {
		free(s.v);
		return -1;
	}
	while (!bpf_map_get_next_key(fd, prev, &key)) {
		prev = &key;
		n += !has(&s, key);
	}
	close(fd);
	free(s.v);
	return n;
}

long tu_state_entries(const char *bpffs, const char *map)
{
	__u64 key, *prev = NULL;
	int fd = map_open(bpffs, map);
	long n = 0;

	if (fd < 0)
		return -1;
	while (!bpf_map_get_next_key(fd, prev, &key)) {
		prev = &key;
		n++;
	}
	close(fd);
	return n;
}

// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * kmeshctl apply [--format yaml|pb] [--bpffs DIR] FILE
 *
 * Validate and compile FILE, write it as generation active + 1 into the
 * pinned maps, flip km_active to it (the commit point), wait for every
 * running BPF program to finish (an RCU grace period), then delete the
 * previous generation's records, after carrying its counters over to
 * the objects of the same name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "dataplane/bpfpin.h"
#include "cmd.h"
#include "compile/compile.h"
#include "dataplane/counters.h"
#include "lib/report.h"

/* Every generation-keyed map (key starts with __u32 gen). */
static const char *const gen_maps[] = {
	"km_listeners", "km_chains", "km_filters", "km_route_configs",
	"km_vhosts", "km_domains", "km_routes", "km_headers", "km_clusters",
	"km_endpoints", "km_lb_cursor", "km_cluster_active", "km_ep_active",
	"km_listener_counters", "km_route_counters", "km_cluster_counters",
	"km_names", "km_counter_base",
};
#define N_GEN_MAPS (sizeof(gen_maps) / sizeof(gen_maps[0]))

static int err_map(const char *map, const char *what)
{
	km_err("%s %s: %s", what, map,
		strerror(errno));
	return -1;
}

/* Delete every record of generation gen from the map. */
static int delete_gen(const char *dir, const char *name, __u32 gen)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char *keys = NULL, *tmp;
	size_t n = 0, cap = 0, i;
	int fd, rc = 0;
	void *prev = NULL;
	char key[64];

	fd = pin_map_open(dir, name);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.key_size > sizeof(key) || info.key_size < 4) {
		close(fd);
		return err_map(name, "reading");
	}
	while (!bpf_map_get_next_key(fd, prev, key)) {
		__u32 g;

		memcpy(&g, key, sizeof(g));
		if (g == gen) {
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				tmp = realloc(keys, cap * info.key_size);
				if (!tmp) {
					rc = err_map(name, "listing");
					goto out;
				}
				keys = tmp;
			}
			memcpy(keys + n++ * info.key_size, key, info.key_size);
		}
		prev = key;
	}
	for (i = 0; i < n; i++)
		if (bpf_map_delete_elem(fd, keys + i * info.key_size) &&
		    errno != ENOENT)
			rc = err_map(name, "deleting from");
out:
	free(keys);
	close(fd);
	return rc;
}

static int delete_generation(const char *dir, __u32 gen)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < N_GEN_MAPS; i++)
		if (delete_gen(dir, gen_maps[i], gen))
			rc = -1;
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
		if (bpf_map_update_elem(fd, &k, (const char *)recs + i * sz,
					BPF_ANY)) {
			rc = err_map(name, "writing");
			break;
		}
	}
	close(fd);
	return rc;
}

#define WRITE(name, field) \
	write_table(dir, name, c->field, sizeof(*c->field), c->n_##field, gen)

static int write_generation(const char *dir, const struct kmesh_compiled *c,
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
		if (bpf_map_update_elem(fd, &k, &c->listeners[i].value,
					BPF_ANY)) {
			close(fd);
			return err_map("km_listeners", "writing");
		}
	}
	close(fd);
	if (WRITE("km_chains", chains) || WRITE("km_filters", filters) ||
	    WRITE("km_route_configs", route_configs) ||
	    WRITE("km_vhosts", vhosts) || WRITE("km_domains", domains) ||
	    WRITE("km_routes", routes) || WRITE("km_headers", headers) ||
	    WRITE("km_clusters", clusters) || WRITE("km_endpoints", endpoints) ||
	    counters_write_names(dir, c, gen))
		return -1;
	return 0;
}

static int swap_in(const char *dir, const struct kmesh_compiled *c)
{
	struct km_active act = {};
	__u32 key = KM_ACTIVE_KEY, old;
	int fd;

	fd = pin_map_open(dir, "km_active");
	if (fd < 0)
		return -1;
	if (bpf_map_lookup_elem(fd, &key, &act)) {
		err_map("km_active", "reading");
		goto fail;
	}
	old = act.gen;
	act.gen = old + 1 ? old + 1 : 1;
	/* leftovers of an interrupted apply under the same number */
	if (delete_generation(dir, act.gen) ||
	    write_generation(dir, c, act.gen)) {
		delete_generation(dir, act.gen);
		goto fail;
	}
	if (bpf_map_update_elem(fd, &key, &act, BPF_ANY)) {
		err_map("km_active", "writing");
		delete_generation(dir, act.gen);
		goto fail;
	}
	close(fd);
	if (!old)
		return 0;
	if (bpf_grace_period()) {
		km_err("waiting for running programs: %s; generation %u left in the maps",
			strerror(errno), old);
		return -1;
	}
	/* counters survive the update: carried over by name */
	if (counters_carry(dir, old, act.gen))
		km_warn("the counters of generation %u were not carried over",
			old);
	return delete_generation(dir, old);
fail:
	close(fd);
	return -1;
}

static int run(const struct km_cmd *cmd, int argc, char **argv)
{
	struct kmesh_compiled c;
	struct cmd_args a;
	int rc;

	rc = cmd_parse(cmd, argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = cmd_compile_file(a.args[0], a.format, false, NULL, &c);
	if (rc)
		return rc;
	if (swap_in(a.bpffs, &c))
		rc = KM_EXIT_IO;
	kmesh_compiled_free(&c);
	return rc;
}

const struct km_cmd cmd_apply = {
	.name = "apply",
	.args = "FILE",
	.summary = "validate, compile and activate a config in the loaded data plane",
	.help = "Validate and compile FILE, write it into the maps pinned by\n"
		"'kmeshctl load' as a new generation, make it the active one\n"
		"atomically (connections see the old config or the new one, never\n"
		"a mix), then delete the previous generation. On an error the\n"
		"previous config stays active.",
	.flags = CMD_F_BPFFS,
	.n_args = 1,
	.run = run,
};

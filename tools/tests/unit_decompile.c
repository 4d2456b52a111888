// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Unit tests of the decompiler (decompile.c): what the round trip over
 * whole configs in tests/run.sh does not reach (names missing from the
 * tables, tables that do not hang together, nothing at all), and the
 * helper `unit decompile FILE` that round trip uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_load.h"
#include "decompile/decompile.h"
#include "pbyaml/pbyaml_read.h"
#include "pbyaml/pbyaml_write.h"
#include "validate/validate.h"
#include "unit.h"

static void print_diag(const struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		printf("# %s\n", d->msgs[i]);
}

bool unit_compile_yaml(const char *yaml, struct kmesh_compiled *c)
{
	Kmesh__Config *cfg;
	struct diag d;
	bool ok = false;

	memset(c, 0, sizeof(*c));
	diag_init(&d, 100);
	cfg = (Kmesh__Config *)pbyaml_read(&kmesh__config__descriptor, yaml,
					   strlen(yaml), "t.yaml", &d);
	if (cfg && !config_validate(cfg, &d) && !kmesh_compile(cfg, c, &d))
		ok = true;
	print_diag(&d);
	diag_free(&d);
	if (cfg)
		config_free(cfg);
	return ok;
}

/* The YAML of the decompiled tables, or NULL (with # lines). */
static char *decompile_yaml(const struct kmesh_compiled *c)
{
	Kmesh__Config *cfg;
	const char *err;
	char *out = NULL;
	size_t len = 0;
	struct diag d;
	FILE *f;

	diag_init(&d, 100);
	if (kmesh_decompile(c, &cfg, &d)) {
		print_diag(&d);
		diag_free(&d);
		return NULL;
	}
	diag_free(&d);
	f = open_memstream(&out, &len);
	if (!f || pbyaml_write(&cfg->base, f, &err))
		printf("# writing YAML failed\n");
	if (f)
		fclose(f);
	config_free(cfg);
	return out;
}

#define SAME_TABLE(a, b, field)						\
	((a)->n_##field == (b)->n_##field &&				\
	 !memcmp((a)->field, (b)->field, (a)->n_##field * sizeof(*(a)->field)))

/* The records (not the names) of two compiled configs are equal. */
static bool same_records(const struct kmesh_compiled *a,
			 const struct kmesh_compiled *b)
{
	return SAME_TABLE(a, b, listeners) && SAME_TABLE(a, b, chains) &&
	       SAME_TABLE(a, b, filters) && SAME_TABLE(a, b, route_configs) &&
	       SAME_TABLE(a, b, vhosts) && SAME_TABLE(a, b, domains) &&
	       SAME_TABLE(a, b, routes) && SAME_TABLE(a, b, headers) &&
	       SAME_TABLE(a, b, clusters) && SAME_TABLE(a, b, endpoints);
}

static const char names_yaml[] =
	"listeners:\n"
	"- name: l\n"
	"  address: {address: 0.0.0.0, port_value: 80}\n"
	"  filter_chains:\n"
	"  - name: chain\n"
	"    filters: [{name: hcm, http_connection_manager: {route_config_name: web}}]\n"
	"- name: db\n"
	"  address: {address: '::', port_value: 3306}\n"
	"  filter_chains: [{filters: [{tcp_proxy: {cluster: cluster_0}}]}]\n"
	"route_configs:\n"
	"- name: web\n"
	"  virtual_hosts:\n"
	"  - name: a\n"
	"    domains: [a.example.com]\n"
	"    routes:\n"
	"    - name: r\n"
	"      match: {prefix: /}\n"
	"      route: {weighted_clusters: {clusters: [{name: a, weight: 1}, {name: cluster_0, weight: 2}]}}\n"
	"  - name: b\n"
	"    domains: ['*']\n"
	"    routes: [{match: {path: /x}, route: {cluster: a}}]\n"
	"clusters:\n"
	"- name: a\n"
	"- name: cluster_0\n";

static void drop_names(char ***names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((*names)[i]);
	free(*names);
	*names = NULL;
}

void test_decompile_names(void)
{
	struct kmesh_compiled c, back;
	char *yaml;

	if (!unit_compile_yaml(names_yaml, &c)) {
		EXPECT(!"names_yaml compiles");
		return;
	}
	/* no names at all but the second cluster's */
	drop_names(&c.listeners_names, c.n_listeners);
	drop_names(&c.chains_names, c.n_chains);
	drop_names(&c.filters_names, c.n_filters);
	drop_names(&c.route_configs_names, c.n_route_configs);
	drop_names(&c.vhosts_names, c.n_vhosts);
	drop_names(&c.routes_names, c.n_routes);
	free(c.clusters_names[0]);
	c.clusters_names[0] = NULL;
	yaml = decompile_yaml(&c);
	EXPECT(yaml != NULL);
	if (yaml && unit_compile_yaml(yaml, &back)) {
		EXPECT(same_records(&c, &back));
		EXPECT(!strcmp(back.listeners_names[0], "listener_0"));
		EXPECT(!strcmp(back.listeners_names[1], "listener_1"));
		EXPECT(!strcmp(back.route_configs_names[0], "route_config_0"));
		EXPECT(!strcmp(back.vhosts_names[0], "virtual_host_0"));
		EXPECT(!strcmp(back.vhosts_names[1], "virtual_host_1"));
		/* cluster_0 is taken by the second cluster */
		EXPECT(!strcmp(back.clusters_names[0], "cluster_0_"));
		EXPECT(!strcmp(back.clusters_names[1], "cluster_0"));
		EXPECT(!back.chains_names[0] && !back.filters_names[0] &&
		       !back.routes_names[0]);
		kmesh_compiled_free(&back);
	} else {
		EXPECT(!"the decompiled YAML compiles");
		printf("# %s\n", yaml ? yaml : "(null)");
	}
	free(yaml);
	kmesh_compiled_free(&c);
}

void test_decompile_bad(void)
{
	static const char *const want[] = {
		"listeners[1]: filter chains [1,9) outside the 2 filter chains",
		"filters[0]: route config 7 outside the 1 route configs",
		"domains[0]: name length 300 over 253",
		"domains[1]: unknown kind 9",
		"routes[0]: cluster 5 outside the 2 clusters",
		"routes[0]: cumulative weights decreasing at 1",
		"routes[0]: total weight 3, not the last cumulative weight",
		"routes[1]: path holds a NUL byte",
		"header_matchers[0]: unknown kind 0",
		"clusters[1]: unknown lb_policy 3",
	};
	struct kmesh_compiled c;
	Kmesh__Config *cfg = NULL;
	struct diag d;
	size_t i, n;

	if (!unit_compile_yaml(names_yaml, &c)) {
		EXPECT(!"names_yaml compiles");
		return;
	}
	c.listeners[1].value.n_chains = 8;
	c.filters[0].target = 7;
	c.domains[0].len = 300;
	c.domains[1].kind = 9;
	c.routes[0].weighted[0].cluster_id = 5;
	c.routes[0].weighted[1].cum_weight = 0;
	c.routes[1].path[0] = 0;
	c.headers = realloc(c.headers, sizeof(*c.headers));
	memset(c.headers, 0, sizeof(*c.headers));
	c.n_headers = 1;
	c.clusters[1].lb_policy = 3;
	diag_init(&d, 100);
	n = kmesh_decompile(&c, &cfg, &d);
	EXPECT(n == sizeof(want) / sizeof(want[0]) && cfg == NULL);
	for (i = 0; i < d.n && i < sizeof(want) / sizeof(want[0]); i++)
		if (strcmp(d.msgs[i], want[i])) {
			printf("# got  %s\n# want %s\n", d.msgs[i], want[i]);
			failed = true;
		}
	diag_free(&d);
	kmesh_compiled_free(&c);
}

void test_decompile_empty(void)
{
	struct kmesh_compiled c;
	char *yaml;

	memset(&c, 0, sizeof(c));
	yaml = decompile_yaml(&c);
	EXPECT(yaml && !strcmp(yaml, "{}\n"));
	free(yaml);
}

int unit_decompile_file(const char *path)
{
	struct kmesh_compiled c;
	enum cfg_format fmt = CFG_FMT_AUTO;
	Kmesh__Config *cfg = NULL;
	const char *err;
	struct diag d;
	int rc = 1;

	diag_init(&d, 100);
	if (cfg_format_from_path(path, &fmt)) {
		fprintf(stderr, "%s: unknown format\n", path);
	} else if (!config_load(path, fmt, &cfg, &d) &&
		   !config_validate(cfg, &d) && !kmesh_compile(cfg, &c, &d)) {
		rc = kmesh_decompile_print(&c, stdout, &err) ? 1 : 0;
		kmesh_compiled_free(&c);
	}
	diag_print(&d, stderr);
	diag_free(&d);
	if (cfg)
		config_free(cfg);
	return rc;
}

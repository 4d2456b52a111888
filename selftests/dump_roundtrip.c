// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * `kmeshctl export` reads the active config back from the pinned maps
 * as YAML that `kmeshctl apply` takes back: apply a config that uses
 * every field, export it, apply the export, export again. The two
 * exports are identical, and they compile (`kmeshctl compile`, on the
 * file, no maps) to the same tables as the original: the maps held all
 * of it, names included. kmeshctl is the one selftests/Makefile builds
 * next to this binary, or $KMESHCTL.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/testutil.h"

/* Every field of tools/proto/kmesh.proto (like tools/tests/full.yaml),
 * with forms the maps keep in one way only: a v4-mapped listener
 * address, upper case domains and header names, a prefix with host
 * bits, present_match false, a header matcher with only a name, endpoint
 * weight 0, circuit_breakers {} (max_connections 0). */
static const char config[] =
	"listeners:\n"
	"- name: http\n"
	"  address: {address: 0.0.0.0, port_value: 80}\n"
	"  filter_chains:\n"
	"  - name: internal\n"
	"    filter_chain_match:\n"
	"      destination_port: 8080\n"
	"      prefix_ranges:\n"
	"      - {address_prefix: 10.1.2.3, prefix_len: 8}\n"
	"      - {address_prefix: 'fd00::', prefix_len: 16}\n"
	"      - {address_prefix: '2001:db8::1', prefix_len: 32}\n"
	"    filters:\n"
	"    - name: envoy.filters.network.http_connection_manager\n"
	"      http_connection_manager: {stat_prefix: internal, route_config_name: web, local_ratelimit: {token_bucket: {max_tokens: 3, fill_interval: 2s}}, strip_any_host_port: true}\n"
	"  - name: port-9000\n"
	"    filter_chain_match: {destination_port: 9000}\n"
	"    filters: [{tcp_proxy: {stat_prefix: raw, cluster: db}}]\n"
	"  - filters:\n"
	"    - http_connection_manager: {route_config_name: web, strip_matching_host_port: true}\n"
	"- name: mysql6\n"
	"  address: {address: '::', port_value: 3306}\n"
	"  filter_chains:\n"
	"  - filters:\n"
	"    - local_ratelimit: {token_bucket: {max_tokens: 5, tokens_per_fill: 2, fill_interval: 0.25s}}\n"
	"    - local_ratelimit: {}\n"
	"    - {name: tcp, tcp_proxy: {stat_prefix: mysql, cluster: db}}\n"
	"- name: mapped\n"
	"  address: {address: '::ffff:127.0.0.2', port_value: 81}\n"
	"  filter_chains:\n"
	"  - filters: [{http_connection_manager: {route_config_name: other}}]\n"
	"route_configs:\n"
	"- name: web\n"
	"  virtual_hosts:\n"
	"  - name: api\n"
	"    domains: [Api.Example.com, '*.api.example.com', 'api.*']\n"
	"    routes:\n"
	"    - name: exact\n"
	"      match: {path: /healthz}\n"
	"      route: {cluster: v1}\n"
	"    - match:\n"
	"        prefix: /\n"
	"        headers:\n"
	"        - {name: X-Canary, exact_match: '1'}\n"
	"        - {name: x-debug, present_match: false}\n"
	"        - {name: x-here, present_match: true}\n"
	"        - {name: x-user, prefix_match: test-, invert_match: true}\n"
	"        - {name: x-client, suffix_match: -beta}\n"
	"        - {name: x-empty, exact_match: ''}\n"
	"        - {name: x-quote, exact_match: \"a: \\\"b\\\" #c\"}\n"
	"        - {name: X-Trace, contains_match: abab, invert_match: true}\n"
	"        - {name: x-env, string_match: {prefix: Prod, ignore_case: true}}\n"
	"        - {name: x-none, string_match: {exact: ''}, treat_missing_header_as_empty: true}\n"
	"        - {name: ':Method', string_match: {suffix: T}}\n"
	"        - {name: x-only}\n"
	"      route:\n"
	"        weighted_clusters:\n"
	"          clusters:\n"
	"          - {name: v1, weight: 4294967294}\n"
	"          - {name: v2, weight: 1}\n"
	"          - {name: db, weight: 0}\n"
	"  - name: default\n"
	"    domains: ['*']\n"
	"    local_ratelimit: {token_bucket: {max_tokens: 100, fill_interval: 1s}}\n"
	"    routes:\n"
	"    - {name: rest, match: {prefix: /}, route: {cluster: v2}, local_ratelimit: {}}\n"
	"- name: other\n"
	"  local_ratelimit: {token_bucket: {max_tokens: 7, fill_interval: 60s}}\n"
	"  ignore_port_in_host_matching: true\n"
	"  virtual_hosts:\n"
	"  - name: only\n"
	"    domains: ['www.*', '*.example.com', example.com, '*-bar.Foo.com', 'foo-*', 'a*b:8080']\n"
	"    routes: [{match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: v2, weight: 3}]}}}]\n"
	"clusters:\n"
	"- name: v1\n"
	"  circuit_breakers: {max_connections: 1024}\n"
	"  endpoints:\n"
	"  - {address: {address: 127.0.0.1, port_value: 8001}, weight: 128}\n"
	"  - {address: {address: '::1', port_value: 8001}, weight: 0}\n"
	"- name: v2\n"
	"  lb_policy: RANDOM\n"
	"  circuit_breakers: {}\n"
	"  endpoints: [{address: {address: 127.0.0.1, port_value: 8002}, weight: 1}]\n"
	"- name: db\n"
	"  lb_policy: LEAST_REQUEST\n"
	"  endpoints:\n"
	"  - {address: {address: '2001:DB8::1', port_value: 3307}, weight: 7}\n"
	"  - {address: {address: '::ffff:10.0.0.1', port_value: 3307}}\n"
	"- name: idle\n";

static struct tu_mesh mesh;

FIXTURE(dump) {
	char dir[64];
	char path[5][96];
};

enum { ORIG, EXPORT1, EXPORT2, TABLES_ORIG, TABLES_EXPORT };

FIXTURE_SETUP(dump)
{
	static const char *const names[] = {
		"orig.yaml", "export1.yaml", "export2.yaml", "orig.tables",
		"export.tables",
	};
	int i;

	ASSERT_TRUE(mesh.loaded);
	snprintf(self->dir, sizeof(self->dir), "/tmp/kmesh-dump-%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0700));
	for (i = 0; i < 5; i++)
		snprintf(self->path[i], sizeof(self->path[i]), "%s/%s",
			 self->dir, names[i]);
	ASSERT_EQ(0, tu_write_file(self->path[ORIG], config));
}

FIXTURE_TEARDOWN(dump)
{
	int i;

	for (i = 0; i < 5; i++)
		unlink(self->path[i]);
	rmdir(self->dir);
}

/* kmeshctl compile FILE >out (compile takes no --bpffs); its exit
 * status, -1 if it did not run. */
static int compile(const char *file, const char *out)
{
	const char *args[] = { "compile", file, NULL };

	return tu_kmeshctl_argv(out, args);
}

/* Whether files a and b hold the same non-empty text; logs both if not. */
static int same_file(struct __test_metadata *_metadata, const char *a,
		     const char *b)
{
	char *x = tu_read_file(a), *y = tu_read_file(b);
	int same = x && y && *x && !strcmp(x, y);

	if (!same)
		TH_LOG("%s:\n%s\n%s:\n%s", a, x ? x : "(unreadable)", b,
		       y ? y : "(unreadable)");
	free(x);
	free(y);
	return same;
}

/* Runs first: the data plane is loaded, nothing applied yet. */
TEST_F_TIMEOUT(dump, nothing_applied, 120)
{
	char *err;

	ASSERT_EQ(3, tu_kmeshctl_out(self->path[EXPORT1], mesh.bpffs, "export",
				     NULL, NULL));
	err = tu_read_file(self->path[EXPORT1]);
	ASSERT_NE(NULL, err);
	EXPECT_NE(NULL, strstr(err, "no config applied"));
	free(err);
}

TEST_F_TIMEOUT(dump, export_apply_export, 300)
{
	char *stats;

	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->path[ORIG], NULL));
	ASSERT_EQ(0, tu_kmeshctl_out(self->path[EXPORT1], mesh.bpffs, "export",
				     NULL, NULL));
	ASSERT_EQ(0, tu_kmeshctl(mesh.bpffs, "apply", self->path[EXPORT1],
				 NULL));
	ASSERT_EQ(0, tu_kmeshctl_out(self->path[EXPORT2], mesh.bpffs, "export",
				     NULL, NULL));
	EXPECT_TRUE(same_file(_metadata, self->path[EXPORT1],
			      self->path[EXPORT2]));
	/* dump without FILE is export */
	ASSERT_EQ(0, tu_kmeshctl_out(self->path[EXPORT2], mesh.bpffs, "dump",
				     NULL, NULL));
	EXPECT_TRUE(same_file(_metadata, self->path[EXPORT1],
			      self->path[EXPORT2]));
	/* the maps kept everything compile sees, names included */
	ASSERT_EQ(0, compile(self->path[ORIG], self->path[TABLES_ORIG]));
	ASSERT_EQ(0, compile(self->path[EXPORT1], self->path[TABLES_EXPORT]));
	EXPECT_TRUE(same_file(_metadata, self->path[TABLES_ORIG],
			      self->path[TABLES_EXPORT]));
	/* stats lists listeners, routes and clusters only */
	ASSERT_EQ(0, tu_kmeshctl_out(self->path[EXPORT2], mesh.bpffs, "stats",
				     NULL, NULL));
	stats = tu_read_file(self->path[EXPORT2]);
	ASSERT_NE(NULL, stats);
	EXPECT_NE(NULL, strstr(stats, "- name: \"mysql6\"\n"));
	EXPECT_NE(NULL, strstr(stats, "- name: \"rest\"\n"));
	EXPECT_NE(NULL, strstr(stats, "- name: \"idle\"\n"));
	EXPECT_EQ(NULL, strstr(stats, "internal"));	/* a filter chain */
	EXPECT_EQ(NULL, strstr(stats, "\"api\""));	/* a virtual host */
	EXPECT_EQ(NULL, strstr(stats, "\"other\""));	/* a route config */
	free(stats);
}

TU_MESH_MAIN(mesh, "dump")
